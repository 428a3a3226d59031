import StatsCore

/// How a ``StatsPipeline`` is built.
public struct StatsPipelineConfiguration: Sendable {
    /// The API methods recorded.
    public var methods: MethodTable
    /// Exclusive worker shards (typically the number of worker threads); more workers share an overflow shard.
    public var workerCapacity: Int
    /// Slot length of the request monitor's sliding window.
    public var windowSlot: Duration = .seconds(1)
    /// Slots in the window (60 × 1 s by default: the one-minute figures).
    public var windowSlots: Int = 60
    /// Layout of the latency histograms (seconds, 1 µs ... 1 h by default).
    public var latencyLayout: HistogramLayout = .seconds
    /// Capacity of each client's event queue (drop-oldest beyond it).
    public var eventQueueCapacity: Int = 1024
    /// Restarts before this run (from persistence).
    public var restartCount: UInt64 = 0

    /// A configuration with the defaults for everything but the methods and the worker capacity.
    public init(methods: MethodTable, workerCapacity: Int) {
        self.methods = methods
        self.workerCapacity = workerCapacity
    }

    func validate() throws(StatsConfigurationError) {
        guard workerCapacity >= 1 else {
            throw .invalid("workers", "at least one worker shard is needed, got \(workerCapacity)")
        }
        guard eventQueueCapacity >= 1 else {
            throw .invalid("events.queue-capacity", "must be at least 1, got \(eventQueueCapacity)")
        }
    }
}
