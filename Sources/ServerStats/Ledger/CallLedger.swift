import StatsCore
import Synchronization

/// Per-call cost accounting for an API proxy: exact per-model aggregates, and a bounded window of raw records.
///
/// A naive ledger keeps every call record in a locked vector forever and sums `f64` costs. Here:
///
/// - **Recording** (``recordCall(model:inputTokens:outputTokens:cacheHit:actualCost:wouldBeCost:at:worker:)``)
///   takes a ``ModelID`` and a ``WorkerID``: it adds into the worker's own shard of a ``CounterGroup`` (one
///   64-byte line per model: calls, cache hits, input tokens, output tokens, actual cost, would-be cost) and
///   appends to the worker's own retention ring. No lock, no allocation, no string hashing, no clock read.
///   Costs are integer micro-units (``Cost``), so every sum is exact; savings are derived on read.
/// - **Reading** (``snapshot()``) sums the shards, adds the restored baseline, and derives the totals.
/// - **Registration** of model names is the only locked path (a `Mutex`), meant for start-up or first use.
///
/// ## Retention policy
///
/// Aggregates are exact regardless of retention: they count every call. Raw records are kept for inspection
/// only, as follows. Each exclusive worker of the registry has its own ring holding *that worker's* newest
/// ``retention`` limit records, in recording order (a ring has one writer, so workers never contend);
/// ``recentCalls()`` merges the rings by timestamp (ties: worker shard, then recording order) and returns the
/// newest `limit` of them, oldest first — with per-worker timestamps that do not go backwards, exactly the
/// newest `limit` calls recorded by exclusive workers. Dropped, and counted in ``droppedRecords``: every call
/// beyond those (older ones, evicted from retention), every call recorded through the registry's shared
/// overflow ``WorkerID`` (several threads share it, so it has no ring), and every call when retention is
/// ``CallRetention/disabled``. Raw records are not persisted; a restored baseline brings back aggregates only.
/// Memory: about 64 bytes × limit per exclusive worker.
///
/// ```swift
/// let registry = WorkerRegistry(capacity: 2)
/// let ledger = CallLedger(registry: registry)
/// let opus = try ledger.register(model: "claude-opus-4")
/// let me = registry.register()
/// ledger.recordCall(model: opus, inputTokens: 1000, outputTokens: 500, cacheHit: true,
///                   actualCost: .zero, wouldBeCost: Cost(microUnits: 52_500_000), at: clock.now, worker: me)
/// ledger.snapshot().totals.savings   // 52.500000
/// ```
public final class CallLedger: Sendable {
    /// Maximum number of models or methods that can be registered.
    public let modelCapacity: Int

    /// What raw records are kept (see the retention policy above).
    public let retention: CallRetention

    /// Per-model sums, `wordsPerModel` counters per model, one shard per worker.
    @usableFromInline let counters: CounterGroup
    /// One retention ring per exclusive shard of the registry; empty when retention is disabled.
    @usableFromInline let rings: [SnapshotRing<StoredCall>]
    @usableFromInline let token: UInt64
    let state: Mutex<State>

    /// Names and restored baseline: the cold-path state.
    struct State {
        var names: [String] = []
        var indexByName: [String: Int] = [:]
        var baseline: [CallFigures]
        /// Restored models that found no free slot: their saved figures are kept (snapshots, totals, the next
        /// save) but no new call can be recorded for them.
        var restoredOnly: [ModelCallStats] = []
    }

    /// Creates an empty ledger for at most `modelCapacity` models (at least 1), recorded by the workers of
    /// `registry`, keeping raw records as `retention` says.
    public init(registry: WorkerRegistry, modelCapacity: Int = 64, retention: CallRetention = .default) {
        precondition(modelCapacity >= 1, "CallLedger modelCapacity must be at least 1, got \(modelCapacity)")
        self.modelCapacity = modelCapacity
        self.retention = retention
        self.counters = CounterGroup(count: modelCapacity * Field.wordsPerModel, registry: registry)
        self.rings =
            retention.isEnabled
            ? (0..<registry.capacity).map { _ in SnapshotRing<StoredCall>(capacity: retention.limit) } : []
        self.token = LedgerToken.next()
        self.state = Mutex(State(baseline: Array(repeating: .zero, count: modelCapacity)))
    }

    /// Records one call of `model` by `worker`: no lock, no allocation, no clock read.
    ///
    /// `worker` must be used by one thread at a time unless it is the registry's shared id. Costs are in
    /// micro-units; `wouldBeCost` is what the call would have cost without the cache (equal to `actualCost`
    /// on a miss). A `model` issued by another ledger traps.
    @inlinable
    public func recordCall(
        model: ModelID, inputTokens: UInt64, outputTokens: UInt64, cacheHit: Bool, actualCost: Cost,
        wouldBeCost: Cost, at time: StatsTime, worker: WorkerID
    ) {
        precondition(model.ledgerToken == token, "CallLedger.recordCall: \(model) was issued by another CallLedger")
        let base = model.index &* Field.wordsPerModel
        counters.increment(base &+ Field.calls, worker: worker)
        counters.increment(base &+ Field.cacheHits, by: cacheHit ? 1 : 0, worker: worker)
        counters.increment(base &+ Field.inputTokens, by: inputTokens, worker: worker)
        counters.increment(base &+ Field.outputTokens, by: outputTokens, worker: worker)
        counters.increment(base &+ Field.actualCost, by: UInt64(bitPattern: actualCost.microUnits), worker: worker)
        counters.increment(base &+ Field.wouldBeCost, by: UInt64(bitPattern: wouldBeCost.microUnits), worker: worker)
        if !worker.isShared && !rings.isEmpty {
            rings[worker.shard].append(
                StoredCall(
                    timestamp: time.nanosecondsSinceEpoch, inputTokens: inputTokens, outputTokens: outputTokens,
                    actualCost: actualCost.microUnits, wouldBeCost: wouldBeCost.microUnits,
                    model: UInt32(truncatingIfNeeded: model.index), cacheHit: cacheHit))
        }
    }
}

/// Counter layout of one model: six sums, padded to eight words so that a model's counters fill one 64-byte line.
@usableFromInline
enum Field {
    @usableFromInline static var calls: Int { 0 }
    @usableFromInline static var cacheHits: Int { 1 }
    @usableFromInline static var inputTokens: Int { 2 }
    @usableFromInline static var outputTokens: Int { 3 }
    @usableFromInline static var actualCost: Int { 4 }
    @usableFromInline static var wouldBeCost: Int { 5 }
    @usableFromInline static var wordsPerModel: Int { 8 }
}

/// Source of unique ledger tokens, so that a ``ModelID`` is only accepted by the ledger that issued it.
private enum LedgerToken {
    static let counter = Atomic<UInt64>(0)
    static func next() -> UInt64 { counter.wrappingAdd(1, ordering: .relaxed).newValue }
}
