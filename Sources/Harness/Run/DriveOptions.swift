import StatsCore

/// What one drive of a sink records besides feeding it.
struct DriveOptions {
    /// Keep every generated latency per worker and method (the ground truth for accuracy).
    var captureLatencies = false
    /// Time every `costSampleInterval`-th `record` call (0: none) for the per-event cost distribution.
    var costSampleInterval = 0
    /// Read jemalloc's per-thread counters around each worker's record loop.
    var measureAllocations = false
    /// Quantiles asked of the sink at each window end (empty: no window queries).
    var windowQuantiles: [Double] = []
    /// Called on the control thread after each epoch (completed epochs, simulated nanoseconds, events so far).
    var progress: ((Int, UInt64, UInt64) -> Void)? = nil
    /// Called on the control thread at each epoch end, after the sink advanced (faults, samplers).
    var epochHook: ((UInt64) -> Void)? = nil
    /// Asked before each epoch; `true` ends the drive early (a live load being stopped).
    var shouldStop: (() -> Bool)? = nil
    /// End every call still in flight when the drive ends (a live load, whose next run starts afresh).
    var endCallsAtEnd = false
    /// Called with the statsbench sink after the drive, before it is read back (``RunOptions/inspectStatsbenchSink``).
    var afterDrive: ((StatsbenchSink) -> Void)? = nil
}

/// What one drive measured.
struct DriveOutcome {
    /// Events generated and recorded.
    var events: UInt64
    /// The run's event-stream hash (independent of the worker count).
    var hash: UInt64
    /// What the generator produced.
    var totals: GeneratorTotals
    /// Wall time from the first epoch's start to the last epoch's end, control plane included.
    var wallNanoseconds: UInt64
    /// CPU time each worker spent in its generate-and-record loops (control plane excluded).
    var workerCPUNanoseconds: [UInt64]
    /// Sampled per-event `record` costs in nanoseconds (clock pair included; see ``DriveOutcome/clockPairCost``).
    var costSamples: [UInt64]
    /// Bytes jemalloc allocated on worker threads inside their record loops (0 when not measured).
    var workerAllocatedBytes: UInt64
    /// Heap allocations (jemalloc's process-wide count) made while only the workers ran (0 when not measured).
    var workerAllocations: UInt64
    /// Per worker, per method: the latencies generated, in generation order (empty unless captured).
    var latencies: [[[Double]]]
    /// Per window end: per worker, per method, how many latencies had been captured (window boundaries).
    var windowMarks: [[[Int]]]
    /// Per window end: the sink's window quantiles (`nil` when it has no window query).
    var windowEstimates: [[[QuantileEstimate?]]?]
    /// Epochs (windows) the drive ran.
    var windowCount: Int
    /// Replacements of clients (disconnect + connect) performed.
    var replacements: Int
    /// Disconnects by reason.
    var disconnectsByReason: [String: Int]
    /// The calls in flight in simulated time, as the generator kept them (the concurrent-call ground truth).
    var calls = CallOverlap()

    /// Total worker CPU time.
    var cpuNanoseconds: UInt64 { workerCPUNanoseconds.reduce(0, +) }
}

/// The generator's own account of calls in flight in simulated time (a call is in flight from its intended start
/// to start + latency): the ground truth of the concurrent-call figures.
struct CallOverlap: Equatable {
    /// Per worker, the most of its calls in flight at once: its exact maximum overlap.
    var workerPeaks: [Int] = []
    /// Calls in flight at the drive's end, all workers.
    var inFlight: UInt64 = 0
    /// Calls ended early because a worker's storage was full (0 in a correct run).
    var endedEarly: UInt64 = 0
}
