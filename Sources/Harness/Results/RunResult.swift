/// Everything one scenario run measured: the content of `result.json`.
///
/// The schema is versioned (``schemaVersion``) and documented in `docs/result-format.md`; a field is added
/// with a new version, never renamed or repurposed. Sections of measurements the scenario did not ask for
/// are absent (`null`).
public struct RunResult: Sendable, Codable {
    /// The version of this schema.
    /// Version 2: accuracy rows carry `missing` reasons; non-finite numbers are the strings `"+Inf"`, `"-Inf"`,
    /// `"NaN"` (see ``StatsExport/JSONNumbers``).
    /// Version 3: `instructions` (record-path instruction counts); overhead sinks carry
    /// `targetHalfWidthNanoseconds` and `stoppedBy` (pairs are added until the interval is narrow enough).
    /// Version 4: `pipeline.windowP99History` (the window p99 over the run, at most 240 points); the
    /// `calibrated` sink's `calibratedNanosecondsPerIteration`.
    /// Version 5: `overhead.busyThreads` (threads kept spinning during the pairs); overhead sinks carry
    /// `pairBaselineNanoseconds` (each pair's `none` drive, CPU ns per event).
    /// Version 6: `overhead.memoryLatencyNanoseconds` (a load missing every cache, before and after the pairs).
    public static let currentSchemaVersion = 6

    /// Schema version of this document.
    public var schemaVersion = RunResult.currentSchemaVersion
    /// Where, when and with what the run was made.
    public var environment: RunEnvironment
    /// The scenario and how it was run.
    public var scenario: ScenarioSummary
    /// The generated event stream and the generator's own speed.
    public var generator: GeneratorFigures
    /// Collection overhead (`overhead`).
    public var overhead: OverheadFigures?
    /// Percentile accuracy against ground truth (`accuracy`).
    public var accuracy: AccuracyFigures?
    /// History-ring throughput (`ring`).
    public var ring: RingFigures?
    /// Memory (`memory`).
    public var memory: MemoryFigures?
    /// Conservation checks (`conservation`; fault outcomes are checks too).
    public var conservation: ConservationFigures?
    /// The pipeline's own figures at the end of its run (events, history, intervals).
    public var pipeline: PipelineFigures?
    /// Instructions per record of the record paths, counted under valgrind (`nil`: not asked for; figures
    /// unavailable carry the reason). Added in schema version 3.
    public var instructions: InstructionFigures?
    /// The alerts the scenario's `alerts:` thresholds raised during the statsbench sink's conservation drive,
    /// in the order they started (`nil`: the scenario names no alert thresholds). Added in schema version 3.
    public var alerts: [RunAlert]? = nil
    /// Each threshold of the scenario with the measured figure.
    public var thresholds: [ThresholdOutcome]
    /// Whether every threshold held and no conservation check failed.
    public var passed: Bool
}

/// Where, when and with what a run was made.
public struct RunEnvironment: Sendable, Codable {
    /// statsbench's version.
    public var toolVersion: String
    /// `git rev-parse HEAD` of the working tree the tool ran from, if known (with `-dirty` when modified).
    public var gitRevision: String?
    /// The Swift compiler that built the tool.
    public var toolchain: String
    /// Host name, CPU model, cores, memory and kernel.
    public var machine: MachineInfo
    /// When the run started (UTC, ISO 8601).
    public var startedAt: String
    /// Wall-clock seconds the whole run took.
    public var elapsedSeconds: Double
    /// The command line.
    public var arguments: [String]
}

/// The machine a run was made on.
public struct MachineInfo: Sendable, Codable {
    /// Host name.
    public var hostname: String
    /// CPU model (from `/proc/cpuinfo`).
    public var cpuModel: String?
    /// Active processors.
    public var cores: Int
    /// Physical memory in bytes.
    public var memoryBytes: UInt64
    /// Operating system and kernel version.
    public var operatingSystem: String
    /// Whether jemalloc is the process's allocator (memory figures need it).
    public var jemalloc: Bool
}

/// The scenario and how it was run.
public struct ScenarioSummary: Sendable, Codable {
    /// Scenario name.
    public var name: String
    /// The file it came from.
    public var file: String
    /// Description from the file.
    public var description: String
    /// The seed.
    public var seed: UInt64
    /// Worker threads.
    public var workers: Int
    /// Client slots.
    public var clients: Int
    /// Methods of the request mix.
    public var methods: [String]
    /// Run-length multiplier (`--scale`).
    public var scale: Double
    /// Simulated seconds the run covered.
    public var simulatedSeconds: Double
    /// Window (stats interval) length in seconds.
    public var windowSeconds: Double
    /// Sinks run, in order.
    public var sinks: [String]
    /// Measurements taken.
    public var measurements: [String]
    /// The sweep point this run was (`clients=1k`, `clients=1k, workers=2`), or `nil` for a plain run. Absent
    /// from results written before it existed.
    public var variant: String? = nil

    /// The name `compare` pairs runs by: the scenario's name, with the sweep point when there is one
    /// (`clients [clients=1k]`), so that a sweep's points are never pooled as repeats of one run.
    public var comparisonName: String { variant.map { "\(name) [\($0)]" } ?? name }
}

/// The generated event stream and the generator's speed.
public struct GeneratorFigures: Sendable, Codable {
    /// Events in the run.
    public var events: UInt64
    /// The event stream's hash (hex): the same seed and scenario give the same hash.
    public var hash: String
    /// What was generated (requests, failures, bytes, per method).
    public var totals: GeneratorTotals
    /// Generator CPU time per event with sink `none` (median over the `none` runs), in nanoseconds.
    public var nanosecondsPerEvent: Double
    /// Events per second the workers delivered with sink `none` (wall clock, all workers).
    public var eventsPerSecond: Double
}

/// One alert episode of a run: which metric, how high it went, and when it started and resolved, in seconds of
/// simulated time from the run's start.
public struct RunAlert: Sendable, Codable, Equatable {
    /// The metric (`cpu`, `memory`, `disk`, `error_rate`, `p99_latency`).
    public var metric: String
    /// The highest level reached: `warning` or `critical`.
    public var severity: String
    /// When it started, seconds from the run's start.
    public var startedAtSeconds: Double
    /// When it resolved, seconds from the run's start; `nil` while it was still firing at the end.
    public var resolvedAtSeconds: Double?
    /// The value at its latest change (seconds for latency, percent otherwise).
    public var value: Double
    /// The threshold of its latest change.
    public var threshold: Double
    /// The latest change's sentence.
    public var message: String
}
