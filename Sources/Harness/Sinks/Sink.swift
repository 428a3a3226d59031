import ServerStats
import Simulation
import StatsCore

/// A statistics implementation under test: what the runner feeds every simulated request into.
///
/// The runner is generic over the sink (`drive<S: Sink>`), so ``record(_:worker:)`` is a direct, specialised
/// call: the harness adds no existential dispatch, lock or allocation of its own to the path it measures.
///
/// **Threads.** ``record(_:worker:)`` (and its variants with a connection) is the hot path: worker `w` (in
/// `0 ..< setup.workers`) calls it from its own thread, so a sink may keep per-worker state indexed by `worker`
/// without synchronisation between workers; so are the calls' begins and ends during an epoch. Every other
/// requirement is the *control plane*: the runner calls it from one thread while every worker is parked at an
/// epoch barrier (the barrier orders memory both ways).
///
/// **Clients.** The scenario's client population is a set of slots `0 ..< setup.clients`; a request names its
/// slot (``SimulatedRequest/clientIndex``). Churn replaces the client in a slot: ``disconnect(slot:reason:)``
/// then ``connect(slot:)``. Every slot is connected before the first request.
///
/// **Connections.** The runner keeps a ``Connection`` per slot and calls the variants that take it
/// (``connect(slot:connection:)``, ``record(_:connection:worker:)`` …; by default they call the plain ones): a
/// sink may keep its per-client handle in the connection, where a server keeps it, instead of a table of its own.
///
/// **Windows.** The run is cut into windows of `setup.windowNanoseconds` of simulated time. When a window
/// ends the runner calls ``advance(toNanoseconds:)`` and then ``quantiles(_:scope:)`` with `.window`, which
/// answers for the window that just ended (or `nil` if the sink has no windows).
public protocol Sink: AnyObject, Sendable {
    /// Creates the sink for one run.
    init(setup: SinkSetup) throws(HarnessError)

    /// Records one finished request; called by worker `worker` from its own thread.
    func record(_ request: SimulatedRequest, worker: Int)
    /// Records one finished request that called a model, with the call's tokens and cost.
    func record(_ request: SimulatedRequest, call: SimulatedCall, worker: Int)

    /// A call of the client in `slot` is in flight from now (its intended start) until ``endCall(slot:worker:)``:
    /// the concurrent-call figures. The runner keeps the calls in flight in simulated time — every sink's drive
    /// pays that bookkeeping, so the `none` sink's run subtracts it — and calls this on worker `worker`'s
    /// thread right after ``record(_:worker:)`` for a request with a positive latency.
    func beginCall(slot: Int, worker: Int)
    /// A call of the client in `slot` ended: on worker `worker`'s thread before it records a request that starts
    /// at or after the end, or on the control plane (an epoch's end, a client leaving) with the workers parked.
    func endCall(slot: Int, worker: Int)
    /// A new client takes slot `slot` (control plane).
    func connect(slot: Int)

    /// A new client takes slot `slot`, whose connection is `connection` (control plane): the driver calls this one.
    /// By default ``connect(slot:)``; a sink may also keep per-connection state in the connection
    /// (``Swift/UnsafeMutablePointer/storeSinkState(_:)``) for its record path to read.
    func connect(slot: Int, connection: UnsafeMutablePointer<Connection>)
    /// ``record(_:worker:)`` with the request's connection, which the driver has just written (so it is in cache):
    /// the driver calls this one; by default ``record(_:worker:)``.
    func record(_ request: SimulatedRequest, connection: UnsafeMutablePointer<Connection>, worker: Int)
    /// A request will arrive on `connection` soon (``ReadAhead/prepareDistance`` requests ahead of its record, on
    /// worker `worker`'s thread; the connection itself was prefetched further ahead): a sink may start loading
    /// what that record will write — a prefetch, as a server can once it has read a request off the connection
    /// and before its handler runs. It must not change any figure. By default nothing.
    func prepare(connection: UnsafeMutablePointer<Connection>, worker: Int)
    /// ``record(_:call:worker:)`` with the request's connection; by default ``record(_:call:worker:)``.
    func record(
        _ request: SimulatedRequest, call: SimulatedCall, connection: UnsafeMutablePointer<Connection>, worker: Int)
    /// ``beginCall(slot:worker:)`` with the call's connection; by default ``beginCall(slot:worker:)``.
    func beginCall(slot: Int, connection: UnsafeMutablePointer<Connection>, worker: Int)
    /// ``endCall(slot:worker:)`` with the call's connection; by default ``endCall(slot:worker:)``.
    func endCall(slot: Int, connection: UnsafeMutablePointer<Connection>, worker: Int)
    /// The client in slot `slot` leaves (control plane).
    func disconnect(slot: Int, reason: DisconnectReason)
    /// Simulated time moved to `nanoseconds` since the run's start (control plane; window ends included).
    func advance(toNanoseconds nanoseconds: UInt64)
    /// The sink's estimate of each quantile in `quantiles` (fractions in `0 ... 1`; `1` is the maximum), per
    /// method: `result[method][i]`. `nil` when the sink has no such query for this scope; an inner `nil` when
    /// it cannot answer for that method (no data).
    func quantiles(_ quantiles: [Double], scope: QuantileScope) -> [[Double?]]?
    /// The same estimates, where the sink can say more than a value: a quantile whose rank falls outside its
    /// histogram's range answers the side and the bound (``QuantileEstimate/above(_:)``) instead of `nil`.
    /// The runner asks this one; by default it is ``quantiles(_:scope:)``'s values.
    func quantileEstimates(_ quantiles: [Double], scope: QuantileScope) -> [[QuantileEstimate?]]?
    /// What the sink counted, for the conservation checks (after the run).
    func totals() -> SinkTotals
}

extension Sink {
    /// By default a sink loads nothing ahead.
    @inline(__always)
    public func prepare(connection: UnsafeMutablePointer<Connection>, worker: Int) {}

    /// By default a sink keeps no call costs: it records the request alone.
    @inline(__always)
    public func record(_ request: SimulatedRequest, call: SimulatedCall, worker: Int) {
        record(request, worker: worker)
    }

    /// By default a sink keeps no concurrent-call figures.
    @inline(__always)
    public func beginCall(slot: Int, worker: Int) {}
    /// By default a sink keeps no concurrent-call figures.
    @inline(__always)
    public func endCall(slot: Int, worker: Int) {}
    /// By default a sink keeps no per-client state.
    public func connect(slot: Int) {}
    /// By default the plain ``connect(slot:)``: nothing kept in the connection.
    public func connect(slot: Int, connection: UnsafeMutablePointer<Connection>) { connect(slot: slot) }
    /// By default the plain ``record(_:worker:)``: the connection is not read.
    @inline(__always)
    public func record(_ request: SimulatedRequest, connection: UnsafeMutablePointer<Connection>, worker: Int) {
        record(request, worker: worker)
    }
    /// By default the plain ``record(_:call:worker:)``: the connection is not read.
    @inline(__always)
    public func record(
        _ request: SimulatedRequest, call: SimulatedCall, connection: UnsafeMutablePointer<Connection>, worker: Int
    ) {
        record(request, call: call, worker: worker)
    }
    /// By default the plain ``beginCall(slot:worker:)``.
    @inline(__always)
    public func beginCall(slot: Int, connection: UnsafeMutablePointer<Connection>, worker: Int) {
        beginCall(slot: slot, worker: worker)
    }
    /// By default the plain ``endCall(slot:worker:)``.
    @inline(__always)
    public func endCall(slot: Int, connection: UnsafeMutablePointer<Connection>, worker: Int) {
        endCall(slot: slot, worker: worker)
    }
    /// By default a sink keeps no per-client state.
    public func disconnect(slot: Int, reason: DisconnectReason) {}
    /// By default a sink has no clock.
    public func advance(toNanoseconds nanoseconds: UInt64) {}
    /// By default a sink answers no quantile query.
    public func quantiles(_ quantiles: [Double], scope: QuantileScope) -> [[Double?]]? { nil }
    /// By default the values of ``quantiles(_:scope:)``.
    public func quantileEstimates(_ quantiles: [Double], scope: QuantileScope) -> [[QuantileEstimate?]]? {
        self.quantiles(quantiles, scope: scope)?.map { perMethod in perMethod.map { $0.map(QuantileEstimate.value) } }
    }
    /// By default a sink keeps no totals (nothing to check).
    public func totals() -> SinkTotals { SinkTotals() }
}

/// Which requests a quantile query covers.
public enum QuantileScope: String, Sendable, Hashable, CaseIterable {
    /// Every request of the run.
    case run
    /// The requests of the window that just ended.
    case window

    /// The scope named `name` (`run`, `window`: its spelling in result.json), or `nil`.
    public init?(name: String) { self.init(rawValue: name) }

    /// The name result.json and reports use.
    public var name: String { rawValue }
}

/// What every sink is told about the run before it starts.
public struct SinkSetup: Sendable, Hashable {
    /// The request mix's method names; a request's ``SimulatedRequest/methodIndex`` indexes this array.
    public var methods: [String]
    /// Worker threads that call ``Sink/record(_:worker:)``.
    public var workers: Int
    /// Client slots (`0 ..< clients`).
    public var clients: Int
    /// Length of one window of simulated time, in nanoseconds (the scenario's stats interval).
    public var windowNanoseconds: UInt64
    /// Entries in a history ring (the scenario's `history-capacity`).
    public var historyCapacity: Int
    /// Injected cost of the `calibrated` sink per event, in nanoseconds.
    public var calibratedNanoseconds: Double
    /// The `calibrated` sink's cost of one iteration of its chain, in nanoseconds; `nil`: calibrated once per
    /// process. Given, it makes runs in different processes spin exactly in proportion to their injected costs.
    public var calibratedNanosecondsPerIteration: Double? = nil
    /// Per method, the model its calls are recorded under (`nil`: the method calls no model).
    public var callModels: [String?] = []
    /// The scenario's seed (for a sink's own control-plane randomness, e.g. server events).
    public var seed: UInt64 = 0
    /// Server events pushed into client queues (only a sink with event queues uses it).
    public var serverEvents: ServerEventSpec? = nil
    /// Piece subscriptions (only a sink with subscriptions uses it).
    public var subscriptions: SubscriptionSpec? = nil
    /// Where a sink that writes stats files writes one per window; `nil`: none.
    public var statsDirectory: String? = nil
    /// A process whose resources a sink with a resource sampler watches (the scenario's watched process).
    public var watchedProcess: Int32? = nil
    /// Restarts before this run (from a state file), for a sink with a pipeline to report.
    public var restartCount: UInt64 = 0
    /// Alert thresholds a sink with a resource history evaluates at each window end (`nil`: none).
    public var alerts: AlertThresholds? = nil

    /// Creates a setup.
    public init(
        methods: [String], workers: Int, clients: Int, windowNanoseconds: UInt64 = 1_000_000_000,
        historyCapacity: Int = 360, calibratedNanoseconds: Double = 200
    ) {
        self.methods = methods
        self.workers = workers
        self.clients = clients
        self.windowNanoseconds = windowNanoseconds
        self.historyCapacity = historyCapacity
        self.calibratedNanoseconds = calibratedNanoseconds
    }
}

/// What a sink counted over the run; `nil` for a figure the sink does not keep.
public struct SinkTotals: Sendable, Hashable, Codable {
    /// Requests recorded.
    public var requests: UInt64?
    /// Failed requests recorded.
    public var failures: UInt64?
    /// Requests recorded per method (indexed like ``SinkSetup/methods``).
    public var requestsPerMethod: [UInt64]?
    /// Request bytes recorded.
    public var requestBytes: UInt64?
    /// Response bytes recorded.
    public var responseBytes: UInt64?

    /// Creates totals; omitted figures are not kept.
    public init(
        requests: UInt64? = nil, failures: UInt64? = nil, requestsPerMethod: [UInt64]? = nil,
        requestBytes: UInt64? = nil, responseBytes: UInt64? = nil
    ) {
        self.requests = requests
        self.failures = failures
        self.requestsPerMethod = requestsPerMethod
        self.requestBytes = requestBytes
        self.responseBytes = responseBytes
    }
}
