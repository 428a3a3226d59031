import Foundation
import StatsTestSupport
import Testing

@testable import Harness

/// The fitter picks the growth the data were made with, under seeded noise.
@Suite struct GrowthFitTests {
    /// Sizes from 1 k to 1 M, four per decade.
    static let sizes: [Double] = (0...12).map { 1_000 * pow(10, Double($0) / 4) }

    /// `truth(n)` with relative noise of `noise` (normal, standard deviation) from a seeded stream.
    static func data(seed: UInt64, noise: Double, _ truth: (Double) -> Double) -> [(n: Double, y: Double)] {
        var random = SeededRandom(seed: seed)
        return sizes.map { n in (n, truth(n) * (1 + noise * random.normal())) }
    }

    @Test(arguments: [
        (GrowthModel.constant, 1 as UInt64), (.constant, 2), (.logarithmic, 3), (.logarithmic, 4), (.linear, 5),
        (.linear, 6), (.nLogN, 7), (.nLogN, 8),
    ])
    func picksTheModelTheDataWereMadeWith(model: GrowthModel, seed: UInt64) throws {
        let truth: (Double) -> Double
        switch model {
        case .constant: truth = { _ in 481 }
        case .logarithmic: truth = { n in 100 + 50 * log(n) }
        case .linear: truth = { n in 2_000 + 0.9 * n }
        case .nLogN: truth = { n in 2_000 + 0.9 * n * log(n) }
        }
        let fit = try #require(GrowthFitter.best(Self.data(seed: seed, noise: 0.03, truth)))
        #expect(fit.model == model, "chose \(fit.model) with R² \(fit.rSquared)")
    }

    @Test func linearSlopeIsRecovered() throws {
        let fit = try #require(GrowthFitter.best(Self.data(seed: 11, noise: 0.01) { 5_000 + 0.9 * $0 }))
        #expect(fit.model == .linear)
        #expect(abs(fit.b - 0.9) / 0.9 < 0.05)
        #expect(fit.rSquared > 0.95)
    }

    @Test func constantWithNoiseIsTheWeightedMean() throws {
        let points = Self.data(seed: 12, noise: 0.05) { _ in 481 }
        let fit = try #require(GrowthFitter.best(points))
        #expect(fit.model == .constant)
        #expect(abs(fit.a - 481) < 481 * 0.05)
    }

    @Test func smallGrowthBelowTheMinimumChangeIsConstant() throws {
        // 5 % across three decades: real, but too small to call growth (the rule's 10 % minimum change).
        let fit = try #require(GrowthFitter.best(Self.sizes.map { ($0, 1_000 * (1 + 0.05 * $0 / 1e6)) }))
        #expect(fit.model == .constant)
    }

    @Test func noUsablePointGivesNoFit() {
        #expect(GrowthFitter.best([]) == nil)
        #expect(GrowthFitter.best([(n: 0, y: 3), (n: 10, y: .nan)]) == nil)
    }

    @Test func crossingSolvesTheFittedCurve() throws {
        let fit = GrowthFit(model: .linear, a: 1_000, b: 2, rSquared: 1, maxRelativeDeviation: 0)
        // 1000 + 2n = 1e8 at n = 49 999 500.
        let n = try #require(GrowthFitter.crossing(of: fit, limit: 1e8))
        #expect(abs(n - 49_999_500) < 1)
        let flat = GrowthFit(model: .constant, a: 5, b: 0, rSquared: 0, maxRelativeDeviation: 0)
        #expect(GrowthFitter.crossing(of: flat, limit: 10) == nil)
    }
}

/// Two sizes cannot tell growth models apart.
@Suite struct TwoPointFitTests {
    @Test func twoSizesGiveConstantOrLinear() throws {
        let growing = try #require(GrowthFitter.best([(n: 100, y: 1_000), (n: 1_000, y: 1_500)]))
        #expect(growing.model == .linear)
        let flat = try #require(GrowthFitter.best([(n: 100, y: 1_000), (n: 1_000, y: 1_040)]))
        #expect(flat.model == .constant)
    }
}

/// Figures that grow in none of the four shapes: a power law over decades, and a flat but noisy figure.
@Suite struct GrowthOutsideTheModelsTests {
    /// y = c·n^k at 1 k, 10 k, 100 k, 1 M: what a snapshot or a scrape that walks every client (and misses the
    /// cache more as the population grows) looks like.
    static func powerLaw(_ k: Double, c: Double = 1) -> [(n: Double, y: Double)] {
        [1e3, 1e4, 1e5, 1e6].map { (n: $0, y: c * pow($0, k)) }
    }

    @Test("the exponent of a power law is recovered", arguments: [0.0, 0.5, 1.0, 1.37, 2.0])
    func exponent(k: Double) throws {
        let measured = try #require(GrowthFitter.exponent(Self.powerLaw(k, c: 42)))
        #expect(abs(measured - k) < 1e-9)
    }

    @Test("a figure that grows 12,000× over 1,000× clients is never called constant, and is flagged against linear")
    func superlinearIsNotConstant() throws {
        let points = Self.powerLaw(1.37, c: 3)
        let fit = try #require(GrowthFitter.best(points))
        #expect(fit.model != .constant, "chose \(fit.model), R² \(fit.rSquared)")
        let exponent = GrowthFitter.exponent(points)
        #expect(SweepAnalysis.worse(fit, exponent: exponent, than: .linear))
        #expect(SweepAnalysis.worse(fit, exponent: exponent, than: .constant))
        let text = SweepAnalysis.summary(.snapshot, fit, parameter: .clients, expected: .linear, exponent: exponent)
        #expect(text.contains("grows as n^1.37") && text.contains("FLAG"), "\(text)")
    }

    @Test("a linear figure is not flagged against linear; a flat figure with ±40 % noise stays constant")
    func linearAndNoisyFlat() throws {
        let linear = Self.powerLaw(1.0, c: 500)
        let fit = try #require(GrowthFitter.best(linear))
        #expect(fit.model == .linear)
        #expect(!SweepAnalysis.worse(fit, exponent: GrowthFitter.exponent(linear), than: .linear))
        // Alternating ±40 % around 50 ns: no trend, smallest to largest 2.3×, but a log–log slope near 0.
        let flat = [(n: 1e3, y: 30.0), (n: 1e4, y: 70.0), (n: 1e5, y: 30.0), (n: 1e6, y: 70.0)]
        let flatFit = try #require(GrowthFitter.best(flat))
        #expect(flatFit.model == .constant, "chose \(flatFit.model)")
    }

    @Test("timing noise at small populations is no growth; growth beyond it is still flagged")
    func noiseIsNotGrowth() throws {
        // One spike among four sizes: 30, 30, 500, 40 µs. The log–log slope is 0.16 and the largest value 17× the
        // smallest, so a growth model is chosen (the figure plainly changes), but none fits (R² far below 0.8)
        // and from the smallest size to the largest the figure grew as n^0.04: a spike, no growth.
        let spike = [(n: 1e3, y: 30_000.0), (n: 1e4, y: 30_000.0), (n: 1e5, y: 500_000.0), (n: 1e6, y: 40_000.0)]
        let spikeFit = try #require(GrowthFitter.best(spike))
        #expect(spikeFit.model != .constant && spikeFit.rSquared < GrowthFitter.minimumRSquared)
        #expect((GrowthFitter.exponent(spike) ?? 0) > GrowthFitter.minimumExponent)
        #expect(!SweepAnalysis.worse(spikeFit, exponent: GrowthFitter.exponent(spike), than: .constant, points: spike))
        // Two sizes fit a line exactly (R² 1): 30 µs → 36 µs over tenfold clients is a slope of 0.08, no flag.
        let two = [(n: 100.0, y: 30_000.0), (n: 1_000.0, y: 36_000.0)]
        let twoFit = try #require(GrowthFitter.best(two))
        #expect(twoFit.model == .linear)
        #expect(!SweepAnalysis.worse(twoFit, exponent: GrowthFitter.exponent(two), than: .constant, points: two))
        // The same two sizes, 30 µs → 300 µs: a slope of 1, flagged against constant.
        let grown = [(n: 100.0, y: 30_000.0), (n: 1_000.0, y: 300_000.0)]
        let grownFit = try #require(GrowthFitter.best(grown))
        #expect(
            SweepAnalysis.worse(grownFit, exponent: GrowthFitter.exponent(grown), than: .constant, points: grown))
        // A poor fit whose ends also grew (30 → 50 → 40 → 400 µs: slope 0.37 end to end) is flagged.
        let jumpy = [(n: 1e3, y: 30_000.0), (n: 1e4, y: 50_000.0), (n: 1e5, y: 40_000.0), (n: 1e6, y: 400_000.0)]
        let jumpyFit = try #require(GrowthFitter.best(jumpy))
        #expect(
            SweepAnalysis.worse(jumpyFit, exponent: GrowthFitter.exponent(jumpy), than: .constant, points: jumpy))
    }

    @Test("a time must change by more than 2× between the smallest and largest size to count; bytes always count")
    func timedNoiseRatio() {
        let small = [(n: 50.0, y: 150_000.0), (n: 500.0, y: 285_000.0)]  // 1.9×: a slope of 0.28
        #expect(!SweepAnalysis.beyondNoise(.scrape, small))
        let large = [(n: 50.0, y: 150_000.0), (n: 500.0, y: 1_500_000.0)]  // 10×
        #expect(SweepAnalysis.beyondNoise(.scrape, large))
        #expect(SweepAnalysis.beyondNoise(.scrape, [(n: 50.0, y: 300_000.0), (n: 500.0, y: 100_000.0)]))  // ÷3
        #expect(SweepAnalysis.beyondNoise(.bytesPerClient, [(n: 50.0, y: 380), (n: 500.0, y: 390)]))
    }
}
