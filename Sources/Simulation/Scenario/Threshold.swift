/// A condition on a measured figure that fails the run when it does not hold (`thresholds[i]`).
///
/// Written in a scenario file as `METRIC OP VALUE`:
///
/// ```yaml
/// thresholds:
///   - overhead.p999 < 1us
///   - accuracy.p99 <= 0.55%
///   - ring.torn == 0
/// ```
public struct Threshold: Sendable, Hashable, CustomStringConvertible {
    /// The figure compared, e.g. `overhead.p999`.
    public var metric: ThresholdMetric
    /// How the measured figure is compared with ``value``.
    public var comparator: ThresholdComparator
    /// The limit, in the metric's kind of unit.
    public var value: ThresholdValue

    /// Creates a threshold.
    public init(metric: ThresholdMetric, comparator: ThresholdComparator, value: ThresholdValue) {
        self.metric = metric
        self.comparator = comparator
        self.value = value
    }

    /// Whether `measured` (seconds, a fraction or a plain number, as ``value``) passes.
    public func isSatisfied(by measured: Double) -> Bool {
        comparator.compare(measured, value.magnitude)
    }

    /// The threshold as a scenario file writes it, e.g. `overhead.p999 < 1us`.
    public var description: String { "\(metric.path) \(comparator.rawValue) \(value)" }
}

/// How a threshold compares the measured figure (left) with its limit (right).
public enum ThresholdComparator: String, Sendable, Hashable, CaseIterable {
    /// `<`
    case lessThan = "<"
    /// `<=`
    case lessThanOrEqual = "<="
    /// `>`
    case greaterThan = ">"
    /// `>=`
    case greaterThanOrEqual = ">="
    /// `==`
    case equal = "=="

    /// Applies the comparison.
    public func compare(_ measured: Double, _ limit: Double) -> Bool {
        switch self {
        case .lessThan: measured < limit
        case .lessThanOrEqual: measured <= limit
        case .greaterThan: measured > limit
        case .greaterThanOrEqual: measured >= limit
        case .equal: measured == limit
        }
    }
}

/// A threshold's limit with the kind of unit it was written in.
public enum ThresholdValue: Sendable, Hashable, CustomStringConvertible {
    /// A duration in seconds, written with a unit: `800ns`, `1us`, `2ms`, `1s`.
    case seconds(Double)
    /// A relative figure, written as a percentage: `0.55%` is `fraction(0.0055)`.
    case fraction(Double)
    /// A plain number: a count, a ratio or a rate.
    case number(Double)

    /// The limit as a plain `Double` (seconds, fraction or number).
    public var magnitude: Double {
        switch self {
        case .seconds(let value), .fraction(let value), .number(let value): value
        }
    }

    /// The value as a scenario file writes it.
    public var description: String {
        switch self {
        case .seconds(let seconds):
            if seconds != 0 && abs(seconds) < 1e-6 { return Self.format(seconds * 1e9) + "ns" }
            if seconds != 0 && abs(seconds) < 1e-3 { return Self.format(seconds * 1e6) + "us" }
            if seconds != 0 && abs(seconds) < 1 { return Self.format(seconds * 1e3) + "ms" }
            return Self.format(seconds) + "s"
        case .fraction(let fraction): return Self.format(fraction * 100) + "%"
        case .number(let number): return Self.format(number)
        }
    }

    private static func format(_ value: Double) -> String {
        let rounded = (value * 1e6).rounded() / 1e6
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
        return String(rounded)
    }
}

/// A measured figure a threshold can name: a measurement and one of its statistics, e.g. `accuracy.p99`.
public struct ThresholdMetric: Sendable, Hashable, CustomStringConvertible {
    /// The measurement that produces the figure.
    public let measurement: MeasurementKind
    /// The statistic within the measurement, e.g. `p999`.
    public let statistic: String

    /// The metric named by `path` (`measurement.statistic`), or `nil` when the harness has no such figure.
    public init?(path: String) {
        let parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, let measurement = MeasurementKind(name: parts[0]),
            ThresholdMetric.units[measurement.name]?[parts[1]] != nil
        else { return nil }
        self.measurement = measurement
        self.statistic = parts[1]
    }

    /// `measurement.statistic`.
    public var path: String { measurement.name + "." + statistic }

    /// The metric path.
    public var description: String { path }

    /// Every metric path a threshold may name, sorted.
    public static var allPaths: [String] {
        units.flatMap { measurement, statistics in statistics.keys.map { measurement + "." + $0 } }.sorted()
    }

    /// The kind of unit each statistic is compared in, by measurement.
    static let units: [String: [String: MetricUnit]] = [
        "overhead": [
            "mean": .duration, "p50": .duration, "p90": .duration, "p99": .duration, "p999": .duration,
            "max": .duration, "ratio": .number,
        ],
        "accuracy": [
            "p50": .percentage, "p90": .percentage, "p99": .percentage, "p999": .percentage,
            "p9999": .percentage, "max": .percentage,
        ],
        "ring": ["torn": .number, "append": .duration, "snapshot": .duration, "throughput": .number],
        "memory": ["bytes-per-client": .number, "allocations-per-event": .number],
        "conservation": ["violations": .number],
    ]

    /// The kind of unit this metric's limit is written in.
    var unit: MetricUnit { ThresholdMetric.units[measurement.name]?[statistic] ?? .number }
}

/// The kind of unit a threshold metric is compared in.
enum MetricUnit {
    case duration, percentage, number
}
