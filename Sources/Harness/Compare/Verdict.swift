import Foundation

/// What a comparison concluded about one figure.
public enum Verdict: String, Sendable, Codable, CaseIterable {
    /// Lower (better) by at least the minimum effect, and the rank test and the interval agree.
    case faster
    /// Higher (worse) by at least the minimum effect, and the rank test and the interval agree. For an exact
    /// figure: worse than the baseline beyond its tolerance (a changed event-stream hash is `slower`).
    case slower
    /// No change of the minimum effect: the interval of the change lies within ± twice the minimum effect and
    /// its estimate below the minimum effect (timed), or equal within the tolerance (exact).
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

    /// The default rule.
    public init() {}
}

/// One timed figure compared: the samples' medians, the change with its interval, the test and the verdict.
public struct TimedOutcome: Sendable, Codable, Equatable {
    /// Median of the baseline's samples and of the current samples.
    public var baselineMedian, currentMedian: Double
    /// Samples per side.
    public var baselineSamples, currentSamples: Int
    /// `current − baseline` of the medians, with its 95 % bootstrap interval.
    public var change: Bootstrap.Interval
    /// `current / baseline` of the medians with its interval, when both medians are positive.
    public var ratio: Bootstrap.Interval?
    /// The rank test (`nil` when a side is empty).
    public var test: MannWhitney.Outcome?
    /// The minimum effect applied, in the figure's unit.
    public var minimumEffect: Double
    /// The verdict.
    public var verdict: Verdict
    /// Why, in words.
    public var reason: String

    /// Compares `current` against `baseline` under `rule`; `floor` is the absolute minimum effect in the
    /// figure's unit. Non-finite samples are dropped first (and so cannot decide a verdict).
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
        let change = outcome.change
        let margin = rule.equivalenceFactor * effect + allowance
        let significant = test.pValue < rule.alpha
        if significant && change.lower > 0 && change.estimate >= effect {
            outcome.verdict = .slower
            outcome.reason = "p = \(short(test.pValue)) and the change is at least the minimum effect"
        } else if significant && change.upper < 0 && change.estimate <= -effect {
            outcome.verdict = .faster
            outcome.reason = "p = \(short(test.pValue)) and the change is at least the minimum effect"
        } else if abs(change.estimate) < effect && change.lower >= -margin && change.upper <= margin {
            outcome.verdict = .noChange
            outcome.reason =
                "the interval of the change lies within ±\(short(rule.equivalenceFactor)) minimum effects "
                + "and the run-to-run allowance"
        } else {
            outcome.reason =
                significant
                ? "p = \(short(test.pValue)) but the change and its interval disagree with the minimum effect"
                : "p = \(short(test.pValue)); the interval of the change is too wide to rule out a change that matters"
        }
        return outcome
    }

    private static func short(_ value: Double) -> String {
        value >= 0.001 || value == 0 ? String(format: "%.3g", value) : String(format: "%.1e", value)
    }
}
