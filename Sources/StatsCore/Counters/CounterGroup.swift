import Synchronization

/// A fixed set of monotonic counters recorded per worker shard, read as exact totals.
///
/// The counters of one shard sit together (one worker touches one region of memory), and shards are padded
/// to 128 bytes so that no two workers write the same cache line. Increments wrap on overflow (2^64).
/// Use it for a statistic with many fields that the same workers update together — the server-wide
/// connection, call and byte counts — instead of one ``Counter`` per field.
///
/// ```swift
/// enum Field { static let requests = 0, errors = 1 }
/// let fields = CounterGroup(count: 2, registry: registry)
/// fields.increment(Field.requests, worker: me)
/// let requests = fields.load(Field.requests)
/// ```
public final class CounterGroup: Sendable {
    /// Number of counters in the group.
    public let count: Int

    /// Number of shards (the registry's capacity + 1).
    public let shardCount: Int

    @usableFromInline let words: AtomicWordBuffer
    @usableFromInline let shardStride: Int
    @usableFromInline let registryToken: UInt64

    /// Creates `count` counters, all zero, with one shard per worker of `registry`.
    public init(count: Int, registry: WorkerRegistry) {
        precondition(count >= 1, "CounterGroup needs at least one counter, got \(count)")
        self.count = count
        self.shardCount = registry.shardCount
        self.shardStride = AtomicWordBuffer.paddedStride(count)
        self.registryToken = registry.token
        self.words = AtomicWordBuffer(count: shardStride * shardCount)
    }

    /// Adds `amount` to counter `index` in `worker`'s shard. No lock, no allocation, no clock read.
    @inlinable @inline(__always)
    public func increment(_ index: Int, by amount: UInt64 = 1, worker: WorkerID) {
        worker.checkIssued(by: registryToken)
        precondition(UInt(bitPattern: index) < UInt(count), "CounterGroup index \(index) out of 0..<\(count)")
        (words.base + (worker.shard &* shardStride &+ index)).add(amount, shared: worker.isShared)
    }

    /// Raises field `index` of `worker`'s shard to `value` if larger: for "largest request" style fields kept
    /// in the same group as the counters. Read such a field with ``maximum(_:)``, not ``load(_:)``.
    @inlinable @inline(__always)
    public func recordMaximum(_ index: Int, _ value: UInt64, worker: WorkerID) {
        worker.checkIssued(by: registryToken)
        precondition(UInt(bitPattern: index) < UInt(count), "CounterGroup index \(index) out of 0..<\(count)")
        (words.base + (worker.shard &* shardStride &+ index)).raise(to: value, shared: worker.isShared)
    }

    /// The largest value of field `index` over all shards (for fields recorded with ``recordMaximum(_:_:worker:)``).
    public func maximum(_ index: Int) -> UInt64 {
        precondition(index >= 0 && index < count, "CounterGroup index \(index) out of 0..<\(count)")
        var largest: UInt64 = 0
        for shard in 0..<shardCount {
            largest = Swift.max(largest, (words.base + (shard * shardStride + index)).value)
        }
        return largest
    }

    /// Sets counter `index` back to zero in every shard. Cold path, not safe against concurrent increments of
    /// the same counter (a racing increment may be lost): callers reset only counters no worker is recording.
    public func reset(_ index: Int) {
        precondition(index >= 0 && index < count, "CounterGroup index \(index) out of 0..<\(count)")
        for shard in 0..<shardCount {
            (words.base + (shard * shardStride + index)).pointee.store(0, ordering: .relaxed)
        }
    }

    /// Exact total of counter `index` over all shards (exact once writers are quiescent; while they run, each
    /// shard's contribution is a value it really held).
    public func load(_ index: Int) -> UInt64 {
        precondition(index >= 0 && index < count, "CounterGroup index \(index) out of 0..<\(count)")
        var total: UInt64 = 0
        for shard in 0..<shardCount {
            total &+= (words.base + (shard * shardStride + index)).value
        }
        return total
    }

    /// Totals of every counter, in index order.
    public func loadAll() -> [UInt64] {
        var totals = [UInt64](repeating: 0, count: count)
        for shard in 0..<shardCount {
            for index in 0..<count {
                totals[index] &+= (words.base + (shard * shardStride + index)).value
            }
        }
        return totals
    }

    /// The values one shard holds (its worker's own figures), in index order; `shard` in `0..<shardCount`.
    public func load(shard: Int) -> [UInt64] {
        precondition(shard >= 0 && shard < shardCount, "CounterGroup shard \(shard) out of 0..<\(shardCount)")
        return (0..<count).map { (words.base + (shard * shardStride + $0)).value }
    }
}
