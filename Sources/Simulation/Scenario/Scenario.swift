import ServerStats

/// One benchmark scenario as a scenario file describes it: the load to generate, the sinks and measurements to
/// run, the thresholds that fail the run and the faults to inject.
///
/// A scenario is plain data. ``Scenario/load(contentsOf:)`` parses and validates a file; the harness turns the
/// value into simulated workers, clients and arrival processes. Every optional part has a documented default.
///
/// ```swift
/// let scenario = try Scenario.load(contentsOf: "scenarios/smoke.yaml")
/// print(scenario.workers, scenario.length)
/// ```
public struct Scenario: Sendable, Hashable {
    /// The scenario's name (`name:`), shown in reports.
    public var name: String
    /// Free text describing what the scenario exercises (`description:`, default empty).
    public var description: String
    /// Seed of every random stream (`seed:`): the same seed gives the same event stream.
    public var seed: UInt64
    /// How long the run lasts: a duration (`duration:`) or a number of events (`events:`), exactly one.
    public var length: RunLength
    /// Simulated worker threads, 1…256 (`workers:`, default 1).
    public var workers: Int
    /// Simulated clients and their churn (`clients:`; default: every ``ClientSpec`` default).
    public var clients: ClientSpec
    /// The request mix (`requests:`, required).
    public var requests: RequestMix
    /// Server events pushed to clients (`server-events:`, default `nil`: no events).
    public var serverEvents: ServerEventSpec?
    /// Piece subscriptions (`subscriptions:`, default `nil`: none).
    public var subscriptions: SubscriptionSpec?
    /// When requests arrive (`arrival:`, required): an open-loop process.
    public var arrival: ArrivalSpec
    /// Statistics pipeline settings (`stats:`; default: every ``StatsSettings`` default).
    public var stats: StatsSettings
    /// Sinks to run, in order (`sinks:`, default ``Scenario/defaultSinks``).
    public var sinks: [SinkKind]
    /// Measurements to take (`measurements:`, default ``Scenario/defaultMeasurements``).
    public var measurements: [MeasurementKind]
    /// Conditions that fail the run when violated (`thresholds:`, default none).
    public var thresholds: [Threshold]
    /// Faults injected during the run (`faults:`, default none).
    public var faults: [FaultSpec]
    /// Alert thresholds the statsbench sink evaluates at each stats interval (`alerts:`, see `Scenario+Alerts`);
    /// `nil`: no alerts.
    public var alerts: AlertThresholds?

    /// Sinks run when a scenario names none: the baseline and our pipeline.
    public static let defaultSinks: [SinkKind] = [.none, .statsbench]
    /// Measurements taken when a scenario names none.
    public static let defaultMeasurements: [MeasurementKind] = [.overhead, .accuracy, .conservation]

    /// Creates a scenario; parameters with defaults are the optional parts of a scenario file.
    public init(
        name: String,
        description: String = "",
        seed: UInt64,
        length: RunLength,
        workers: Int = 1,
        clients: ClientSpec = ClientSpec(),
        requests: RequestMix,
        serverEvents: ServerEventSpec? = nil,
        subscriptions: SubscriptionSpec? = nil,
        arrival: ArrivalSpec,
        stats: StatsSettings = StatsSettings(),
        sinks: [SinkKind] = Scenario.defaultSinks,
        measurements: [MeasurementKind] = Scenario.defaultMeasurements,
        thresholds: [Threshold] = [],
        faults: [FaultSpec] = [],
        alerts: AlertThresholds? = nil
    ) {
        self.alerts = alerts
        self.name = name
        self.description = description
        self.seed = seed
        self.length = length
        self.workers = workers
        self.clients = clients
        self.requests = requests
        self.serverEvents = serverEvents
        self.subscriptions = subscriptions
        self.arrival = arrival
        self.stats = stats
        self.sinks = sinks
        self.measurements = measurements
        self.thresholds = thresholds
        self.faults = faults
    }
}

/// How long a run lasts: wall time or a fixed number of generated events.
public enum RunLength: Sendable, Hashable {
    /// Run for `seconds` of wall time (`duration: 2s`).
    case duration(seconds: Double)
    /// Run until `count` events have been generated (`events: 1M`).
    case events(count: Int)
}

extension Scenario {
    /// The longest scenario name, in characters: it names directories (`reports/<name>/`, a sweep's points), and
    /// a file name is at most 255 bytes.
    public static let maximumNameLength = 128

    /// Why `name` cannot name a scenario's report directory, or `nil` when it can: one path component of 1 to
    /// ``maximumNameLength`` letters, digits, `.`, `_` and `-`, not `.`, `..` or `latest`.
    public static func reportNameProblem(_ name: String) -> String? {
        let safe = name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                || "._-".unicodeScalars.contains($0)
        }
        guard safe, !name.isEmpty, name != ".", name != "..", name != "latest" else {
            return "'\(name)' cannot name a report directory: use letters, digits, '.', '_' and '-' "
                + "(not '.', '..' or 'latest')"
        }
        guard name.count <= maximumNameLength else {
            return "a name of \(name.count) characters cannot name a report directory: use at most "
                + "\(maximumNameLength)"
        }
        return nil
    }

    /// The first bidirectional control character in `text` (`U+202E` and the other embeddings, overrides,
    /// isolates and marks), written `U+XXXX`, or `nil`. Such a character reorders the text after it wherever the
    /// text is shown (a report's table cell, a terminal), so names and descriptions may not hold one; right-to-left
    /// letters themselves are fine.
    public static func bidiControl(in text: String) -> String? {
        let controls: Set<UInt32> = [
            0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069,
        ]
        guard let scalar = text.unicodeScalars.first(where: { controls.contains($0.value) }) else { return nil }
        return codePoint(scalar)
    }

    /// `scalar` as `U+XXXX` (at least four hexadecimal digits), the way error messages name a character.
    public static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
