import Foundation

/// How often the history collector samples and how many samples it keeps.
///
/// The defaults: a sample every 10 s, 360 samples (one hour). The interval can be overridden
/// with the `STATSBENCH_METRICS_INTERVAL` environment variable; a bad value is a startup error, never a
/// silent fallback:
///
/// ```swift
/// let configuration = try HistoryConfiguration.fromEnvironment(ProcessInfo.processInfo.environment)
/// let collector = HistoryCollector(configuration: configuration, sampler: ResourceSampler())
/// ```
public struct HistoryConfiguration: Sendable, Equatable {
    /// The environment variable that overrides the interval, in seconds.
    public static let intervalVariable = "STATSBENCH_METRICS_INTERVAL"
    /// The default interval: 10 s.
    public static let defaultIntervalSeconds: Double = 10
    /// The default capacity: 360 samples, one hour at 10 s.
    public static let defaultCapacity = 360
    /// The largest capacity: 10⁶ samples (the ring is allocated whole at start; 10⁶ × 10 s is 115 days).
    public static let maximumCapacity = 1_000_000
    /// Accepted intervals in seconds: from 1 ms (shorter would spin) to one day (longer is surely a typo).
    public static let intervalSecondsRange: ClosedRange<Double> = 0.001...86_400

    /// The default configuration: a sample every 10 s, 360 samples kept.
    public static let defaults = HistoryConfiguration(
        validInterval: .seconds(10), capacity: HistoryConfiguration.defaultCapacity)

    /// Time between two samples.
    public let interval: Duration
    /// Samples kept; the oldest is evicted beyond it.
    public let capacity: Int

    /// A configuration with the given interval and capacity, validated.
    ///
    /// Throws ``HistoryConfigurationError/invalidInterval(seconds:)`` for an interval outside
    /// ``intervalSecondsRange`` and ``HistoryConfigurationError/invalidCapacity(_:)`` for a capacity outside `1 ... maximumCapacity`.
    public init(
        intervalSeconds: Double = HistoryConfiguration.defaultIntervalSeconds,
        capacity: Int = HistoryConfiguration.defaultCapacity
    ) throws(HistoryConfigurationError) {
        guard Self.intervalSecondsRange.contains(intervalSeconds) else {
            throw .invalidInterval(seconds: intervalSeconds)
        }
        guard (1...Self.maximumCapacity).contains(capacity) else { throw .invalidCapacity(capacity) }
        self.interval = .nanoseconds(Int64((intervalSeconds * 1e9).rounded()))
        self.capacity = capacity
    }

    private init(validInterval: Duration, capacity: Int) {
        self.interval = validInterval
        self.capacity = capacity
    }

    /// The interval in seconds.
    public var intervalSeconds: Double {
        Double(interval.components.seconds) + Double(interval.components.attoseconds) * 1e-18
    }

    /// The configuration an environment asks for: ``intervalVariable`` if set, the defaults otherwise.
    ///
    /// A pure function of `environment`, so it is testable without touching the process's environment.
    /// Accepted values are plain decimal numbers of seconds (`"10"`, `"0.5"`, surrounding spaces ignored) within
    /// ``intervalSecondsRange``. Anything else — empty, not a number, `nan`, `inf`, hexadecimal, exponent
    /// notation, zero, negative, above one day — throws ``HistoryConfigurationError/invalidIntervalVariable(name:value:problem:)``
    /// naming the variable, the value and what is accepted.
    public static func fromEnvironment(
        _ environment: [String: String],
        capacity: Int = HistoryConfiguration.defaultCapacity
    ) throws(HistoryConfigurationError) -> HistoryConfiguration {
        guard let raw = environment[intervalVariable] else {
            return try HistoryConfiguration(intervalSeconds: defaultIntervalSeconds, capacity: capacity)
        }
        let seconds = try parseSeconds(raw, variable: intervalVariable)
        return try HistoryConfiguration(intervalSeconds: seconds, capacity: capacity)
    }

    /// Parses a plain decimal number of seconds within ``intervalSecondsRange``.
    static func parseSeconds(_ raw: String, variable: String) throws(HistoryConfigurationError) -> Double {
        func reject(_ problem: String) -> HistoryConfigurationError {
            .invalidIntervalVariable(name: variable, value: raw, problem: problem)
        }
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { throw reject("it is empty") }
        let body = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        let isDecimal =
            !body.isEmpty && body.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") }
            && body.filter { $0 == "." }.count <= 1 && body.contains(where: \.isNumber)
        guard isDecimal, let seconds = Double(text) else { throw reject("it is not a decimal number of seconds") }
        guard seconds > 0 else { throw reject("it must be greater than zero") }
        guard seconds >= intervalSecondsRange.lowerBound else { throw reject("it is shorter than 1 ms") }
        guard seconds <= intervalSecondsRange.upperBound else { throw reject("it is longer than one day") }
        return seconds
    }
}
