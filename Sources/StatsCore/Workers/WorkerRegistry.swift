import Synchronization

/// Hands out worker ids, each naming a shard of every sharded primitive created with this registry.
///
/// A registry with capacity *N* gives primitives *N + 1* shards: *N* exclusive ones, each owned by one worker
/// at a time, and one overflow shard shared by every worker registered while all *N* are taken.
///
/// - Exclusive shards are single-writer: recording is a plain load and store on memory no other writer touches
///   (shards are padded to 128 bytes), which is what makes a record cost about a nanosecond.
/// - With more workers than exclusive shards, nothing fails and nothing is lost: the extra workers receive the
///   shared id, whose records use atomic read-modify-write operations. Only their speed suffers. Size the
///   capacity to the number of worker threads (or cores) to keep every worker exclusive.
/// - ``release(_:)`` returns an exclusive shard for reuse; the figures it holds stay, so totals are unchanged.
///
/// Registration takes a lock; it is meant for thread start-up, never for a record path.
public final class WorkerRegistry: Sendable {
    /// Number of exclusive shards; primitives made with this registry have `capacity + 1` shards.
    public let capacity: Int

    /// Shards each primitive allocates: the exclusive ones plus the overflow shard.
    public var shardCount: Int { capacity + 1 }

    /// Index of the overflow shard shared by the workers beyond capacity.
    public var sharedShard: Int { capacity }

    @usableFromInline let token: UInt64
    private let state: Mutex<State>

    private struct State {
        var claimed: [Bool]
        var sharedUsers = 0
    }

    /// Creates a registry with `capacity` exclusive shards (at least 1; typically the number of worker threads).
    public init(capacity: Int) {
        precondition(capacity >= 1, "WorkerRegistry capacity must be at least 1, got \(capacity)")
        self.capacity = capacity
        self.token = RegistryToken.next()
        self.state = Mutex(State(claimed: Array(repeating: false, count: capacity)))
    }

    /// Claims the lowest free exclusive shard, or returns the shared overflow id when all are taken.
    public func register() -> WorkerID {
        state.withLock { state in
            if let free = state.claimed.firstIndex(of: false) {
                state.claimed[free] = true
                return WorkerID(shard: free, isShared: false, registryToken: token)
            }
            state.sharedUsers += 1
            return WorkerID(shard: capacity, isShared: true, registryToken: token)
        }
    }

    /// Returns the shared overflow id without claiming an exclusive shard, for recorders that run on arbitrary
    /// threads (swift-metrics handlers, for example): every record through it is an atomic read-modify-write,
    /// so any number of threads may use it at once. Release it with ``release(_:)`` like any other id.
    public func registerShared() -> WorkerID {
        state.withLock { state in
            state.sharedUsers += 1
            return WorkerID(shard: capacity, isShared: true, registryToken: token)
        }
    }

    /// Returns a worker's shard for reuse. The worker must not record with the id afterwards.
    ///
    /// Releasing an id of another registry, or an exclusive id twice, is a programming error and traps.
    public func release(_ worker: WorkerID) {
        precondition(worker.registryToken == token, "WorkerRegistry.release: \(worker) belongs to another registry")
        state.withLock { state in
            if worker.isShared {
                precondition(state.sharedUsers > 0, "WorkerRegistry.release: shared id released more often than issued")
                state.sharedUsers -= 1
            } else {
                precondition(state.claimed[worker.shard], "WorkerRegistry.release: \(worker) released twice")
                state.claimed[worker.shard] = false
            }
        }
    }

    /// Number of exclusive shards currently claimed.
    public var exclusiveWorkers: Int {
        state.withLock { $0.claimed.lazy.filter { $0 }.count }
    }

    /// Number of workers currently recording through the shared overflow shard.
    public var sharedWorkers: Int {
        state.withLock { $0.sharedUsers }
    }
}

/// Source of unique registry tokens.
private enum RegistryToken {
    static let counter = Atomic<UInt64>(0)
    static func next() -> UInt64 { counter.wrappingAdd(1, ordering: .relaxed).newValue }
}
