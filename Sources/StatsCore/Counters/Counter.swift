/// A monotonic counter that several workers increment without sharing a cache line.
///
/// Each worker adds into its own padded shard (a plain load and store for an exclusive ``WorkerID``, an atomic
/// add for the shared one); ``load()`` sums the shards. Increments wrap on overflow (2^64).
///
/// ```swift
/// let registry = WorkerRegistry(capacity: 2)
/// let requests = Counter(registry: registry)
/// let me = registry.register()
/// requests.increment(worker: me)
/// requests.load()  // 1
/// ```
public final class Counter: Sendable {
    @usableFromInline let group: CounterGroup

    /// Creates a counter at zero with one shard per worker of `registry`.
    public init(registry: WorkerRegistry) {
        group = CounterGroup(count: 1, registry: registry)
    }

    /// Adds `amount` in `worker`'s shard. No lock, no allocation, no clock read.
    @inlinable @inline(__always)
    public func increment(by amount: UInt64 = 1, worker: WorkerID) {
        group.increment(0, by: amount, worker: worker)
    }

    /// Exact total over all shards.
    public func load() -> UInt64 { group.load(0) }

    /// Each shard's own figure, indexed by ``WorkerID/shard`` (the last one is the shared overflow shard).
    public func perShard() -> [UInt64] {
        (0..<group.shardCount).map { group.load(shard: $0)[0] }
    }
}
