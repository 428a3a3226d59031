/// PromQL's `histogram_quantile` over one classic histogram, as Prometheus computes it (`bucketQuantile` in
/// `promql/quantile.go`), so the `swift-prometheus` sink reports what a dashboard on top of it would show.
///
/// - the rank is `q × count` (count = the `+Inf` bucket); the answer lies in the first bucket whose cumulative
///   count reaches the rank, interpolated linearly between its lower bound (the previous upper bound, or 0
///   for the first bucket) and its upper bound;
/// - a rank that only the `+Inf` bucket reaches answers the highest *finite* upper bound;
/// - `q = 1` therefore answers the upper bound of the highest non-empty bucket (clamped to the highest finite
///   bound when values overflowed), not the observed maximum;
/// - no observations, or `q = 0` over an empty first bucket (0 / 0 in Prometheus, NaN), answer `nil`.
enum PrometheusHistogramQuantile {
    /// The `q`-quantile of a histogram whose cumulative bucket counts are `cumulativeCounts` for the upper
    /// bounds `upperBounds` (ascending, the last one `+Inf`, same length).
    static func quantile(_ q: Double, upperBounds: [Double], cumulativeCounts: [UInt64]) -> Double? {
        precondition(upperBounds.count == cumulativeCounts.count && upperBounds.count >= 2)
        precondition(upperBounds.last == .infinity, "the last bucket must be +Inf")
        guard q >= 0 && q <= 1 else { return nil }
        // Prometheus forces the counts monotonic (scrapes are not atomic); ours are, but keep its rule.
        var counts = cumulativeCounts.map { Double($0) }  // not `map(Double.init)`: that picks `init(bitPattern:)`
        for i in counts.indices.dropFirst() where counts[i] < counts[i - 1] { counts[i] = counts[i - 1] }
        let observations = counts[counts.count - 1]
        guard observations > 0 else { return nil }
        var rank = q * observations
        // sort.Search over the finite buckets: the first whose count reaches the rank, else the +Inf bucket.
        let last = counts.count - 1
        let bucket = counts[..<last].firstIndex { $0 >= rank } ?? last
        if bucket == last { return upperBounds[last - 1] }
        if bucket == 0 && upperBounds[0] <= 0 { return upperBounds[0] }
        var start = 0.0
        var count = counts[bucket]
        if bucket > 0 {
            start = upperBounds[bucket - 1]
            count -= counts[bucket - 1]
            rank -= counts[bucket - 1]
        }
        let value = start + (upperBounds[bucket] - start) * (rank / count)
        return value.isNaN ? nil : value
    }

    /// Each of `quantiles` for every histogram in `histograms` (one array of cumulative counts per method).
    static func quantiles(_ quantiles: [Double], upperBounds: [Double], histograms: [[UInt64]]) -> [[Double?]] {
        histograms.map { counts in
            quantiles.map { quantile($0, upperBounds: upperBounds, cumulativeCounts: counts) }
        }
    }
}
