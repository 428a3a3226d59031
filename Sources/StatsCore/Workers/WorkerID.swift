/// The identity under which one worker (a thread, or a task pinned to one) records into sharded primitives.
///
/// Obtain one from ``WorkerRegistry/register()`` and pass it to every record call. An *exclusive* id owns its
/// shard: records through it are plain loads and stores, with no atomic read-modify-write, so only one thread
/// at a time may use it. A *shared* id (handed out once every exclusive shard is taken) records into the
/// registry's overflow shard with atomic read-modify-write operations, so any number of threads may use it
/// at once — correct, only slower under contention.
///
/// ```swift
/// let registry = WorkerRegistry(capacity: 4)
/// let requests = Counter(registry: registry)
/// let me = registry.register()
/// requests.increment(worker: me)
/// ```
public struct WorkerID: Sendable, Hashable, CustomStringConvertible {
    /// Index of the shard this worker records into, in `0...registry.capacity`.
    public let shard: Int

    /// True when the id records into the overflow shard shared by all workers beyond the registry's capacity.
    public let isShared: Bool

    /// Identifies the registry that issued the id, so that an id is never used with another registry's primitives.
    @usableFromInline let registryToken: UInt64

    @usableFromInline
    init(shard: Int, isShared: Bool, registryToken: UInt64) {
        self.shard = shard
        self.isShared = isShared
        self.registryToken = registryToken
    }

    /// `worker 3` or `worker 8 (shared overflow shard)`.
    public var description: String {
        isShared ? "worker \(shard) (shared overflow shard)" : "worker \(shard)"
    }

    /// Traps unless this id was issued by the registry with `token`: every record path calls it (one comparison),
    /// so an id can never write into a shard that another registry gave to a different worker.
    @inlinable @inline(__always)
    func checkIssued(by token: UInt64) {
        precondition(registryToken == token, "\(self) was issued by another WorkerRegistry")
    }
}
