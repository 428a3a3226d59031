import Foundation
import Simulation
import Testing

/// Each distribution, 1 M samples: empirical quantiles against the theoretical ones, moments against the
/// exact ones. Tolerances are six standard errors for n = 1 M (see ``StatisticalTolerance``): for a quantile
/// p, `F(empirical quantile)` within `6·√(p(1−p)/n)` of p (± 0.0030 at p50, ± 0.0018 at p90, ± 0.0006 at p99).
@Suite("Distribution sampling")
struct DistributionSamplingTests {
    private let count = 1_000_000

    private func sorted(_ spec: DistributionSpec, seed: UInt64 = 1) throws -> [Double] {
        let distribution = try Distribution(spec, baseDirectory: nil)
        var random = RandomStream(seed: seed)
        return (0..<count).map { _ in distribution.sample(using: &random) }.sorted()
    }

    @Test("constant: every sample is the value, exactly")
    func constant() throws {
        let values = try sorted(.constant(value: 0.0425))
        #expect(values.first == 0.0425 && values.last == 0.0425)
    }

    @Test("uniform: within [minimum, maximum), mean in the middle, quartile where expected")
    func uniform() throws {
        let values = try sorted(.uniform(minimum: 0.001, maximum: 1.0))
        #expect(values.first! >= 0.001 && values.last! < 1.0)
        let width = 0.999
        // σ = width/√12 → mean ± 6σ/√n.
        #expect(
            abs(StatisticalTolerance.average(values) - 0.5005)
                <= StatisticalTolerance.mean(deviation: width / 12.0.squareRoot(), count: count))
        let cdf = { (x: Double) in (x - 0.001) / width }
        StatisticalTolerance.expectQuantile(values, 0.25, theoretical: 0.001 + width / 4, cdf: cdf)
        StatisticalTolerance.expectQuantile(values, 0.99, theoretical: 0.001 + width * 0.99, cdf: cdf)
    }

    @Test("exponential: mean (± 6σ/√n = 0.6 %) and median ln 2 · mean")
    func exponential() throws {
        let mean = 0.020
        let values = try sorted(.exponential(mean: mean))
        #expect(values.first! > 0)
        #expect(
            abs(StatisticalTolerance.average(values) - mean) <= StatisticalTolerance.mean(deviation: mean, count: count)
        )
        let cdf = { (x: Double) in 1 - exp(-x / mean) }
        StatisticalTolerance.expectQuantile(values, 0.5, theoretical: log(2) * mean, cdf: cdf)
        StatisticalTolerance.expectQuantile(values, 0.99, theoretical: -log(0.01) * mean, cdf: cdf)
    }

    @Test("lognormal: median and p90 (median · e^(1.2816 σ))")
    func lognormal() throws {
        let median = 0.010
        let sigma = 1.0
        let values = try sorted(.lognormal(median: median, sigma: sigma))
        let cdf = { (x: Double) in StatisticalTolerance.normalCDF(log(x / median) / sigma) }
        StatisticalTolerance.expectQuantile(values, 0.5, theoretical: median, cdf: cdf)
        StatisticalTolerance.expectQuantile(
            values, 0.9, theoretical: median * exp(1.281_551_565_544_600_4 * sigma), cdf: cdf)
        StatisticalTolerance.expectQuantile(
            values, 0.99, theoretical: median * exp(2.326_347_874_040_841 * sigma), cdf: cdf)
    }

    @Test("Pareto: minimum is the scale, p99 = x_m · 0.01^(−1/α)")
    func pareto() throws {
        let minimum = 0.001
        let alpha = 1.5
        let values = try sorted(.pareto(minimum: minimum, alpha: alpha))
        #expect(values.first! >= minimum)
        let cdf = { (x: Double) in 1 - pow(minimum / x, alpha) }
        StatisticalTolerance.expectQuantile(values, 0.5, theoretical: minimum * pow(0.5, -1 / alpha), cdf: cdf)
        StatisticalTolerance.expectQuantile(values, 0.99, theoretical: minimum * pow(0.01, -1 / alpha), cdf: cdf)
    }

    @Test("bimodal: the first component's share is its weight (± 6 standard errors)")
    func bimodal() throws {
        let values = try sorted(
            .bimodal(
                first: .uniform(minimum: 0, maximum: 1), second: .uniform(minimum: 10, maximum: 11), firstWeight: 0.7))
        let share = Double(values.count { $0 < 5 }) / Double(count)
        #expect(abs(share - 0.7) <= StatisticalTolerance.proportion(0.7, count: count))
        #expect(values.allSatisfy { ($0 >= 0 && $0 < 1) || ($0 >= 10 && $0 < 11) })
    }

    @Test("nested mixtures: each leaf gets the product of the weights on its path")
    func nestedMixture() throws {
        // 0.5 · 0.2 = 0.1 constant 1, 0.5 · 0.8 = 0.4 constant 2, 0.5 constant 3.
        let inner = DistributionSpec.bimodal(first: .constant(value: 1), second: .constant(value: 2), firstWeight: 0.2)
        let values = try sorted(.bimodal(first: inner, second: .constant(value: 3), firstWeight: 0.5))
        for (value, expected) in [(1.0, 0.1), (2.0, 0.4), (3.0, 0.5)] {
            let share = Double(values.count { $0 == value }) / Double(count)
            #expect(abs(share - expected) <= StatisticalTolerance.proportion(expected, count: count), "value \(value)")
        }
        #expect(values.allSatisfy { [1.0, 2.0, 3.0].contains($0) })
    }

    @Test("weights 0 and 1 pick one component only")
    func extremeWeights() throws {
        #expect(try sorted(.bimodal(first: .constant(value: 1), second: .constant(value: 2), firstWeight: 1)).last == 1)
        #expect(
            try sorted(.bimodal(first: .constant(value: 1), second: .constant(value: 2), firstWeight: 0)).first == 2)
    }

    @Test(
        "the same seed reproduces the same values; another seed gives others",
        arguments: [
            DistributionSpec.uniform(minimum: 1, maximum: 2), .exponential(mean: 1), .lognormal(median: 1, sigma: 0.5),
            .pareto(minimum: 1, alpha: 1.5),
            .bimodal(first: .lognormal(median: 0.002, sigma: 0.25), second: .exponential(mean: 0.08), firstWeight: 0.7),
        ])
    func reproducible(spec: DistributionSpec) throws {
        let distribution = try Distribution(spec, baseDirectory: nil)
        func draw(seed: UInt64) -> [Double] {
            var random = RandomStream(seed: seed)
            return (0..<1000).map { _ in distribution.sample(using: &random) }
        }
        #expect(draw(seed: 3) == draw(seed: 3))
        #expect(draw(seed: 3) != draw(seed: 4))
    }
}
