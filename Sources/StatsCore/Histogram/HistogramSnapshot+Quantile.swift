extension HistogramSnapshot {
    /// The nearest-rank quantile `q` (in `0...1`), estimated within ``HistogramLayout/relativeErrorBound`` and
    /// clamped to `[minimum, maximum]`.
    ///
    /// - `q` whose rank is the first or the last value answers ``minimum`` or ``maximum`` exactly.
    /// - A rank among the zero values answers `0`.
    /// - A rank among negative, underflow or overflow values answers `nil`: the buckets cannot place it within
    ///   the error bound, and a guess would be a silently wrong percentile. Widen the layout's range.
    /// - An empty snapshot answers `nil`.
    public func quantile(_ q: Double) -> Double? {
        let count = count
        guard count > 0 else { return nil }
        let rank = NearestRank.rank(of: q, count: count)
        if rank == 1 { return minimum }
        if rank == count { return maximum }
        var seen = negativeCount
        if rank <= seen { return nil }
        seen += zeroCount
        if rank <= seen { return 0 }
        seen += underflowCount
        if rank <= seen { return nil }
        for (index, bucketCount) in bucketCounts.enumerated() where bucketCount > 0 {
            seen += bucketCount
            if rank <= seen {
                return clamp(representative(ofBucket: index))
            }
        }
        return nil  // in the overflow count
    }

    /// The value that stands for bucket `index`: `2·L·U / (L + U)` for the bucket `(L, U]`, whose relative
    /// distance to both ends is the same, `(U − L) / (U + L)`.
    func representative(ofBucket index: Int) -> Double {
        let lower = layout.lowerBound(ofBucket: index)
        let upper = layout.upperBound(ofBucket: index)
        return 2 * lower * upper / (lower + upper)
    }

    private func clamp(_ value: Double) -> Double {
        guard let low = minimum, let high = maximum else { return value }
        return Swift.min(Swift.max(value, low), high)
    }
}
