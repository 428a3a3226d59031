import Foundation
import Testing

/// Tolerances for the statistical tests: six standard errors, so a correct generator fails a check with
/// probability below 2·10⁻⁹ (and with a fixed seed the outcome is the same on every run anyway).
enum StatisticalTolerance {
    /// Six standard errors of a proportion `p` estimated from `count` samples: `6·√(p(1−p)/n)`.
    static func proportion(_ p: Double, count: Int) -> Double {
        6 * (p * (1 - p) / Double(count)).squareRoot()
    }

    /// Six standard errors of a mean of `count` samples whose standard deviation is `deviation`.
    static func mean(deviation: Double, count: Int) -> Double {
        6 * deviation / Double(count).squareRoot()
    }

    /// The arithmetic mean of `values`.
    static func average(_ values: [Double]) -> Double {
        values.reduce(0, +) / Double(values.count)
    }

    /// The sample variance of `values`.
    static func variance(_ values: [Double]) -> Double {
        let center = average(values)
        return values.reduce(0) { $0 + ($1 - center) * ($1 - center) } / Double(values.count - 1)
    }

    /// The standard normal distribution function Φ.
    static func normalCDF(_ z: Double) -> Double {
        0.5 * erfc(-z / 2.0.squareRoot())
    }

    /// Checks that the empirical `p`-quantile of `sorted` matches the theoretical one: the distribution
    /// function `cdf` at the empirical quantile is within six standard errors of `p`, i.e. the empirical
    /// quantile lies between the theoretical quantiles at `p − δ` and `p + δ`, `δ = 6·√(p(1−p)/n)`.
    static func expectQuantile(
        _ sorted: [Double], _ p: Double, theoretical: Double, cdf: (Double) -> Double,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let empirical = sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)]
        let tolerance = proportion(p, count: sorted.count)
        #expect(
            abs(cdf(empirical) - p) <= tolerance,
            "p\(p * 100): empirical \(empirical), theoretical \(theoretical) (F = \(cdf(empirical)), ±\(tolerance))",
            sourceLocation: sourceLocation)
    }
}
