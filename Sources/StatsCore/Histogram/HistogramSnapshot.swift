import Synchronization

/// The figures of an ``ExponentialHistogram`` at one moment: a value that merges exactly, answers quantiles
/// and lists its buckets.
///
/// Snapshots of shards, of workers or of whole servers with the same layout merge bucket by bucket, so the
/// merge of several equals one histogram that recorded everything (the sum up to floating-point rounding).
public struct HistogramSnapshot: Sendable, Hashable {
    /// The bucket layout.
    public let layout: HistogramLayout
    /// Count per bucket, indexed like the layout's buckets (dense; most are zero).
    public private(set) var bucketCounts: [UInt64]
    /// Values equal to zero (`+0` or `-0`).
    public private(set) var zeroCount: UInt64 = 0
    /// Negative values, including `-infinity`.
    public private(set) var negativeCount: UInt64 = 0
    /// Positive values at or below ``HistogramLayout/lowestBound``.
    public private(set) var underflowCount: UInt64 = 0
    /// Values above ``HistogramLayout/highestBound``, including `+infinity`.
    public private(set) var overflowCount: UInt64 = 0
    /// NaN values: rejected, not part of ``count``.
    public private(set) var rejectedCount: UInt64 = 0
    /// Sum of the finite values recorded.
    public private(set) var sum: Double = 0
    /// Order-preserving keys of the extremes (see `OrderedBits`).
    private(set) var minimumKey = OrderedBits.emptyMinimum
    private(set) var maximumKey = OrderedBits.emptyMaximum

    /// Creates an empty snapshot.
    public init(layout: HistogramLayout) {
        self.layout = layout
        self.bucketCounts = Array(repeating: 0, count: layout.bucketCount)
    }

    /// Number of values recorded (all but NaN): kept as buckets are added, not summed on each read.
    public private(set) var count: UInt64 = 0

    /// The smallest value recorded, exactly; `nil` when empty.
    public var minimum: Double? {
        minimumKey == OrderedBits.emptyMinimum ? nil : OrderedBits.value(minimumKey)
    }

    /// The largest value recorded, exactly; `nil` when empty.
    public var maximum: Double? {
        maximumKey == OrderedBits.emptyMaximum ? nil : OrderedBits.value(maximumKey)
    }

    /// ``sum`` divided by ``count``; `nil` when empty.
    public var mean: Double? {
        let count = count
        return count == 0 ? nil : sum / Double(count)
    }

    /// Adds `other`'s figures to these. Throws, changing nothing, when the layouts differ.
    public mutating func merge(_ other: HistogramSnapshot) throws(HistogramLayoutError) {
        guard layout == other.layout else { throw .mismatch(layout, other.layout) }
        add(other)
    }

    /// Adds `other`'s figures to these, for snapshots known to share a layout: the slots of one window, the
    /// shards of one histogram, the series of one ``WindowedHistogram``. Use ``merge(_:)`` for snapshots of
    /// unknown origin (files, other processes).
    ///
    /// - Precondition: `other.layout == layout`; a different layout is a programming error and traps.
    public mutating func merge(sameLayout other: HistogramSnapshot) {
        precondition(layout == other.layout, "merge(sameLayout:): the layouts differ (\(layout), \(other.layout))")
        add(other)
    }

    /// Adds `other`'s figures (same layout, checked by the caller).
    private mutating func add(_ other: HistogramSnapshot) {
        other.bucketCounts.withUnsafeBufferPointer { theirs in
            bucketCounts.withUnsafeMutableBufferPointer { ours in
                for index in ours.indices { ours[index] &+= theirs[index] }
            }
        }
        count &+= other.count
        zeroCount &+= other.zeroCount
        negativeCount &+= other.negativeCount
        underflowCount &+= other.underflowCount
        overflowCount &+= other.overflowCount
        rejectedCount &+= other.rejectedCount
        sum += other.sum
        minimumKey = Swift.min(minimumKey, other.minimumKey)
        maximumKey = Swift.max(maximumKey, other.maximumKey)
    }

    /// This snapshot merged with `other`.
    public func merging(_ other: HistogramSnapshot) throws(HistogramLayoutError) -> HistogramSnapshot {
        var result = self
        try result.merge(other)
        return result
    }

    /// Adds the figures of one shard of an ``ExponentialHistogram`` of this snapshot's layout (its header and
    /// buckets from `base`), read in place with relaxed loads.
    mutating func addShard(_ base: UnsafeMutablePointer<Atomic<UInt64>>) {
        typealias Shard = ExponentialHistogram
        let buckets = bucketCounts.count
        let bucketBase = base + Shard.firstBucketSlot
        // Every counted value sets the minimum, so a shard with none and no NaN is empty: skip its buckets
        // (most shards of a window's current slot, and the overflow shard, are).
        let shardMinimum = base[Shard.minimumSlot].load(ordering: .relaxed)
        if shardMinimum == OrderedBits.emptyMinimum
            && base[Shard.rejectedSlot].load(ordering: .relaxed) == 0
        {
            return
        }
        var shardCount: UInt64 = 0
        bucketCounts.withUnsafeMutableBufferPointer { counts in
            for index in 0..<buckets {
                let value = bucketBase[index].load(ordering: .relaxed)
                counts[index] &+= value
                shardCount &+= value
            }
        }
        let zero = base[Shard.zeroSlot].load(ordering: .relaxed)
        let negative = base[Shard.negativeSlot].load(ordering: .relaxed)
        let underflow = base[Shard.underflowSlot].load(ordering: .relaxed)
        let overflow = base[Shard.overflowSlot].load(ordering: .relaxed)
        zeroCount &+= zero
        negativeCount &+= negative
        underflowCount &+= underflow
        overflowCount &+= overflow
        count &+= shardCount &+ zero &+ negative &+ underflow &+ overflow
        rejectedCount &+= base[Shard.rejectedSlot].load(ordering: .relaxed)
        for lane in 0..<ExponentialHistogram.sumLanes {
            sum += Double(bitPattern: base[Shard.sumSlot + lane].load(ordering: .relaxed))
        }
        minimumKey = Swift.min(minimumKey, shardMinimum)
        maximumKey = Swift.max(maximumKey, base[Shard.maximumSlot].load(ordering: .relaxed))
    }
}
