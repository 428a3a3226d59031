import Foundation
import Testing

@testable import Harness

@Suite("Welch's t-test on run medians")
struct WelchTestTests {
    // Reference values from SciPy 1.x (`scipy.stats.t.sf(t, df) * 2`, `scipy.stats.t.ppf(0.975, df)`), an
    // implementation independent of this one.
    @Test(
        "the t distribution's tail and 97.5 % quantile match published values",
        arguments: [
            (t: 2.0, df: 10.0, p: 0.07338803477074037),
            (t: 3.674234614174767, df: 4.0, p: 0.021311641132030695),
            (t: 0.0, df: 7.0, p: 1.0),
        ])
    func tail(t: Double, df: Double, p: Double) {
        #expect(abs(WelchTest.twoSidedPValue(t: t, degreesOfFreedom: df) - p) < 1e-9)
        #expect(abs(WelchTest.twoSidedPValue(t: -t, degreesOfFreedom: df) - p) < 1e-9)
    }

    @Test(
        "97.5 % quantiles",
        arguments: [
            (df: 10.0, q: 2.228138851986274), (df: 4.5, q: 2.6589123472044034),
            (df: 1.0, q: 12.706204736174707),
        ])
    func quantile(df: Double, q: Double) {
        #expect(abs(WelchTest.quantile975(degreesOfFreedom: df) - q) < 1e-6)
    }

    @Test("a hand-worked example: [1, 2, 3] against [4, 5, 6]")
    func handWorked() throws {
        // Means 2 and 5, variances 1 and 1: standard error √(1/3 + 1/3), t = 3/√(2/3), Welch's df = 4.
        let outcome = try #require(WelchTest.test(baseline: [1, 2, 3], current: [4, 5, 6]))
        #expect(outcome.difference == 3)
        #expect(abs(outcome.t - 3 / (2.0 / 3).squareRoot()) < 1e-12)
        #expect(abs(outcome.degreesOfFreedom - 4) < 1e-12)
        #expect(abs(outcome.pValue - 0.021311641132030695) < 1e-9)
        let halfWidth = WelchTest.quantile975(degreesOfFreedom: 4) * (2.0 / 3).squareRoot()
        #expect(abs(outcome.lower - (3 - halfWidth)) < 1e-9 && abs(outcome.upper - (3 + halfWidth)) < 1e-9)
    }

    @Test("fewer than two runs a side: no test; constant sides: p 1 when equal, 0 when not")
    func degenerate() throws {
        #expect(WelchTest.test(baseline: [1], current: [1, 2]) == nil)
        #expect(WelchTest.test(baseline: [1, .nan], current: [1, 2]) == nil)
        let equal = try #require(WelchTest.test(baseline: [5, 5], current: [5, 5, 5]))
        #expect(equal.pValue == 1 && equal.lower == 0 && equal.upper == 0)
        let different = try #require(WelchTest.test(baseline: [5, 5], current: [6, 6]))
        #expect(different.pValue == 0 && different.lower == 1)
    }
}

@Suite("Yuen's trimmed t-test on run medians")
struct YuenTestTests {
    // Reference: SciPy 1.17 `scipy.stats.ttest_ind(current, baseline, equal_var=False, trim=0.2)` and its
    // `confidence_interval(0.95)` — 8 runs trim 1 from each end, 10 runs trim 2.
    @Test("matches SciPy's trimmed t on a side with an outlier run")
    func matchesSciPy() throws {
        let baseline: [Double] = [101, 97, 103, 99, 100, 98, 102, 250]
        let current: [Double] = [108, 111, 105, 109, 107, 112, 106, 110, 104, 300]
        let trimmed = (
            baseline: WelchTest.trimCount(runs: baseline.count, fraction: 0.2, minimumRuns: 8),
            current: WelchTest.trimCount(runs: current.count, fraction: 0.2, minimumRuns: 8)
        )
        #expect(trimmed == (1, 2))
        let outcome = try #require(WelchTest.test(baseline: baseline, current: current, trimmed: trimmed))
        #expect(abs(outcome.difference - 8) < 1e-12)
        #expect(abs(outcome.t - 5.146140167221414) < 1e-9)
        #expect(abs(outcome.degreesOfFreedom - 9.71131639722864) < 1e-9)
        #expect(abs(outcome.pValue - 0.00047626178012668316) < 1e-9)
        #expect(abs(outcome.lower - 4.522209615906032) < 1e-6 && abs(outcome.upper - 11.477790384093968) < 1e-6)
        #expect(outcome.trimmedPerEnd == [1, 2])
        // Untrimmed, the two outlier runs decide: the difference of plain means is dominated by them.
        let welch = try #require(WelchTest.test(baseline: baseline, current: current))
        #expect(welch.trimmedPerEnd == [0, 0])
        #expect(welch.upper - welch.lower > 10 * (outcome.upper - outcome.lower))
    }

    @Test(
        "trimming starts at the minimum number of runs and always leaves two",
        arguments: [
            (runs: 5, fraction: 0.2, minimum: 8, expected: 0), (runs: 8, fraction: 0.2, minimum: 8, expected: 1),
            (runs: 10, fraction: 0.2, minimum: 8, expected: 2), (runs: 30, fraction: 0.0, minimum: 8, expected: 0),
            (runs: 4, fraction: 0.49, minimum: 2, expected: 1), (runs: 3, fraction: 0.49, minimum: 2, expected: 0),
        ])
    func trimCount(runs: Int, fraction: Double, minimum: Int, expected: Int) {
        #expect(WelchTest.trimCount(runs: runs, fraction: fraction, minimumRuns: minimum) == expected)
    }

    @Test("a verdict over 10 runs a side: one run slowed throughout is trimmed, not called a change")
    func outlierRun() {
        let base: [[Double]] = (0..<10).map { run in
            let level = 100.0 + Double(run % 5)
            return [level, level + 1]
        }
        var now: [[Double]] = (0..<10).map { run in
            let level = 100.5 + Double((run + 2) % 5)
            return [level, level + 1]
        }
        now[3] = [300, 310]
        var rule = TimedRule()
        let trimmed = TimedOutcome.compare(baselineRuns: base, currentRuns: now, floor: 2, rule: rule)
        #expect(trimmed.verdict == .noChange, "\(trimmed.reason)")
        #expect(trimmed.reason.contains("Yuen"))
        rule.runTrim = 0
        let plain = TimedOutcome.compare(baselineRuns: base, currentRuns: now, floor: 2, rule: rule)
        #expect(plain.verdict == .inconclusive, "\(plain.reason)")
        #expect(plain.reason.contains("Welch"))
    }
}

/// Simulated measurements with the structure of real ones: every run has its own offset (its process's memory
/// layout, its neighbours), and within a run the pairs scatter around that run's level.
struct ClusteredRuns {
    var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    /// A standard normal value (Box–Muller).
    mutating func normal() -> Double {
        let u1 = (Double(random.next() >> 11) + 0.5) / Double(1 << 53)
        let u2 = Double(random.next() >> 11) / Double(1 << 53)
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    /// `runs` runs of `pairs` samples around `centre`: relative run-to-run spread `between` (standard deviation),
    /// relative spread of the pairs within a run `within`.
    mutating func side(centre: Double, runs: Int, pairs: Int, between: Double, within: Double) -> [[Double]] {
        (0..<runs).map { _ in
            let level = centre * (1 + between * normal())
            return (0..<pairs).map { _ in level * (1 + within * normal()) }
        }
    }
}

@Suite("Timed verdicts over several runs per side")
struct RunLevelVerdictTests {
    /// Verdict counts over `comparisons` simulated comparisons.
    static func verdicts(
        comparisons: Int, runs: Int, shift: Double, between: Double, seed: UInt64
    ) -> [Verdict: Int] {
        var generator = ClusteredRuns(seed: seed)
        var counts: [Verdict: Int] = [:]
        let rule = TimedRule()
        for _ in 0..<comparisons {
            let base = generator.side(centre: 200, runs: runs, pairs: 20, between: between, within: 0.05)
            let now = generator.side(centre: 200 * (1 + shift), runs: runs, pairs: 20, between: between, within: 0.05)
            let outcome = TimedOutcome.compare(baselineRuns: base, currentRuns: now, floor: 2, rule: rule)
            counts[outcome.verdict, default: 0] += 1
        }
        return counts
    }

    // What the rule gives, by simulation of this model (Python, 2,000 comparisons each; α 5 %, E 10 %, R 15 %):
    // runs a side × run spread σ → A/A no change, A/A faster or slower, +30 % slower
    //   3 × 5 %: 99.3 %, 0.5 %, 96 %      5 × 5 %: 99.6 %, 0.4 %, 100 %     5 × 10 %: 95 %, 4 %, 92 %
    //   8 × 10 %: 97 %, 3 %, 99.7 %       8 × 14 %: 94 %, 5 %, 93 %
    // The more the runs differ, the more runs a side a verdict needs.
    @Test("A/A with runs that differ by 5 % (σ): five runs a side say no change in ≥ 95 %, rarely faster or slower")
    func aaWithRuns() {
        let counts = Self.verdicts(comparisons: 400, runs: 5, shift: 0, between: 0.05, seed: 11)
        #expect(counts[.noChange, default: 0] >= 380, "\(counts)")
        #expect(counts[.slower, default: 0] + counts[.faster, default: 0] <= 8, "\(counts)")
    }

    @Test("A/A with one run a side and runs that differ by 10 %: the pairs do not see the spread, far below 95 %")
    func aaWithOneRun() {
        let counts = Self.verdicts(comparisons: 400, runs: 1, shift: 0, between: 0.10, seed: 12)
        #expect(counts[.noChange, default: 0] < 360, "\(counts)")
    }

    @Test("+30 % with runs that differ by 5 % (σ): slower in ≥ 95 % with five runs a side")
    func injectedWithRuns() {
        let counts = Self.verdicts(comparisons: 400, runs: 5, shift: 0.30, between: 0.05, seed: 13)
        #expect(counts[.slower, default: 0] >= 380, "\(counts)")
    }

    // "Never" holds where the change is well below the minimum effect *and* the runs' own spread: with runs that
    // differ by 5 %, a +2 % change looks like +12 % in about one comparison in a hundred, and is then called so.
    @Test("+2 % with runs that differ by 1 % (a calibrated, CPU-bound sink) is never slower, with runs or pairs")
    func smallShift() {
        for runs in [1, 3, 5] {
            let counts = Self.verdicts(comparisons: 100, runs: runs, shift: 0.02, between: 0.01, seed: 14)
            #expect(counts[.slower, default: 0] == 0, "\(runs) runs: \(counts)")
        }
    }

    /// Like ``verdicts(comparisons:runs:shift:between:seed:)``, but a run is slowed throughout (3×) with
    /// probability `outliers` — a neighbour on the machine taking the memory bandwidth for a whole run.
    static func verdictsWithOutliers(
        comparisons: Int, runs: Int, shift: Double, outliers: Double, rule: TimedRule, seed: UInt64
    ) -> [Verdict: Int] {
        var generator = ClusteredRuns(seed: seed)
        var counts: [Verdict: Int] = [:]
        func side(centre: Double) -> [[Double]] {
            generator.side(centre: centre, runs: runs, pairs: 20, between: 0.05, within: 0.05).map { run in
                let slowed = Double(generator.random.next() >> 11) / Double(1 << 53) < outliers
                return slowed ? run.map { $0 * 3 } : run
            }
        }
        for _ in 0..<comparisons {
            let base = side(centre: 200)
            let now = side(centre: 200 * (1 + shift))
            counts[
                TimedOutcome.compare(baselineRuns: base, currentRuns: now, floor: 2, rule: rule).verdict, default: 0] +=
                1
        }
        return counts
    }

    // Python simulation of the same model (2,000 comparisons, 10 runs a side, σ 5 %, 12 % of runs slowed 3×):
    // A/A `no change`: Welch's t 9 %, Yuen's 20 %-trimmed t 80 %; +30 % `slower`: 17 % and 79 %; the rest
    // `inconclusive`.
    @Test("runs slowed throughout by a neighbour: trimming keeps A/A at no change and still finds +30 %")
    func outlierRuns() {
        var welch = TimedRule()
        welch.runTrim = 0
        let yuen = TimedRule()
        let aaWelch = Self.verdictsWithOutliers(
            comparisons: 300, runs: 10, shift: 0, outliers: 0.12, rule: welch, seed: 21)
        let aaYuen = Self.verdictsWithOutliers(
            comparisons: 300, runs: 10, shift: 0, outliers: 0.12, rule: yuen, seed: 21)
        #expect(aaYuen[.noChange, default: 0] >= 3 * aaWelch[.noChange, default: 0], "\(aaYuen) \(aaWelch)")
        #expect(aaYuen[.noChange, default: 0] >= 210, "\(aaYuen)")
        #expect(aaYuen[.slower, default: 0] + aaYuen[.faster, default: 0] <= 9, "\(aaYuen)")
        let injected = Self.verdictsWithOutliers(
            comparisons: 300, runs: 10, shift: 0.30, outliers: 0.12, rule: yuen, seed: 22)
        #expect(injected[.slower, default: 0] >= 200, "\(injected)")
        #expect(injected[.faster, default: 0] == 0, "\(injected)")
    }

    @Test("with two runs or more on both sides the run medians decide; with one the pooled pairs do")
    func analysisChoice() throws {
        let base = [[100.0, 101, 99], [110, 111, 109]]
        let now = [[105.0, 106, 104], [115, 116, 114]]
        let runs = TimedOutcome.compare(baselineRuns: base, currentRuns: now, floor: 2, rule: TimedRule())
        let welch = try #require(runs.runTest)
        #expect(runs.runs == [2, 2])
        #expect(welch.difference == 5)
        #expect(runs.baselineMedian == 105 && runs.currentMedian == 110)
        #expect(runs.pValue == welch.pValue)
        #expect(runs.reason.contains("2 and 2 runs"))
        let pooled = TimedOutcome.compare(
            baselineRuns: [base.flatMap { $0 }], currentRuns: now, floor: 2, rule: TimedRule())
        #expect(pooled.runTest == nil)
        #expect(pooled.runs == [1, 2])
        #expect(pooled.baselineSamples == 6 && pooled.currentSamples == 6)
    }
}
