import Foundation
import Simulation
import Testing

/// Normal and exponential variates come from ziggurat tables: their distribution functions must match in the
/// body, at the layer edges and in the tails beyond the ziggurat's base (3.4426 for the normal, 7.6971 for the
/// exponential). 2 M samples; at each point the share below it is within 6 standard errors of the exact one.
@Suite("Distribution tails (ziggurat normal and exponential)")
struct DistributionTailTests {
    private let count = 2_000_000

    private func expectShares(of values: [Double], below points: [Double], cdf: (Double) -> Double) {
        let sorted = values.sorted()
        for point in points {
            let below = Double(sorted.partitioningIndex { $0 >= point }) / Double(count)
            let expected = cdf(point)
            #expect(
                abs(below - expected) <= StatisticalTolerance.proportion(expected, count: count) + 1e-7,
                "share below \(point): \(below), exact \(expected)")
        }
    }

    @Test("log of a lognormal(1, 1) sample is standard normal: mean, variance and Φ from −4.5 to 4.5")
    func normal() throws {
        let distribution = try Distribution(.lognormal(median: 1, sigma: 1), baseDirectory: nil)
        var random = RandomStream(seed: 99)
        let values = (0..<count).map { _ in log(distribution.sample(using: &random)) }
        #expect(abs(StatisticalTolerance.average(values)) <= StatisticalTolerance.mean(deviation: 1, count: count))
        #expect(
            abs(StatisticalTolerance.variance(values) - 1)
                <= StatisticalTolerance.mean(deviation: 2.0.squareRoot(), count: count))
        let points = [-4.5, -3.5, -3.4426, -3, -2, -1, -0.5, 0, 0.1, 1, 2, 2.5, 3, 3.4426, 3.5, 4.5]
        expectShares(of: values, below: points, cdf: StatisticalTolerance.normalCDF)
        let tail = Double(values.count { abs($0) > 3.442_619_855_899 }) / Double(count)
        let exactTail = 2 * StatisticalTolerance.normalCDF(-3.442_619_855_899)
        #expect(abs(tail - exactTail) <= StatisticalTolerance.proportion(exactTail, count: count))
    }

    @Test("exponential(1): mean, variance and 1 − e^(−x) from 0.001 to 10")
    func exponential() throws {
        let distribution = try Distribution(.exponential(mean: 1), baseDirectory: nil)
        var random = RandomStream(seed: 98)
        let values = (0..<count).map { _ in distribution.sample(using: &random) }
        #expect(values.allSatisfy { $0 >= 0 })
        #expect(abs(StatisticalTolerance.average(values) - 1) <= StatisticalTolerance.mean(deviation: 1, count: count))
        // Var((E − 1)²) = 9 − 1 = 8 for a unit exponential.
        #expect(
            abs(StatisticalTolerance.variance(values) - 1)
                <= StatisticalTolerance.mean(deviation: 8.0.squareRoot(), count: count))
        let points = [0.001, 0.01, 0.1, 0.5, 1, 2, 3, 5, 7.6, 7.6971, 7.8, 9, 10]
        expectShares(of: values, below: points) { 1 - exp(-$0) }
    }
}

extension Array where Element == Double {
    /// The index of the first element for which `isAbove` holds, in an array where it holds for a suffix.
    fileprivate func partitioningIndex(where isAbove: (Double) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if isAbove(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
