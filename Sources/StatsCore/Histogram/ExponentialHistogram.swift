import Synchronization

/// A latency (or size) histogram with exponential buckets, recorded per worker without locks.
///
/// Recording computes the bucket from the value's exponent and top mantissa bits — a shift, one table lookup
/// and one comparison, no `log`, no search — then updates the worker's own shard: bucket count, sum, minimum
/// and maximum, with plain loads and stores (atomic read-modify-write for the shared overflow shard). No lock,
/// no allocation, no clock read. ``snapshot()`` merges the shards into a ``HistogramSnapshot``.
///
/// Values the buckets do not hold are never dropped silently:
///
/// | value | counted in | sum | min/max |
/// |---|---|---|---|
/// | `+0`, `-0` | ``HistogramSnapshot/zeroCount`` | — | yes |
/// | negative, including `-infinity` | ``HistogramSnapshot/negativeCount`` | if finite | yes |
/// | `0 < v <= 2^lowestExponent` | ``HistogramSnapshot/underflowCount`` | yes | yes |
/// | `v > 2^highestExponent`, including `+infinity` and the largest `Double` | ``HistogramSnapshot/overflowCount`` | if finite | yes |
/// | NaN | ``HistogramSnapshot/rejectedCount`` only (not in `count`) | — | — |
///
/// A histogram can hold several *banks* — independent histograms of the same layout in one allocation, e.g.
/// one per API method or per window slot — so that choosing one on a record path is arithmetic, not the
/// retain and release of an object fetched from an array.
///
/// ```swift
/// let registry = WorkerRegistry(capacity: 2)
/// let latency = ExponentialHistogram(layout: .seconds, registry: registry)
/// let me = registry.register()
/// latency.record(0.012, worker: me)
/// latency.snapshot().quantile(0.99)  // ≈ 0.012, within 0.55 %
/// ```
public final class ExponentialHistogram: Sendable {
    /// The bucket layout.
    public let layout: HistogramLayout

    @usableFromInline let words: AtomicWordBuffer
    /// `words.base`, kept here so that a record loads it in one step, not through the buffer object. Safe to share
    /// (`nonisolated(unsafe)`) for the buffer's reasons: it never changes, `words` keeps the memory alive, and
    /// every access through it is atomic.
    @usableFromInline nonisolated(unsafe) let base: UnsafeMutablePointer<Atomic<UInt64>>
    @usableFromInline let registryToken: UInt64
    /// Shards in all: `banks × registry.shardCount`; bank `b`, worker shard `w` is shard `b × workerShards + w`.
    @usableFromInline let shardCount: Int
    @usableFromInline let workerShards: Int
    /// Number of banks.
    public let banks: Int
    @usableFromInline let shardStride: Int
    @usableFromInline let scale: Int
    @usableFromInline let octaveCount: Int
    @usableFromInline let exponentOffset: Int
    @usableFromInline let cellShift: UInt64
    /// Word offsets inside the buffer: the lookup tables come first, then the shards.
    @usableFromInline let boundaryOffset: Int
    @usableFromInline let firstShardOffset: Int

    // A shard: a 16-word header at fixed offsets — so a record addresses it with constants, not with offsets
    // loaded from the histogram — then the buckets. The sum is kept in ``sumLanes`` words, chosen by the bucket's
    // low bits: consecutive records then rarely wait for each other's load-add-store of one word, which would
    // otherwise be the loop-carried chain that bounds the record rate.
    @usableFromInline static var sumSlot: Int { 0 }
    @usableFromInline static var sumLanes: Int { 4 }
    @usableFromInline static var minimumSlot: Int { 4 }
    @usableFromInline static var maximumSlot: Int { 5 }
    @usableFromInline static var zeroSlot: Int { 6 }
    @usableFromInline static var negativeSlot: Int { 7 }
    @usableFromInline static var underflowSlot: Int { 8 }
    @usableFromInline static var overflowSlot: Int { 9 }
    @usableFromInline static var rejectedSlot: Int { 10 }
    /// The first bucket's word (the header takes one 128-byte unit).
    @usableFromInline static var firstBucketSlot: Int { 16 }

    /// Creates `banks` empty histograms (default 1) with one shard per worker of `registry` each.
    public init(layout: HistogramLayout = .seconds, registry: WorkerRegistry, banks: Int = 1) {
        precondition(banks >= 1, "ExponentialHistogram needs at least one bank, got \(banks)")
        self.layout = layout
        self.registryToken = registry.token
        self.workerShards = registry.shardCount
        self.banks = banks
        self.shardCount = registry.shardCount * banks
        self.scale = layout.scale
        self.octaveCount = layout.octaveCount
        self.exponentOffset = layout.lowestExponent + 1023
        self.cellShift = UInt64(52 - (layout.scale + 1))

        let mantissas = layout.subBucketMantissas()
        let table = layout.cellTable(mantissas: mantissas)
        boundaryOffset = table.count
        firstShardOffset = AtomicWordBuffer.paddedStride(table.count + mantissas.count)
        shardStride = AtomicWordBuffer.paddedStride(Self.firstBucketSlot + layout.bucketCount)
        words = AtomicWordBuffer(count: firstShardOffset + shardStride * shardCount)
        base = words.base

        for (index, entry) in (table + mantissas).enumerated() {
            words.base[index].store(entry, ordering: .relaxed)
        }
        for shard in 0..<shardCount {
            let base = words.base + firstShardOffset + shard * shardStride
            base[Self.minimumSlot].store(OrderedBits.emptyMinimum, ordering: .relaxed)
            base[Self.maximumSlot].store(OrderedBits.emptyMaximum, ordering: .relaxed)
        }
    }

    /// Records `value` in `worker`'s shard (of bank 0). No lock, no allocation, no clock read.
    @inlinable @inline(__always)
    public func record(_ value: Double, worker: WorkerID) {
        worker.checkIssued(by: registryToken)
        record(value, shardIndex: worker.shard, shared: worker.isShared)
    }

    /// Records `value` in `worker`'s shard of `bank`. No lock, no allocation, no clock read.
    @inlinable @inline(__always)
    public func record(_ value: Double, bank: Int, worker: WorkerID) {
        worker.checkIssued(by: registryToken)
        precondition(UInt(bitPattern: bank) < UInt(bitPattern: banks), "histogram bank \(bank) out of 0..<\(banks)")
        record(value, shardIndex: bank &* workerShards &+ worker.shard, shared: worker.isShared)
    }

    /// The record path proper, once the worker and bank are checked: `shardIndex` is in `0..<shardCount`.
    @inlinable @inline(__always)
    func record(_ value: Double, shardIndex: Int, shared: Bool) {
        // Buckets are upper-inclusive, so index the next double below the value.
        let previous = value.bitPattern &- 1
        let octave = Int(truncatingIfNeeded: previous &>> 52) &- exponentOffset
        guard UInt(bitPattern: octave) < UInt(bitPattern: octaveCount) else {
            recordOutsideBuckets(value, shardIndex: shardIndex, shared: shared)
            return
        }
        let mantissa = previous & 0x000F_FFFF_FFFF_FFFF
        let tables = base
        // The cell of the top `scale + 1` mantissa bits gives the sub-bucket of its start; a cell crosses at most
        // one boundary, so one comparison finishes the lookup (compiled without a branch).
        let cell = Int(truncatingIfNeeded: mantissa &>> cellShift)
        var sub = Int(truncatingIfNeeded: tables[cell].load(ordering: .relaxed))
        if mantissa >= tables[boundaryOffset &+ sub &+ 1].load(ordering: .relaxed) {
            sub &+= 1
        }
        let shard = tables + (firstShardOffset &+ shardIndex &* shardStride)
        (shard + (Self.firstBucketSlot &+ (octave &<< scale | sub))).add(1, shared: shared)
        (shard + (Self.sumSlot &+ (sub & (Self.sumLanes &- 1)))).addDouble(value, shared: shared)
        // A positive double's bits with the sign bit set are its order-preserving key.
        let key = value.bitPattern | (1 << 63)
        (shard + Self.minimumSlot).lower(to: key, shared: shared)
        (shard + Self.maximumSlot).raise(to: key, shared: shared)
    }

    /// Records a non-negative integer value (e.g. nanoseconds), converted to `Double`.
    @inlinable
    public func record(_ value: UInt64, worker: WorkerID) {
        record(Double(value), worker: worker)
    }

    /// The slow path: zero, negative, underflow, overflow and NaN.
    @usableFromInline @inline(never)
    func recordOutsideBuckets(_ value: Double, shardIndex: Int, shared: Bool) {
        let shard = base + (firstShardOffset + shardIndex * shardStride)
        if value.isNaN {
            (shard + Self.rejectedSlot).add(1, shared: shared)
            return
        }
        if value == 0 {
            (shard + Self.zeroSlot).add(1, shared: shared)
        } else if value < 0 {
            (shard + Self.negativeSlot).add(1, shared: shared)
        } else if value <= layout.lowestBound {
            (shard + Self.underflowSlot).add(1, shared: shared)
        } else {
            (shard + Self.overflowSlot).add(1, shared: shared)
        }
        if value.isFinite && value != 0 {
            (shard + Self.sumSlot).addDouble(value, shared: shared)
        }
        let key = OrderedBits.key(value)
        (shard + Self.minimumSlot).lower(to: key, shared: shared)
        (shard + Self.maximumSlot).raise(to: key, shared: shared)
    }

    /// Sets every bank back to empty.
    ///
    /// Not a record path, and not safe against concurrent recording: a record racing with the reset may be
    /// half kept. ``WindowedHistogram`` resets a slot only once no worker records into it.
    public func reset() {
        for bank in 0..<banks { reset(bank: bank) }
    }

    /// Sets one bank back to empty (same caveat as ``reset()``).
    public func reset(bank: Int) {
        precondition(bank >= 0 && bank < banks, "histogram bank \(bank) out of 0..<\(banks)")
        for shard in bank * workerShards..<(bank + 1) * workerShards {
            let start = base + firstShardOffset + shard * shardStride
            for word in 0..<shardStride {
                start[word].store(0, ordering: .relaxed)
            }
            start[Self.minimumSlot].store(OrderedBits.emptyMinimum, ordering: .relaxed)
            start[Self.maximumSlot].store(OrderedBits.emptyMaximum, ordering: .relaxed)
        }
    }

    /// Merges every shard into one snapshot.
    ///
    /// Taken while workers record, each figure is one the shard really held, but the figures are not one atomic
    /// cut (a count may include a record whose sum is not yet added). Taken after they stop, it is exact.
    public func snapshot() -> HistogramSnapshot {
        var merged = HistogramSnapshot(layout: layout)
        accumulate(into: &merged)
        return merged
    }

    /// Adds every bank's figures to `snapshot`, which must have this histogram's layout, without building
    /// intermediate snapshots: the cheap way to merge many histograms.
    public func accumulate(into snapshot: inout HistogramSnapshot) {
        for bank in 0..<banks { accumulate(bank: bank, into: &snapshot) }
    }

    /// Adds one bank's figures (all its worker shards) to `snapshot`.
    public func accumulate(bank: Int, into snapshot: inout HistogramSnapshot) {
        precondition(snapshot.layout == layout, "accumulate: the snapshot's layout differs from the histogram's")
        precondition(bank >= 0 && bank < banks, "histogram bank \(bank) out of 0..<\(banks)")
        for shard in bank * workerShards..<(bank + 1) * workerShards {
            snapshot.addShard(base + (firstShardOffset + shard * shardStride))
        }
    }

    /// One bank's figures.
    public func snapshot(bank: Int) -> HistogramSnapshot {
        var result = HistogramSnapshot(layout: layout)
        accumulate(bank: bank, into: &result)
        return result
    }

    /// The figures of one worker shard of `bank` — one worker's own histogram — with `shard` in
    /// `0..<registry.shardCount`.
    public func snapshot(bank: Int = 0, shard: Int) -> HistogramSnapshot {
        precondition(shard >= 0 && shard < workerShards, "histogram shard \(shard) out of 0..<\(workerShards)")
        precondition(bank >= 0 && bank < banks, "histogram bank \(bank) out of 0..<\(banks)")
        var result = HistogramSnapshot(layout: layout)
        result.addShard(base + (firstShardOffset + (bank * workerShards + shard) * shardStride))
        return result
    }
}
