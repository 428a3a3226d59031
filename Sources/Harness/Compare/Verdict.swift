import Foundation

/// What a comparison concluded about one figure.
public enum Verdict: String, Sendable, Codable, CaseIterable {
    /// Lower (better) by at least the minimum effect, and the rank test and the interval agree.
    case faster
    /// Higher (worse) by at least the minimum effect, and the rank test and the interval agree. For an exact
    /// figure: worse than the baseline beyond its tolerance (a changed event-stream hash is `slower`).
    case slower
    /// No change that matters: the interval of the change lies within the equivalence margin (twice the minimum
    /// effect plus the run-to-run allowance) and no change of the minimum effect was shown (timed), or equal within
    /// the tolerance (exact).
    case noChange = "no change"
    /// The data cannot tell: too few samples for the rank test, an interval too wide to rule out a change that
    /// matters, or a figure present on one side only.
    case inconclusive
}

/// The decision rule for timed figures (nanoseconds or ratios, where higher is worse).
public struct TimedRule: Sendable, Codable, Equatable {
    /// Significance level of the two-sided Mann–Whitney U test.
    public var alpha: Double = 0.05
    /// The smallest change that counts, as a fraction of the baseline's median (0.10 = 10 %).
    public var minimumEffect: Double = 0.10
    /// The smallest change that counts in nanoseconds, for figures in nanoseconds (the larger of the two wins).
    public var minimumEffectNanoseconds: Double = 2
    /// The smallest change that counts for ratio figures (× atomic add), in ratio units.
    public var minimumEffectRatio: Double = 0.05
    /// "No change" needs the whole interval of the change within ± this many minimum effects.
    public var equivalenceFactor: Double = 2
    /// Allowance for run-to-run variation, as a fraction of the baseline's median: the pairs of one run share
    /// that run's process (its memory layout, its neighbours on the machine), so two runs of the same build differ
    /// by more than their pairs say — measured here up to ±28 % on memory-bound sinks, with intervals of ±10 %.
    /// The interval of the change is widened by ± this much, and "no change" allows it too.
    public var runNoise: Double = 0.15
    /// Bootstrap resamples for the interval of the change.
    public var resamples: Int = Bootstrap.defaultResamples
    /// With several runs a side: the fraction of runs trimmed from each end of a side (Yuen's trimmed t) once it
    /// has ``trimFromRuns`` runs; 0 keeps Welch's test on every run.
    public var runTrim: Double = 0.2
    /// Sides with fewer runs are not trimmed (with 5 runs, trimming one from each end leaves too few to judge).
    public var trimFromRuns: Int = 8

    /// The default rule.
    public init() {}

    /// The test of several runs a side, in words: "Welch's t on the run medians (Yuen's 20 %-trimmed t from 8 runs
    /// a side)".
    public var runTestDescription: String {
        "Welch's t on the run medians"
            + (runTrim > 0
                ? " (Yuen's \(Formatting.percent(runTrim))-trimmed t from \(trimFromRuns) runs a side)" : "")
    }
}

/// One timed figure compared: the samples' medians, the change with its interval, the test and the verdict.
///
/// Two analyses, chosen by the number of runs per side:
/// - **pairs** (a side has one run): the samples are the interleaved pairs, pooled; the Mann–Whitney U test and a
///   bootstrap interval of the change of medians, widened by the run-to-run allowance (``TimedRule/runNoise``),
///   because pairs of one run cannot show how much two runs differ.
/// - **runs** (both sides have two runs or more): one value per run (the median of its samples); Welch's t-test
///   and its 95 % interval of the change of means — of 20 %-trimmed means (Yuen's test) once a side has 8 runs,
///   so that a run a neighbour slowed throughout cannot decide alone. The variation between runs is then measured,
///   so the interval is not widened.
public struct TimedOutcome: Sendable, Codable, Equatable {
    /// The centre of each side: the median of the pooled samples (pairs analysis) or the (trimmed) mean of the run
    /// medians (runs analysis).
    public var baselineMedian, currentMedian: Double
    /// Samples per side (all runs together).
    public var baselineSamples, currentSamples: Int
    /// `current − baseline` of the centres, with its 95 % interval.
    public var change: Bootstrap.Interval
    /// `current / baseline` of the medians with its interval, when both medians are positive (pairs analysis).
    public var ratio: Bootstrap.Interval?
    /// The rank test on the pooled samples (`nil` when a side is empty).
    public var test: MannWhitney.Outcome?
    /// Welch's (or Yuen's trimmed) t-test on the run medians (`nil` unless both sides have two runs or more).
    public var runTest: WelchTest.Outcome? = nil
    /// Runs with samples per side, `[baseline, current]`.
    public var runs: [Int] = []
    /// The minimum effect applied, in the figure's unit.
    public var minimumEffect: Double
    /// The verdict.
    public var verdict: Verdict
    /// Why, in words.
    public var reason: String

    /// The p-value the verdict used: Welch's on the runs when there, else Mann–Whitney's on the pairs.
    public var pValue: Double? { runTest?.pValue ?? test?.pValue }

    /// Compares the runs of `current` against the runs of `baseline` (each run's samples) under `rule`; `floor`
    /// is the absolute minimum effect in the figure's unit. With two runs or more on each side the runs are the
    /// samples (Welch's t on their medians); otherwise every sample is pooled (see
    /// ``compare(baseline:current:floor:rule:)``). Non-finite samples are dropped first.
    public static func compare(baselineRuns: [[Double]], currentRuns: [[Double]], floor: Double, rule: TimedRule)
        -> TimedOutcome
    {
        let baseRuns = baselineRuns.map { $0.filter(\.isFinite) }.filter { !$0.isEmpty }
        let nowRuns = currentRuns.map { $0.filter(\.isFinite) }.filter { !$0.isEmpty }
        guard baseRuns.count >= 2, nowRuns.count >= 2 else {
            var outcome = compare(
                baseline: baseRuns.flatMap { $0 }, current: nowRuns.flatMap { $0 }, floor: floor, rule: rule)
            outcome.runs = [baseRuns.count, nowRuns.count]
            return outcome
        }
        let baseValues = baseRuns.map(Statistics.median)
        let nowValues = nowRuns.map(Statistics.median)
        let trimmed = (
            baseline: WelchTest.trimCount(
                runs: baseValues.count, fraction: rule.runTrim, minimumRuns: rule.trimFromRuns),
            current: WelchTest.trimCount(runs: nowValues.count, fraction: rule.runTrim, minimumRuns: rule.trimFromRuns)
        )
        let baseCentre = Statistics.trimmedMean(baseValues, trimmed: trimmed.baseline)
        let nowCentre = Statistics.trimmedMean(nowValues, trimmed: trimmed.current)
        let effect = max(rule.minimumEffect * abs(baseCentre), floor)
        let welch = WelchTest.test(baseline: baseValues, current: nowValues, trimmed: trimmed)
        var outcome = TimedOutcome(
            baselineMedian: baseCentre, currentMedian: nowCentre, baselineSamples: baseRuns.joined().count,
            currentSamples: nowRuns.joined().count,
            change: Bootstrap.Interval(
                estimate: nowCentre - baseCentre, lower: welch?.lower ?? -.infinity, upper: welch?.upper ?? .infinity),
            ratio: nil, test: MannWhitney.test(baseRuns.flatMap { $0 }, nowRuns.flatMap { $0 }), runTest: welch,
            runs: [baseRuns.count, nowRuns.count], minimumEffect: effect, verdict: .inconclusive, reason: "")
        let margin = rule.equivalenceFactor * effect + rule.runNoise * abs(baseCentre)
        outcome.decide(pValue: welch?.pValue ?? 1, alpha: rule.alpha, margin: margin, rule: rule)
        let test =
            trimmed == (0, 0)
            ? "Welch's t on the run medians"
            : "Yuen's t on the run medians (trimmed \(trimmed.baseline) and \(trimmed.current) from each end)"
        outcome.reason = "\(baseRuns.count) and \(nowRuns.count) runs, \(test): " + outcome.reason
        return outcome
    }

    /// Compares `current` against `baseline` (the pooled samples of one run or more per side) under `rule`;
    /// `floor` is the absolute minimum effect in the figure's unit. Non-finite samples are dropped first (and so
    /// cannot decide a verdict).
    public static func compare(baseline: [Double], current: [Double], floor: Double, rule: TimedRule) -> TimedOutcome {
        let base = baseline.filter(\.isFinite)
        let now = current.filter(\.isFinite)
        let baseMedian = Statistics.median(base)
        let nowMedian = Statistics.median(now)
        let effect = max(rule.minimumEffect * abs(baseMedian), floor)
        let intervals = Bootstrap.medianChange(baseline: base, current: now, resamples: rule.resamples)
        var outcome = TimedOutcome(
            baselineMedian: baseMedian, currentMedian: nowMedian, baselineSamples: base.count,
            currentSamples: now.count,
            change: intervals?.difference
                ?? Bootstrap.Interval(estimate: nowMedian - baseMedian, lower: -.infinity, upper: .infinity),
            ratio: intervals?.ratio, test: MannWhitney.test(base, now), minimumEffect: effect,
            verdict: .inconclusive, reason: "")
        let smallest = MannWhitney.smallestPValue(n1: base.count, n2: now.count)
        guard let test = outcome.test, smallest < rule.alpha else {
            outcome.reason =
                "too few samples (\(base.count) and \(now.count)): the rank test cannot reach p < \(rule.alpha)"
            return outcome
        }
        let allowance = rule.runNoise * abs(baseMedian)
        outcome.change.lower -= allowance
        outcome.change.upper += allowance
        let margin = rule.equivalenceFactor * effect + allowance
        outcome.decide(pValue: test.pValue, alpha: rule.alpha, margin: margin, rule: rule)
        return outcome
    }

    /// The decision rule shared by both analyses (docs/comparing-runs.md): `slower`/`faster` when the test is
    /// significant, the interval excludes 0 and the change is at least the minimum effect; `no change` when the
    /// interval lies within ±`margin` and no change of the minimum effect was shown; otherwise `inconclusive`.
    private mutating func decide(pValue: Double, alpha: Double, margin: Double, rule: TimedRule) {
        let significant = pValue < alpha
        let effect = minimumEffect
        if significant && change.lower > 0 && change.estimate >= effect {
            verdict = .slower
            reason = "p = \(Self.short(pValue)) and the change is at least the minimum effect"
        } else if significant && change.upper < 0 && change.estimate <= -effect {
            verdict = .faster
            reason = "p = \(Self.short(pValue)) and the change is at least the minimum effect"
        } else if change.lower >= -margin && change.upper <= margin && !(significant && abs(change.estimate) >= effect)
        {
            verdict = .noChange
            reason =
                "the interval of the change lies within ±\(Self.short(rule.equivalenceFactor)) minimum effects "
                + "and the run-to-run allowance"
        } else {
            verdict = .inconclusive
            reason =
                significant
                ? "p = \(Self.short(pValue)) but the change and its interval disagree with the minimum effect"
                : "p = \(Self.short(pValue)); the interval of the change is too wide to rule out a change that matters"
        }
    }

    private static func short(_ value: Double) -> String {
        value >= 0.001 || value == 0 ? String(format: "%.3g", value) : String(format: "%.1e", value)
    }
}
