import StatsCore

/// How an exponential histogram is turned into a handful of Prometheus `le` buckets.
///
/// A ``StatsCore/HistogramSnapshot`` at scale 6 has 64 buckets per octave — thousands of lines if exported
/// one per bucket. The exporter instead merges each run of `2^(scale − targetScale)` adjacent buckets into one:
/// at the default target scale 0 (``octaves``), one bucket per power of two. Every emitted boundary is an exact
/// bucket boundary of the source layout, so each cumulative count is exact — nothing is interpolated inside a
/// source bucket; only resolution is given up. By default only the range that holds values is emitted (from
/// the coarse bucket of the smallest value to that of the largest): tens of lines, not thousands.
/// ``scale(_:coversWholeLayout:)`` with `coversWholeLayout` emits every coarse boundary of the layout, so the
/// set of series is fixed across scrapes.
public struct HistogramCoarsening: Sendable, Hashable {
    /// Sub-buckets per octave after merging: `2^targetScale` (capped at the snapshot's own scale).
    public let targetScale: Int
    /// True to emit every coarse boundary of the layout rather than only the occupied range.
    public let coversWholeLayout: Bool

    /// One bucket per octave (power of two), over the occupied range.
    public static var octaves: HistogramCoarsening { HistogramCoarsening(targetScale: 0, coversWholeLayout: false) }

    /// `2^targetScale` buckets per octave (0...10).
    public static func scale(_ targetScale: Int, coversWholeLayout: Bool = false) -> HistogramCoarsening {
        precondition(
            (0...HistogramLayout.maximumScale).contains(targetScale), "target scale \(targetScale) not in 0...10")
        return HistogramCoarsening(targetScale: targetScale, coversWholeLayout: coversWholeLayout)
    }
}

/// One cumulative bucket: how many values were `<= upperBound`.
public struct CumulativeBucket: Sendable, Hashable {
    /// The bucket's inclusive upper bound (`le`), an exact boundary of the source layout.
    public let upperBound: Double
    /// Values at or below ``upperBound``.
    public let cumulativeCount: UInt64
}

extension HistogramSnapshot {
    /// The cumulative buckets of this snapshot coarsened as `coarsening` says, ascending, without `+Inf`
    /// (whose count is ``count``). Zero, negative and underflow values are at or below every boundary and are
    /// counted in every bucket; overflow values only in `+Inf`. Empty when no value falls in the layout's buckets.
    public func cumulativeBuckets(_ coarsening: HistogramCoarsening) -> [CumulativeBucket] {
        let target = Swift.min(coarsening.targetScale, layout.scale)
        let width = 1 << (layout.scale - target)
        let coarseCount = layout.bucketCount / width
        let range: ClosedRange<Int>
        if coarsening.coversWholeLayout {
            range = 0...(coarseCount - 1)
        } else {
            guard let first = bucketCounts.firstIndex(where: { $0 > 0 }),
                let last = bucketCounts.lastIndex(where: { $0 > 0 })
            else { return [] }
            range = (first / width)...(last / width)
        }
        var running = negativeCount &+ zeroCount &+ underflowCount
        for index in 0..<(range.lowerBound * width) { running &+= bucketCounts[index] }
        var result: [CumulativeBucket] = []
        result.reserveCapacity(range.count)
        for coarse in range {
            for index in (coarse * width)..<((coarse + 1) * width) { running &+= bucketCounts[index] }
            result.append(
                CumulativeBucket(
                    upperBound: layout.upperBound(ofBucket: (coarse + 1) * width - 1), cumulativeCount: running))
        }
        return result
    }
}
