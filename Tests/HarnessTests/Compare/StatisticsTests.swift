import Foundation
import Testing

@testable import Harness

@Suite("Mann–Whitney U and the bootstrap on hand-made samples with known answers")
struct RankTestTests {
    @Test("all of one sample below the other: U = 0, exact p = 2 / C(10, 5) = 2/252")
    func separatedSamples() throws {
        let outcome = try #require(MannWhitney.test([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]))
        #expect(outcome.u == 0)
        #expect(outcome.exact)
        #expect(abs(outcome.pValue - 2.0 / 252) < 1e-12)
        // The other way round: U = n1·n2 = 25, the same p.
        let reversed = try #require(MannWhitney.test([6, 7, 8, 9, 10], [1, 2, 3, 4, 5]))
        #expect(reversed.u == 25)
        #expect(abs(reversed.pValue - 2.0 / 252) < 1e-12)
    }

    @Test("interleaved 1,3,5 against 2,4,6: U = 3; of the 20 orderings 7 give U ≤ 3, so p = 2·7/20 = 0.7")
    func interleavedSamples() throws {
        let outcome = try #require(MannWhitney.test([1, 3, 5], [2, 4, 6]))
        #expect(outcome.u == 3)
        #expect(abs(outcome.pValue - 0.7) < 1e-12)
        #expect(MannWhitney.exactCounts(n1: 3, n2: 3) == [1, 1, 2, 3, 3, 3, 3, 2, 1, 1])
    }

    @Test("identical samples: U = n1·n2 / 2 and p = 1")
    func identicalSamples() throws {
        let sample: [Double] = [3, 1, 4, 1.5, 9, 2.6]
        let outcome = try #require(MannWhitney.test(sample, sample))
        #expect(outcome.u == 18)
        #expect(outcome.pValue == 1)
    }

    @Test("ties: midranks and the tie-corrected normal approximation")
    func tiedSamples() throws {
        // Ranks of 1,2,2,2,3,3,3,4,5 are 1, 3,3,3, 6,6,6, 8, 9; the first sample's rank sum is 1+3+3+6 = 13, so
        // U = 13 − 4·5/2 = 3. Variance = 20/12 · (10 − (24 + 24)/(9·8)) = 15.556; z = (|3 − 10| − ½)/3.944.
        let outcome = try #require(MannWhitney.test([1, 2, 2, 3], [2, 3, 3, 4, 5]))
        #expect(outcome.u == 3)
        #expect(!outcome.exact)
        let variance = 20.0 / 12 * (10 - 48.0 / 72)
        let z = 6.5 / variance.squareRoot()
        #expect(abs(outcome.pValue - erfc(z / 2.0.squareRoot())) < 1e-12)
        #expect(abs(outcome.pValue - 0.09934) < 1e-4)
    }

    @Test("large samples use the normal approximation; a shift of the whole sample is found")
    func largeSamples() throws {
        let first = (0..<30).map { 10 + Double($0) * 0.5 }
        let second = (0..<30).map { 12 + Double($0) * 0.5 }
        let outcome = try #require(MannWhitney.test(first, second))
        #expect(!outcome.exact)
        // 4 of 30 steps overlap: U = Σ over pairs first > second.
        #expect(outcome.u == 338)
        #expect(abs(outcome.pValue - 0.0991) < 1e-3)
        let far = try #require(MannWhitney.test(first, first.map { $0 + 100 }))
        #expect(far.pValue < 1e-9)
    }

    @Test("empty or non-finite samples give no test; three per side can never reach p < 0.05")
    func degenerateSamples() {
        #expect(MannWhitney.test([], [1, 2]) == nil)
        #expect(MannWhitney.test([1, .nan], [1, 2]) == nil)
        #expect(abs(MannWhitney.smallestPValue(n1: 3, n2: 3) - 0.1) < 1e-12)
        #expect(MannWhitney.smallestPValue(n1: 4, n2: 4) < 0.05)
    }

    @Test("bootstrap of identical samples: the change is centred on 0 and the ratio on 1")
    func bootstrapIdentical() throws {
        let sample = (0..<25).map { 100 + Double(($0 * 7) % 11) }
        let change = try #require(Bootstrap.medianChange(baseline: sample, current: sample))
        #expect(change.difference.estimate == 0)
        #expect(change.difference.lower <= 0 && change.difference.upper >= 0)
        let ratio = try #require(change.ratio)
        #expect(ratio.estimate == 1)
        #expect(ratio.lower <= 1 && ratio.upper >= 1)
        // Centred: neither bound is more than twice as far from 1 as the other.
        let below = 1 - ratio.lower
        let above = ratio.upper - 1
        #expect(below <= 2 * above + 1e-12 && above <= 2 * below + 1e-12)
    }

    @Test("bootstrap of a shifted sample: the interval holds the shift and excludes 0; the seed repeats it")
    func bootstrapShift() throws {
        let sample = (0..<25).map { 100 + Double(($0 * 7) % 11) }
        let shifted = sample.map { $0 + 50 }
        let change = try #require(Bootstrap.medianChange(baseline: sample, current: shifted))
        #expect(change.difference.estimate == 50)
        #expect(change.difference.lower > 0 && change.difference.lower <= 50 && change.difference.upper >= 50)
        let again = try #require(Bootstrap.medianChange(baseline: sample, current: shifted))
        #expect(again.difference == change.difference)
        #expect(Bootstrap.medianChange(baseline: [], current: shifted) == nil)
    }
}

@Suite("The verdict rule for timed figures")
struct TimedRuleTests {
    /// 20 hand-made values around `centre` spread ±5 (a fixed pattern, no randomness).
    static func sample(_ centre: Double, offset: Int = 0) -> [Double] {
        (0..<20).map { centre + Double((($0 + offset) * 7) % 11) - 5 }
    }

    @Test("the same figure against itself is no change")
    func sameFigure() {
        let outcome = TimedOutcome.compare(
            baseline: Self.sample(200), current: Self.sample(200, offset: 3), floor: 2, rule: TimedRule())
        #expect(outcome.verdict == .noChange)
        #expect(outcome.minimumEffect == 20)
    }

    @Test("+30 % is slower, −30 % is faster")
    func largeChanges() {
        let slower = TimedOutcome.compare(
            baseline: Self.sample(200), current: Self.sample(260), floor: 2, rule: TimedRule())
        #expect(slower.verdict == .slower)
        #expect(slower.change.lower > 0)
        let faster = TimedOutcome.compare(
            baseline: Self.sample(260), current: Self.sample(200), floor: 2, rule: TimedRule())
        #expect(faster.verdict == .faster)
    }

    @Test("+2 % is real (the test finds it) but below the minimum effect: never slower")
    func smallChange() {
        let outcome = TimedOutcome.compare(
            baseline: Self.sample(200), current: Self.sample(204), floor: 2, rule: TimedRule())
        #expect(outcome.verdict != .slower)
        #expect(outcome.verdict == .noChange)
    }

    @Test("a +12 % shift with tight pairs is slower only without the 15 % run-to-run allowance")
    func runToRunAllowance() {
        var rule = TimedRule()
        let base = (0..<200).map { 40 + Double(($0 * 7) % 11) * 0.2 - 1 }
        let shifted = base.map { $0 * 1.12 }
        rule.runNoise = 0
        #expect(TimedOutcome.compare(baseline: base, current: shifted, floor: 2, rule: rule).verdict == .slower)
        rule.runNoise = 0.15
        let allowed = TimedOutcome.compare(baseline: base, current: shifted, floor: 2, rule: rule)
        #expect(allowed.verdict == .inconclusive)
        // The interval shown is the widened one: ± 15 % of the baseline's median around the bootstrap's.
        #expect(allowed.change.lower < 4.8 - 0.15 * 40 + 1 && allowed.change.upper > 4.8 + 0.15 * 40 - 1)
    }

    @Test("three samples per side cannot decide: inconclusive, whatever the values")
    func tooFewSamples() {
        let outcome = TimedOutcome.compare(baseline: [1, 2, 3], current: [100, 200, 300], floor: 2, rule: TimedRule())
        #expect(outcome.verdict == .inconclusive)
        #expect(outcome.reason.contains("too few samples"))
    }

    @Test("noise much wider than the figure is inconclusive, not no change")
    func noisyFigure() {
        let base = (0..<10).map { Double((($0 * 7) % 11) - 5) * 60 }
        let current = (0..<10).map { Double((($0 * 5) % 11) - 5) * 60 + 10 }
        let outcome = TimedOutcome.compare(baseline: base, current: current, floor: 2, rule: TimedRule())
        #expect(outcome.verdict == .inconclusive)
    }
}
