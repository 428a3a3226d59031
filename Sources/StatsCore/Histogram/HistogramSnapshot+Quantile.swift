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
        var next = 0  // position in `order` of the next rank to answer
        // Answers every pending rank up to `end` (the last rank of a region) with `answer`; the first and the
        // last rank are the exact extremes.
        func answer(upTo end: UInt64, with value: Double?) {
            while next < order.count, ranks[order[next]] <= end {
                let rank = ranks[order[next]]
                results[order[next]] = rank == 1 ? minimum : rank == count ? maximum : value
                next += 1
            }
        }
        var seen = negativeCount
        answer(upTo: seen, with: nil)
        seen += zeroCount
        answer(upTo: seen, with: 0)
        seen += underflowCount
        answer(upTo: seen, with: nil)
        bucketCounts.withUnsafeBufferPointer { buckets in
            var target = next < order.count ? ranks[order[next]] : UInt64.max
            var index = 0
            while index < buckets.count, target != .max {
                seen &+= buckets[index]
                if seen >= target {
                    answer(upTo: seen, with: clamp(representative(ofBucket: index)))
                    target = next < order.count ? ranks[order[next]] : .max
                }
                index += 1
            }
        }
        answer(upTo: count, with: nil)  // in the overflow count
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
