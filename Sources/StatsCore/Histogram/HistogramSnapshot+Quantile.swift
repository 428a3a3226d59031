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
        quantiles([q])[0]
    }

    /// Several quantiles in one walk over the buckets, in the order asked (same rules as ``quantile(_:)``).
    public func quantiles(_ qs: [Double]) -> [Double?] {
        var results = [Double?](repeating: nil, count: qs.count)
        let count = count
        guard count > 0 else { return results }
        let ranks = qs.map { NearestRank.rank(of: $0, count: count) }
        let order = ranks.indices.sorted { ranks[$0] < ranks[$1] }
        var next = 0  // position in `order` of the next rank to place
        // Walks the regions in value order; `answer` is what a rank inside the region gets.
        var seen: UInt64 = 0
        func place(upTo end: UInt64, _ answer: (UInt64) -> Double?) {
            while next < order.count, ranks[order[next]] <= end {
                let rank = ranks[order[next]]
                results[order[next]] = rank == 1 ? minimum : rank == count ? maximum : answer(rank)
                next += 1
            }
        }
        seen += negativeCount
        place(upTo: seen) { _ in nil }
        seen += zeroCount
        place(upTo: seen) { _ in 0 }
        seen += underflowCount
        place(upTo: seen) { _ in nil }
        bucketCounts.withUnsafeBufferPointer { buckets in
            for index in buckets.indices where buckets[index] > 0 && next < order.count {
                seen += buckets[index]
                place(upTo: seen) { _ in clamp(representative(ofBucket: index)) }
            }
        }
        place(upTo: count) { _ in nil }  // in the overflow count
        return results
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
