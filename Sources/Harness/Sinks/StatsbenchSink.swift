import ServerStats
import Simulation
import StatsCore
import StatsExport

/// This package's pipeline (``ServerStats/StatsPipeline``): every request goes through the server-wide
/// shard of its worker, its client's record and its method's window histogram — the whole record path.
///
/// The control plane drives the rest of the pipeline the way a server would: connects and disconnects,
/// server events into drop-oldest client queues drained by (possibly slow) consumers, piece subscriptions,
/// window rotation, interval reports and the resource history ring.
///
/// **Threads, and why `@unchecked Sendable` is safe.** Client handles live in a plain buffer indexed by slot
/// (`handles`, raw memory the compiler cannot check), read by workers and replaced only by the control plane
/// while the workers are parked at the epoch barrier (which orders memory both ways). Every other `var`
/// (connected slots, client numbering, departed totals, the server-event load, the last interval report and
/// the p99 history) is control-plane state, read and written only by the one thread that drives the sink
/// (the runner's control thread, or the live load's thread under `serve`) — never by a worker or an HTTP
/// handler, which reach the figures through ``pipeline`` and the other `let`s, each Sendable on its own. The
/// runner binds each client slot to one worker (``ClientPinning``, as a connection is bound to an event loop),
/// so handles are exclusive (plain stores); with fewer clients than workers they are shared (atomic
/// read-modify-write), as DESIGN prescribes for a client served by several workers.
public final class StatsbenchSink: Sink, @unchecked Sendable {
    /// The pipeline under test.
    public let pipeline: StatsPipeline
    /// The interval aggregator, reported at each window end.
    public let intervals: IntervalAggregator
    /// The resource history, sampled at each window end.
    public let history: HistoryCollector
    /// The resource sampler behind ``history`` (watches the scenario's process, if any).
    public let sampler: ResourceSampler

    /// The call ledger: tokens and costs of the methods that call a model.
    public let ledger: CallLedger
    /// Per method, the ledger's model id (`nil`: the method calls no model).
    let callModels: [ModelID?]
    /// The scenario's alerts, evaluated at each window end (`nil` when it names no thresholds).
    public let alerts: AlertBoard?
    /// Writes each interval report as a stats file when the setup names a stats directory.
    public let statsFiles: StatsFileWriter?

    let workerIDs: [WorkerID]
    let handles: UnsafeMutablePointer<ClientHandle>
    let slotCount: Int
    let shared: Bool
    let start: StatsTime
    var connectedSlots: [Bool]
    var nextClientNumber = 0
    var departed = DepartedTotals()
    var lastAdvance: UInt64 = 0
    var events: EventLoad?
    /// The newest interval report.
    public private(set) var lastIntervalReport: IntervalReport?
    /// How many interval reports were taken (one per window; only the last is kept, so a long-lived sink
    /// under `serve` does not grow).
    public private(set) var intervalReportCount = 0
    /// The window p99 after each window, thinned to a bounded number of points for the report's chart.
    public private(set) var windowP99History = WindowP99History()

    /// Builds the pipeline for `setup`.
    public init(setup: SinkSetup) throws(HarnessError) {
        let start = StatsTime.wallClockNow()
        let pipeline: StatsPipeline
        do {
            var configuration = StatsPipelineConfiguration(
                methods: try MethodTable(setup.methods), workerCapacity: setup.workers)
            configuration.windowSlot = .nanoseconds(Int64(setup.windowNanoseconds))
            if let queue = setup.serverEvents?.queueCapacity { configuration.eventQueueCapacity = queue }
            configuration.restartCount = setup.restartCount
            pipeline = try StatsPipeline(configuration: configuration, start: start)
        } catch {
            throw .sinkSetup(sink: SinkKind.statsbench.name, reason: "\(error)")
        }
        self.start = start
        self.pipeline = pipeline
        workerIDs = (0..<setup.workers).map { _ in pipeline.workers.register() }
        slotCount = setup.clients
        // Slots are pinned to workers (``ClientPinning``) unless there are fewer clients than workers.
        shared = setup.workers > 1 && !ClientPinning.pins(workers: setup.workers, clients: setup.clients)
        handles = .allocate(capacity: max(1, setup.clients))
        connectedSlots = Array(repeating: false, count: setup.clients)
        intervals = IntervalAggregator(pipeline: pipeline)
        let ledger = CallLedger(registry: pipeline.workers)
        do {
            callModels = try setup.callModels.map { name throws(CallLedgerError) in
                try name.map { name throws(CallLedgerError) in try ledger.registerIfNeeded(model: name) }
            }
        } catch {
            throw .sinkSetup(sink: SinkKind.statsbench.name, reason: "call ledger: \(error)")
        }
        self.ledger = ledger
        sampler = ResourceSampler(watchedPID: setup.watchedProcess)
        do {
            history = HistoryCollector(
                configuration: try HistoryConfiguration(
                    intervalSeconds: Double(setup.windowNanoseconds) / 1e9, capacity: setup.historyCapacity),
                sampler: sampler)
        } catch {
            throw .sinkSetup(sink: SinkKind.statsbench.name, reason: "stats.history-capacity: \(error)")
        }
        do {
            statsFiles = try setup.statsDirectory.map { directory throws(StatsFileError) in
                try StatsFileWriter(directory: directory)
            }
        } catch {
            throw .sinkSetup(sink: SinkKind.statsbench.name, reason: "\(error) (the scenario's stats.directory)")
        }
        alerts = setup.alerts.map { AlertBoard(thresholds: $0) }
        if setup.serverEvents != nil || setup.subscriptions != nil {
            events = EventLoad(setup: setup, slots: setup.clients)
        }
    }

    deinit {
        handles.deallocate()
    }

    /// The whole record path of one request.
    @inline(__always)
    public func record(_ request: SimulatedRequest, worker: Int) {
        pipeline.recordRequest(
            method: MethodID(index: Int(request.methodIndex)), seconds: request.latencySeconds,
            requestBytes: UInt64(request.requestBytes), responseBytes: UInt64(request.responseBytes),
            outcome: request.outcome == .success ? .success : .internalError,
            client: handles[Int(request.clientIndex)], worker: workerIDs[worker])
    }

    /// The whole record path of one request, with the client's handle from the request's connection (where
    /// ``connect(slot:connection:)`` put it, as a server keeps it in its connection) instead of ``handles``.
    @inline(__always)
    public func record(_ request: SimulatedRequest, connection: UnsafeMutablePointer<Connection>, worker: Int) {
        pipeline.recordRequest(
            method: MethodID(index: Int(request.methodIndex)), seconds: request.latencySeconds,
            requestBytes: UInt64(request.requestBytes), responseBytes: UInt64(request.responseBytes),
            outcome: request.outcome == .success ? .success : .internalError,
            client: connection.sinkState(as: ClientHandle.self), worker: workerIDs[worker])
    }

    /// Prefetches the line of the client's record that the request will write (the handle is in the connection,
    /// which the driver prefetched further ahead): at hundreds of thousands of clients a record is a miss to
    /// memory, which the record would otherwise wait for.
    @inline(__always)
    public func prepare(connection: UnsafeMutablePointer<Connection>, worker: Int) {
        connection.sinkState(as: ClientHandle.self).prefetch()
    }

    /// The whole record path of a request that called a model, plus the call in the ledger.
    @inline(__always)
    public func record(_ request: SimulatedRequest, call: SimulatedCall, worker: Int) {
        record(request, worker: worker)
        recordCall(request, call: call, worker: worker)
    }

    /// ``record(_:call:worker:)`` with the client's handle from the request's connection.
    @inline(__always)
    public func record(
        _ request: SimulatedRequest, call: SimulatedCall, connection: UnsafeMutablePointer<Connection>, worker: Int
    ) {
        record(request, connection: connection, worker: worker)
        recordCall(request, call: call, worker: worker)
    }

    /// The model call of `request` in the ledger.
    @inline(__always)
    func recordCall(_ request: SimulatedRequest, call: SimulatedCall, worker: Int) {
        guard let model = callModels[Int(request.methodIndex)] else { return }
        ledger.recordCall(
            model: model, inputTokens: call.inputTokens, outputTokens: call.outputTokens, cacheHit: call.cacheHit,
            actualCost: Cost(microUnits: call.actualMicroUnits), wouldBeCost: Cost(microUnits: call.wouldBeMicroUnits),
            at: pipeline.clock.now, worker: workerIDs[worker])
    }

    /// Connects a new client into `slot`, and keeps its handle in the slot's connection too.
    public func connect(slot: Int, connection: UnsafeMutablePointer<Connection>) {
        connect(slot: slot)
        connection.storeSinkState(handles[slot])
    }

    /// Connects a new client into `slot`.
    public func connect(slot: Int) {
        nextClientNumber += 1
        let handle = try! pipeline.connect(  // ids are fresh and never empty
            clientID: "client-\(nextClientNumber)", sharedAcrossWorkers: shared, worker: workerIDs[0])
        (handles + slot).initialize(to: handle)
        connectedSlots[slot] = true
        events?.clientConnected(slot: slot, handle: handle, pipeline: pipeline)
    }

    /// Disconnects the client in `slot`, keeping its final figures for the conservation checks.
    public func disconnect(slot: Int, reason: DisconnectReason) {
        guard connectedSlots[slot] else { return }
        events?.clientLeaving(slot: slot)
        let final = try! pipeline.disconnect(handles[slot], reason: reason, worker: workerIDs[0])  // connected
        departed.add(final)
        connectedSlots[slot] = false
    }

    /// Moves the pipeline's clock (rotating the window, which folds the slots it clears into the all-time
    /// latencies), runs the epoch's events and subscriptions, and takes an interval report and a history sample.
    public func advance(toNanoseconds nanoseconds: UInt64) {
        let previous = lastAdvance
        lastAdvance = nanoseconds
        events?.run(from: previous, to: nanoseconds, handles: handles, pipeline: pipeline, worker: workerIDs[0])
        let time = StatsTime(nanosecondsSinceEpoch: start.nanosecondsSinceEpoch &+ nanoseconds)
        pipeline.tick(to: time)
        let report = intervals.report(at: time)
        lastIntervalReport = report
        intervalReportCount += 1
        windowP99History.append(seconds: Double(nanoseconds) / 1e9, p99Seconds: pipeline.requestStatistics().p99)
        statsFiles?.write(report)
        if history.collectOnce(at: time), let alerts, let sample = history.latest() {
            alerts.evaluate(AlertInput(sample: sample, requests: pipeline.requestStatistics()))
        }
    }

    /// Window: the slot that ended at the last boundary; run: the pipeline's all-time latencies.
    public func quantiles(_ quantiles: [Double], scope: QuantileScope) -> [[Double?]]? {
        quantileEstimates(quantiles, scope: scope)?.map { perMethod in perMethod.map { $0?.value } }
    }

    /// As ``quantiles(_:scope:)``, with out-of-range answers (`> 12.1 d`) kept.
    public func quantileEstimates(_ quantiles: [Double], scope: QuantileScope) -> [[QuantileEstimate?]]? {
        pipeline.methods.ids.map { id in
            switch scope {
            case .window: pipeline.slotLatency(age: 1, method: id).estimates(quantiles)
            case .run: pipeline.allTimeLatency(method: id).estimates(quantiles)
            }
        }
    }

    /// The server-wide totals and per-method all-time counts.
    public func totals() -> SinkTotals {
        let server = pipeline.serverSnapshot()
        return SinkTotals(
            requests: server.apiCallsTotal, failures: server.apiCallsFailure,
            requestsPerMethod: pipeline.methods.ids.map { pipeline.allTimeCounts(method: $0).calls },
            requestBytes: server.bytesApiRequestsTotal, responseBytes: server.bytesApiResponsesTotal)
    }
}

/// The figures of every client that has left, summed (for the conservation checks).
struct DepartedTotals {
    var clients: UInt64 = 0
    var calls: UInt64 = 0
    var failures: UInt64 = 0
    var requestBytes: UInt64 = 0
    var responseBytes: UInt64 = 0
    var eventsSent: UInt64 = 0
    var eventsDropped: UInt64 = 0
    var eventsDelivered: UInt64 = 0

    mutating func add(_ client: ClientSnapshot) {
        clients += 1
        calls += client.apiCallsTotal
        failures += client.apiCallsFailure
        requestBytes += client.bytesApiRequests
        responseBytes += client.bytesApiResponses
        eventsSent += client.eventsSent
        eventsDropped += client.eventsDropped
        eventsDelivered += client.eventsDelivered
    }
}
