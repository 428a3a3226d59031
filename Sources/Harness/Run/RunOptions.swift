/// How `statsbench run` runs a scenario (command-line settings, not part of the scenario file).
public struct RunOptions: Sendable {
    /// Multiplies every run's length (events or duration); `0.1` for a quick look.
    public var scale: Double = 1
    /// Interleaved `none`/sink pairs per sink in the overhead measurement (at least 5 by default).
    public var pairs: Int = 5
    /// Every `sampleInterval`-th event's record call is timed for the per-event cost distribution.
    public var sampleInterval: Int = 64
    /// Appends per ring-throughput row.
    public var ringAppends: UInt64 = 2_000_000
    /// Injected cost of the `calibrated` sink, in nanoseconds.
    public var calibratedNanoseconds: Double = 200
    /// The `calibrated` sink's cost of one iteration, in nanoseconds (`nil`: calibrated in this process); the
    /// injected-regression experiment gives every run the same (`STATSBENCH_CALIBRATED_NS_PER_ITERATION`).
    public var calibratedNanosecondsPerIteration: Double? = nil
    /// When the overhead measurement stops adding pairs beyond ``pairs``: `.fixed` (the default here) runs exactly
    /// ``pairs``; `statsbench run` adds pairs until the interval is within ±10 % or ±2 ns or its budget is spent.
    public var pairStopping: PairStopping = .fixed
    /// Threads kept busy while the overhead pairs run, so that no CPU goes idle (see docs/comparing-runs.md,
    /// "Busy threads"); `statsbench run` makes it the processors less the scenario's workers, at least 1.
    public var busyThreads: Int = 0
    /// Bytes of the memory-latency chase run before and after the overhead pairs (``MemoryLatencyProbe``; 0: not
    /// measured, and `overhead.memoryLatencyNanoseconds` is absent).
    public var memoryLatencyBytes: Int = MemoryLatencyProbe.defaultBytes
    /// Count the record paths' instructions under valgrind (`nil`: leave the figures out of the result).
    public var instructions: InstructionOptions?
    /// Operations per thread in the per-primitive measurement.
    public var primitiveOperations: Int = 4_000_000
    /// Called on the control thread with the statsbench sink right after its conservation drive, while its
    /// pipeline still holds the run's clients (`statsbench sweep` times the cold paths there); `nil`: none.
    public var inspectStatsbenchSink: (@Sendable (StatsbenchSink) -> Void)?

    /// Default options.
    public init() {}
}
