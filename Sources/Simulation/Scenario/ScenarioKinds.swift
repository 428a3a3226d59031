/// A sink the harness can run a scenario against, by its scenario-file name (`sinks:`).
///
/// The set is fixed by the harness; ``SinkKind/all`` lists it.
public struct SinkKind: Sendable, Hashable, CustomStringConvertible {
    /// The name used in scenario files and reports.
    public let name: String

    private init(_ name: String) { self.name = name }

    /// Creates the sink named `name`, or `nil` when the harness has no such sink.
    public init?(name: String) {
        guard let known = SinkKind.all.first(where: { $0.name == name }) else { return nil }
        self = known
    }

    /// No statistics at all: the baseline every overhead is measured against.
    public static let none = SinkKind("none")
    /// This package's pipeline.
    public static let statsbench = SinkKind("statsbench")
    /// The seeds' naive designs (mutex + sorted window, mutex + deque ring).
    public static let seedNaive = SinkKind("seed-naive")
    /// swift-prometheus counters and histograms.
    public static let swiftPrometheus = SinkKind("swift-prometheus")
    /// hdrhistogram-swift behind a mutex.
    public static let hdrHistogram = SinkKind("hdrhistogram")
    /// A sink with a known, injected cost, to check that the harness reports it.
    public static let calibrated = SinkKind("calibrated")
    /// Every sink, in report order.
    public static let all: [SinkKind] = [.none, .statsbench, .seedNaive, .swiftPrometheus, .hdrHistogram, .calibrated]

    /// The scenario-file name.
    public var description: String { name }
}

/// A measurement the harness can take, by its scenario-file name (`measurements:`).
public struct MeasurementKind: Sendable, Hashable, CustomStringConvertible {
    /// The name used in scenario files, reports and threshold paths.
    public let name: String

    private init(_ name: String) { self.name = name }

    /// Creates the measurement named `name`, or `nil` when the harness has no such measurement.
    public init?(name: String) {
        guard let known = MeasurementKind.all.first(where: { $0.name == name }) else { return nil }
        self = known
    }

    /// Collection overhead per event: interleaved runs against sink `none`, and the tail of per-event cost.
    public static let overhead = MeasurementKind("overhead")
    /// Percentile accuracy against the exact ground truth.
    public static let accuracy = MeasurementKind("accuracy")
    /// History ring throughput, snapshot latency and torn reads.
    public static let ring = MeasurementKind("ring")
    /// Bytes per client and allocations per event.
    public static let memory = MeasurementKind("memory")
    /// Totals that must add up (per-client sums, sent − dropped = delivered).
    public static let conservation = MeasurementKind("conservation")
    /// Every measurement, in report order.
    public static let all: [MeasurementKind] = [.overhead, .accuracy, .ring, .memory, .conservation]

    /// The scenario-file name.
    public var description: String { name }
}

/// A fault injected into a run (`faults[i]`).
public struct FaultSpec: Sendable, Hashable {
    /// What goes wrong (`kind:`, required).
    public var kind: FaultKind
    /// Seconds after the start when it happens (`at:`, default 0; must be 0 for faults that happen at start).
    public var atSeconds: Double

    /// Creates a fault at `atSeconds`.
    public init(kind: FaultKind, atSeconds: Double = 0) {
        self.kind = kind
        self.atSeconds = atSeconds
    }
}

/// A kind of injected fault, by its scenario-file name (`faults[i].kind`).
public struct FaultKind: Sendable, Hashable, CustomStringConvertible {
    /// The name used in scenario files.
    public let name: String
    /// Whether the fault can only happen at the start of the run.
    public let happensAtStart: Bool

    private init(_ name: String, atStart: Bool = false) {
        self.name = name
        self.happensAtStart = atStart
    }

    /// Creates the fault kind named `name`, or `nil` when the harness has no such fault.
    public init?(name: String) {
        guard let known = FaultKind.all.first(where: { $0.name == name }) else { return nil }
        self = known
    }

    /// The watched process dies.
    public static let processDies = FaultKind("process-dies")
    /// The stats directory becomes unwritable.
    public static let statsDirectoryUnwritable = FaultKind("stats-directory-unwritable")
    /// The persistence file is corrupt when the run starts.
    public static let corruptPersistence = FaultKind("corrupt-persistence", atStart: true)
    /// Every fault kind.
    public static let all: [FaultKind] = [.processDies, .statsDirectoryUnwritable, .corruptPersistence]

    /// The scenario-file name.
    public var description: String { name }
}
