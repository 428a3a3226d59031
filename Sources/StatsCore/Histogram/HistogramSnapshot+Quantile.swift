extension HistogramSnapshot {
    /// The nearest-rank quantile `q` (in `0...1`), estimated within ``HistogramLayout/relativeErrorBound`` and
    /// clamped to `[minimum, maximum]`.
    ///
    /// - `q` whose rank is the first or the last value answers ``minimum`` or ``maximum`` exactly.
    /// - A rank among the zero values answers `0`.
    /// - A rank among negative, underflow or overflow values answers `nil`: the buckets cannot place it within
    ///   the error bound, and a guess would be a silently wrong percentile. ``estimate(_:)`` says which side of
    ///   the range it lies on.
    /// - An empty snapshot answers `nil`.
    public func quantile(_ q: Double) -> Double? {
        estimates([q])[0]?.value
    }

    /// Several quantiles in one walk over the buckets, in the order asked (same rules as ``quantile(_:)``).
    public func quantiles(_ qs: [Double]) -> [Double?] {
        estimates(qs).map { $0?.value }
    }

    /// The nearest-rank quantile `q` (in `0...1`) as a ``QuantileEstimate``: a value within the error bound, or
    /// the side of the layout's range the rank falls on. `nil` only for an empty snapshot.
    public func estimate(_ q: Double) -> QuantileEstimate? {
        estimates([q])[0]
    }

    /// Several ``estimate(_:)`` answers in one walk over the buckets, in the order asked.
    ///
    /// A rank that is the first or the last value answers the exact ``minimum`` or ``maximum``, wherever it lies.
    public func estimates(_ qs: [Double]) -> [QuantileEstimate?] {
        var results = [QuantileEstimate?](repeating: nil, count: qs.count)
        let count = count
        guard count > 0 else { return results }
        let ranks = qs.map { NearestRank.rank(of: $0, count: count) }
        let order = ranks.indices.sorted { ranks[$0] < ranks[$1] }
        var next = 0  // position in `order` of the next rank to answer
        // Answers every pending rank up to `end` (the last rank of a region) with `answer`; the first and the
        // last rank are the exact extremes.
        func answer(upTo end: UInt64, with value: QuantileEstimate) {
            while next < order.count, ranks[order[next]] <= end {
                let rank = ranks[order[next]]
                if rank == 1, let minimum {
                    results[order[next]] = .value(minimum)
                } else if rank == count, let maximum {
                    results[order[next]] = .value(maximum)
                } else {
                    results[order[next]] = value
                }
                next += 1
            }
        }
        var seen = negativeCount
        answer(upTo: seen, with: .negative)
        seen += zeroCount
        answer(upTo: seen, with: .value(0))
        seen += underflowCount
        answer(upTo: seen, with: .atOrBelow(layout.lowestBound))
        bucketCounts.withUnsafeBufferPointer { buckets in
            var target = next < order.count ? ranks[order[next]] : UInt64.max
            var index = 0
            while index < buckets.count, target != .max {
                seen &+= buckets[index]
                if seen >= target {
                    answer(upTo: seen, with: .value(clamp(representative(ofBucket: index))))
                    target = next < order.count ? ranks[order[next]] : .max
                }
                index += 1
            }
        }
        answer(upTo: count, with: .above(layout.highestBound))  // in the overflow count
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
