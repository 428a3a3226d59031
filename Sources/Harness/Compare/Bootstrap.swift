/// A seeded percentile bootstrap of the change between two samples' medians: the same samples and seed give
/// the same interval on every machine, so a comparison can be repeated.
public enum Bootstrap {
    /// A confidence interval with its point estimate.
    public struct Interval: Sendable, Codable, Equatable {
        /// The estimate from the samples themselves.
        public var estimate: Double
        /// Lower and upper bound of the 95 % interval.
        public var lower, upper: Double
    }

    /// Resamples used by ``medianChange(baseline:current:resamples:seed:)``.
    public static let defaultResamples = 2_000

    /// 95 % interval of `median(current) − median(baseline)` and, when both medians of every resample are
    /// positive, of `median(current) / median(baseline)`; `nil` when a sample is empty.
    public static func medianChange(
        baseline: [Double], current: [Double], resamples: Int = defaultResamples, seed: UInt64 = 0x5EED
    ) -> (difference: Interval, ratio: Interval?)? {
        guard !baseline.isEmpty, !current.isEmpty, resamples > 0 else { return nil }
        var random = SplitMix64(seed: seed)
        var differences: [Double] = []
        var ratios: [Double] = []
        differences.reserveCapacity(resamples)
        var ratiosDefined = true
        var first = baseline
        var second = current
        for _ in 0..<resamples {
            for index in first.indices { first[index] = baseline[random.below(baseline.count)] }
            for index in second.indices { second[index] = current[random.below(current.count)] }
            let a = Statistics.median(first)
            let b = Statistics.median(second)
            differences.append(b - a)
            if a > 0 && b > 0 { ratios.append(b / a) } else { ratiosDefined = false }
        }
        let baseMedian = Statistics.median(baseline)
        let currentMedian = Statistics.median(current)
        let difference = percentile95(differences, estimate: currentMedian - baseMedian)
        let ratio =
            ratiosDefined && baseMedian > 0 && currentMedian > 0
            ? percentile95(ratios, estimate: currentMedian / baseMedian) : nil
        return (difference, ratio)
    }

    /// The 2.5 % and 97.5 % percentiles (nearest rank) of `values`.
    static func percentile95(_ values: [Double], estimate: Double) -> Interval {
        let sorted = values.sorted()
        func at(_ q: Double) -> Double {
            let rank = Int((q * Double(sorted.count)).rounded(.up))
            return sorted[min(sorted.count - 1, max(0, rank - 1))]
        }
        return Interval(estimate: estimate, lower: at(0.025), upper: at(0.975))
    }
}

/// SplitMix64: a small, fast, seeded generator (the bootstrap needs repeatability, not cryptography).
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in 0..<bound (bound > 0), without modulo bias worth mentioning for small bounds.
    mutating func below(_ bound: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }
}
