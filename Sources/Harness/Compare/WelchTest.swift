import Foundation

/// Welch's t-test on one value per run — on trimmed means (Yuen's test) when a side has enough runs: does the
/// centre of the current runs differ from the centre of the baseline runs, when the two sides may have different
/// variances?
///
/// Used for timed figures when both sides have at least two runs. Every sample of one run shares that run's
/// process (its memory layout, its neighbours on the machine), so samples are clustered by run; the run is then
/// the unit of replication, and comparing one summary per run (here, the median of its pairs) is the standard
/// analysis of clustered measurements. The variance between runs is measured, not assumed.
///
/// Formulas: Welch (1947), "The generalization of Student's problem when several different population variances
/// are involved"; degrees of freedom by the Welch–Satterthwaite equation; the t distribution's tail through the
/// regularised incomplete beta function, evaluated by its continued fraction (modified Lentz).
public enum WelchTest {
    /// The outcome of one test.
    public struct Outcome: Sendable, Codable, Equatable {
        /// `mean(current) − mean(baseline)`.
        public var difference: Double
        /// The 95 % confidence interval of the difference.
        public var lower, upper: Double
        /// The t statistic (0 when both sides are constant and equal; ±∞ when constant and different).
        public var t: Double
        /// Welch–Satterthwaite degrees of freedom (may be fractional).
        public var degreesOfFreedom: Double
        /// Two-sided p-value.
        public var pValue: Double
        /// Values trimmed from each end of `[baseline, current]` (Yuen's test); `[0, 0]` is Welch's test.
        public var trimmedPerEnd: [Int] = [0, 0]
    }

    /// Tests `current` against `baseline` (one value per run); `nil` unless each side has at least two finite
    /// values (and, when trimmed, at least two left after trimming).
    ///
    /// `trimmed` values are cut from each end of each side first — Yuen's (1974) test, "The two-sample trimmed t
    /// for unequal population variances": the difference of the trimmed means, the standard error from the
    /// winsorized variances, `d = (n − 1) s²_w / (h (h − 1))` with `h = n − 2g` values kept, and Welch's degrees
    /// of freedom with `h − 1` in place of `n − 1`. With nothing trimmed it is Welch's test exactly. A run that a
    /// neighbour on the machine slowed throughout is one extreme value; trimming keeps it from deciding the
    /// verdict, where in Welch's test it widens the interval of every comparison it is part of.
    public static func test(baseline: [Double], current: [Double], trimmed: (baseline: Int, current: Int) = (0, 0))
        -> Outcome?
    {
        guard let base = Side(baseline, trimmed: trimmed.baseline),
            let now = Side(current, trimmed: trimmed.current)
        else { return nil }
        let difference = now.centre - base.centre
        let baseTerm = base.squaredError
        let nowTerm = now.squaredError
        let variance = baseTerm + nowTerm
        guard variance > 0 else {
            // Both sides constant: either the same value (no difference at all) or a certain difference.
            let t = difference == 0 ? 0 : (difference > 0 ? Double.infinity : -.infinity)
            return Outcome(
                difference: difference, lower: difference, upper: difference, t: t,
                degreesOfFreedom: Double(base.kept + now.kept - 2), pValue: difference == 0 ? 1 : 0,
                trimmedPerEnd: [base.trimmed, now.trimmed])
        }
        let standardError = variance.squareRoot()
        let df =
            square(variance)
            / (square(baseTerm) / Double(base.kept - 1) + square(nowTerm) / Double(now.kept - 1))
        let t = difference / standardError
        let critical = quantile975(degreesOfFreedom: df)
        return Outcome(
            difference: difference, lower: difference - critical * standardError,
            upper: difference + critical * standardError, t: t, degreesOfFreedom: df,
            pValue: twoSidedPValue(t: t, degreesOfFreedom: df), trimmedPerEnd: [base.trimmed, now.trimmed])
    }

    /// Values to trim from each end of a side of `runs` runs: ⌊`fraction` × runs⌋ once a side has
    /// `minimumRuns` runs, else none. Trimming costs efficiency with few runs (the simulation in
    /// docs/comparing-runs.md: with 5 runs a side and no outlier, 20 % trimming says `no change` in 80 % of A/A
    /// comparisons where Welch's test says it in 95 %), so small sides are not trimmed.
    public static func trimCount(runs: Int, fraction: Double, minimumRuns: Int) -> Int {
        guard runs >= minimumRuns, fraction > 0 else { return 0 }
        return min(Int((fraction * Double(runs)).rounded(.down)), max(0, (runs - 2) / 2))
    }

    /// One side: its trimmed mean and the square of its standard error.
    private struct Side {
        let centre: Double
        let squaredError: Double
        let kept: Int
        let trimmed: Int

        init?(_ values: [Double], trimmed: Int) {
            let sorted = values.filter(\.isFinite).sorted()
            let count = sorted.count
            let cut = max(0, trimmed)
            let kept = count - 2 * cut
            guard count >= 2, kept >= 2 else { return nil }
            centre = Statistics.trimmedMean(sorted, trimmed: cut)
            // Winsorized: each trimmed value replaced by the nearest kept one.
            let winsorized = sorted.enumerated().map { index, value in
                index < cut ? sorted[cut] : (index >= count - cut ? sorted[count - cut - 1] : value)
            }
            let deviation = Statistics.standardDeviation(winsorized)
            let variance = deviation * deviation
            squaredError = Double(count - 1) * variance / (Double(kept) * Double(kept - 1))
            self.kept = kept
            self.trimmed = cut
        }
    }

    /// P(|T| ≥ |t|) for Student's t with `degreesOfFreedom` (> 0) degrees of freedom:
    /// I_{ν/(ν+t²)}(ν/2, ½).
    public static func twoSidedPValue(t: Double, degreesOfFreedom: Double) -> Double {
        guard t.isFinite else { return t.isNaN ? 1 : 0 }
        let x = degreesOfFreedom / (degreesOfFreedom + t * t)
        return min(1, max(0, regularizedIncompleteBeta(x: x, a: degreesOfFreedom / 2, b: 0.5)))
    }

    /// The 97.5 % quantile of Student's t (the half-width of a 95 % interval in standard errors), by bisection
    /// on ``twoSidedPValue(t:degreesOfFreedom:)`` to 1e-9.
    public static func quantile975(degreesOfFreedom: Double) -> Double {
        var low = 0.0
        var high = 1e4
        for _ in 0..<200 where high - low > 1e-9 {
            let middle = (low + high) / 2
            if twoSidedPValue(t: middle, degreesOfFreedom: degreesOfFreedom) > 0.05 {
                low = middle
            } else {
                high = middle
            }
        }
        return (low + high) / 2
    }

    /// I_x(a, b), the regularised incomplete beta function, for 0 ≤ x ≤ 1 and a, b > 0.
    static func regularizedIncompleteBeta(x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        // The continued fraction converges fast for x < (a + 1)/(a + b + 2); otherwise use the symmetry
        // I_x(a, b) = 1 − I_{1−x}(b, a).
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * continuedFraction(x: x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * continuedFraction(x: 1 - x, a: b, b: a) / b
    }

    /// The continued fraction of the incomplete beta function (modified Lentz's method).
    private static func continuedFraction(x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...300 {
            let step = Double(m)
            // Even step.
            var numerator = step * (b - step) * x / ((a + 2 * step - 1) * (a + 2 * step))
            d = 1 + numerator * d
            if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            // Odd step.
            numerator = -(a + step) * (a + b + step) * x / ((a + 2 * step) * (a + 2 * step + 1))
            d = 1 + numerator * d
            if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            result *= delta
            if abs(delta - 1) < 1e-14 { break }
        }
        return result
    }

    private static func square(_ value: Double) -> Double { value * value }
}
