/// A sink the harness can run a scenario against, by its scenario-file name (`sinks:`).
///
/// The set is fixed by the harness; ``SinkKind/all`` lists it.
public struct SinkKind: Sendable, Hashable, CustomStringConvertible {
    /// The sinks; the raw value is the one spelling of each name, in scenario files, reports and result.json.
    private enum Known: String, CaseIterable {
        case none, statsbench, seedNaive = "seed-naive", swiftPrometheus = "swift-prometheus"
        case hdrHistogram = "hdrhistogram", calibrated
    }
    private let known: Known

    private init(_ known: Known) { self.known = known }

    /// Creates the sink named `name`, or `nil` when the harness has no such sink.
    public init?(name: String) {
        guard let known = Known(rawValue: name) else { return nil }
        self.known = known
    }

    /// The name used in scenario files and reports.
    public var name: String { known.rawValue }

    /// No statistics at all: the baseline every overhead is measured against.
    public static let none = SinkKind(.none)
    /// This package's pipeline.
    public static let statsbench = SinkKind(.statsbench)
    /// The seeds' naive designs (mutex + sorted window, mutex + deque ring).
    public static let seedNaive = SinkKind(.seedNaive)
    /// swift-prometheus counters and histograms.
    public static let swiftPrometheus = SinkKind(.swiftPrometheus)
    /// hdrhistogram-swift behind a mutex.
    public static let hdrHistogram = SinkKind(.hdrHistogram)
    /// A sink with a known, injected cost, to check that the harness reports it.
    public static let calibrated = SinkKind(.calibrated)
    /// Every sink, in report order.
    public static let all: [SinkKind] = Known.allCases.map(SinkKind.init)

    /// The scenario-file name.
    public var description: String { name }
}

/// A measurement the harness can take, by its scenario-file name (`measurements:`).
public struct MeasurementKind: Sendable, Hashable, CustomStringConvertible {
    /// The measurements; the raw value is the one spelling of each name (scenario files, reports, thresholds).
    private enum Known: String, CaseIterable {
        case overhead, accuracy, ring, memory, conservation
    }
    private let known: Known

    private init(_ known: Known) { self.known = known }

    /// Creates the measurement named `name`, or `nil` when the harness has no such measurement.
    public init?(name: String) {
        guard let known = Known(rawValue: name) else { return nil }
        self.known = known
    }

    /// The name used in scenario files, reports and threshold paths.
    public var name: String { known.rawValue }

    /// Collection overhead per event: interleaved runs against sink `none`, and the tail of per-event cost.
    public static let overhead = MeasurementKind(.overhead)
    /// Percentile accuracy against the exact ground truth.
    public static let accuracy = MeasurementKind(.accuracy)
    /// History ring throughput, snapshot latency and torn reads.
    public static let ring = MeasurementKind(.ring)
    /// Bytes per client and allocations per event.
    public static let memory = MeasurementKind(.memory)
    /// Totals that must add up (per-client sums, sent − dropped = delivered).
    public static let conservation = MeasurementKind(.conservation)
    /// Every measurement, in report order.
    public static let all: [MeasurementKind] = Known.allCases.map(MeasurementKind.init)

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
    /// The fault kinds; the raw value is the one spelling of each name in scenario files.
    private enum Known: String, CaseIterable {
        case processDies = "process-dies", statsDirectoryUnwritable = "stats-directory-unwritable"
        case corruptPersistence = "corrupt-persistence"
    }
    private let known: Known

    private init(_ known: Known) { self.known = known }

    /// Creates the fault kind named `name`, or `nil` when the harness has no such fault.
    public init?(name: String) {
        guard let known = Known(rawValue: name) else { return nil }
        self.known = known
    }

    /// The name used in scenario files.
    public var name: String { known.rawValue }

    /// Whether the fault can only happen at the start of the run.
    public var happensAtStart: Bool { known == .corruptPersistence }

    /// The watched process dies.
    public static let processDies = FaultKind(.processDies)
    /// The stats directory becomes unwritable.
    public static let statsDirectoryUnwritable = FaultKind(.statsDirectoryUnwritable)
    /// The persistence file is corrupt when the run starts.
    public static let corruptPersistence = FaultKind(.corruptPersistence)
    /// Every fault kind.
    public static let all: [FaultKind] = Known.allCases.map(FaultKind.init)

    /// The scenario-file name.
    public var description: String { name }
}
