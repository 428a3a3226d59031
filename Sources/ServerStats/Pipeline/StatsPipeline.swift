import StatsCore
import Synchronization

/// The statistics of one server: the server-wide and per-client figures and the request monitor,
/// recorded through per-worker shards and per-client records, read as snapshots.
///
/// Hot path: a worker finishes a request and calls ``recordRequest(method:seconds:requestBytes:responseBytes:outcome:client:worker:)``
/// — its own server shard, the client's record, the method's window histogram — and nothing else happens.
/// Cold path: readers call ``serverSnapshot()``, ``clientSnapshot(id:)``, ``requestStatistics(method:)``.
///
/// Time comes from ``clock`` (a ``CoarseClock``): record paths read it with one load. Call ``tick(to:)`` (or
/// start the clock's ticker and call ``tick()`` every slot) so the request window rotates.
public final class StatsPipeline: Sendable {
    /// How it was built.
    public let configuration: StatsPipelineConfiguration
    /// Worker shards: each worker thread registers once and passes its id to every record call.
    public let workers: WorkerRegistry
    /// The clock record paths read.
    public let clock: CoarseClock
    /// The API methods.
    public var methods: MethodTable { configuration.methods }
    /// The request monitor (sliding window, overall and per method, and the all-time figures). Read it through
    /// ``requestStatistics(method:)``, ``windowLatency(method:)``, ``allTimeLatency(method:)`` and
    /// ``allTimeCounts(method:)``.
    @usableFromInline let monitor: RequestMonitor
    /// When this run started.
    public let startTime: StatsTime

    @usableFromInline let server: CounterGroup
    let connected = PeakGauge()
    let concurrentCalls = PeakGauge()
    let activeSubscriptions = PeakGauge()
    let queueHealth = QueueHealthCounts()
    let sessions = MinMaxTracker()
    let errors: ErrorTimeline
    let clientRecords: RecordTable
    let clients = Mutex(ClientDirectory())

    /// Creates an empty pipeline whose clock starts at `start`.
    public init(
        configuration: StatsPipelineConfiguration, start: StatsTime = .wallClockNow()
    ) throws(StatsConfigurationError) {
        try configuration.validate()
        self.configuration = configuration
        self.workers = WorkerRegistry(capacity: configuration.workerCapacity)
        self.clock = CoarseClock(start: start)
        self.startTime = start
        self.monitor = try RequestMonitor(
            methods: configuration.methods, slotDuration: configuration.windowSlot,
            slotCount: configuration.windowSlots, layout: configuration.latencyLayout, registry: workers, start: start)
        self.server = CounterGroup(count: ServerField.allCases.count, registry: workers)
        self.errors = ErrorTimeline(start: start)
        self.clientRecords = RecordTable(fieldsPerRecord: ClientField.allCases.count, largeChunksAfter: 32_768)
    }

    /// Moves the clock to `time` and rotates the request window accordingly.
    public func tick(to time: StatsTime) {
        clock.advance(to: time)
        monitor.advance(to: clock.now)
    }

    /// Rotates the request window to the clock's current time (for a clock driven by its own ticker).
    public func tick() {
        monitor.advance(to: clock.now)
    }

    /// The request statistics over the window, for one method or all.
    public func requestStatistics(method: MethodID? = nil) -> RequestStatistics {
        monitor.statistics(method: method, at: clock.now)
    }
}
