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
    public let statistic: ThresholdStatistic

    /// The metric named by `path` (`measurement.statistic`), or `nil` when the harness has no such figure.
    public init?(path: String) {
        let parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, let measurement = MeasurementKind(name: parts[0]),
            let statistic = ThresholdStatistic(name: parts[1]), ThresholdMetric.units[measurement]?[statistic] != nil
        else { return nil }
        self.measurement = measurement
        self.statistic = statistic
    }

    /// `measurement.statistic`.
    public var path: String { measurement.name + "." + statistic.name }

    /// The metric path.
    public var description: String { path }

    /// Every metric path a threshold may name, sorted.
    public static var allPaths: [String] {
        units.flatMap { measurement, statistics in statistics.keys.map { measurement.name + "." + $0.name } }.sorted()
    }

    /// The statistics each measurement offers, with the kind of unit each is compared in.
    static let units: [MeasurementKind: [ThresholdStatistic: MetricUnit]] = [
        .overhead: [
            .mean: .duration, .p50: .duration, .p90: .duration, .p99: .duration, .p999: .duration,
            .max: .duration, .ratio: .number,
        ],
        .accuracy: [
            .p50: .percentage, .p90: .percentage, .p99: .percentage, .p999: .percentage, .p9999: .percentage,
            .max: .percentage,
        ],
        .ring: [.torn: .number, .append: .duration, .snapshot: .duration, .throughput: .number],
        .memory: [.bytesPerClient: .number, .allocationsPerEvent: .number],
        .conservation: [.violations: .number],
    ]

    /// The kind of unit this metric's limit is written in.
    var unit: MetricUnit { ThresholdMetric.units[measurement]?[statistic] ?? .number }
}

/// A statistic a threshold names within its measurement (`p999` in `overhead.p999`); which measurement offers
/// which is ``ThresholdMetric``'s table.
public struct ThresholdStatistic: Sendable, Hashable, CustomStringConvertible {
    /// The statistics; the raw value is the one spelling of each name in threshold paths.
    private enum Known: String, CaseIterable {
        case mean, ratio, p50, p90, p99, p999, p9999, max, torn, append, snapshot, throughput, violations
        case bytesPerClient = "bytes-per-client", allocationsPerEvent = "allocations-per-event"
    }
    private let known: Known

    private init(_ known: Known) { self.known = known }

    /// The statistic named `name`, or `nil` when no measurement has it.
    public init?(name: String) {
        guard let known = Known(rawValue: name) else { return nil }
        self.known = known
    }

    /// The name used in threshold paths.
    public var name: String { known.rawValue }

    /// The quantile a percentile statistic names (`p999` → 0.999, `max` → 1); `nil` for the others.
    public var quantile: Double? {
        switch known {
        case .p50: 0.5
        case .p90: 0.9
        case .p99: 0.99
        case .p999: 0.999
        case .p9999: 0.9999
        case .max: 1
        default: nil
        }
    }

    /// The mean.
    public static let mean = ThresholdStatistic(.mean)
    /// The ratio to one atomic increment (overhead).
    public static let ratio = ThresholdStatistic(.ratio)
    /// The median.
    public static let p50 = ThresholdStatistic(.p50)
    /// The 90th percentile.
    public static let p90 = ThresholdStatistic(.p90)
    /// The 99th percentile.
    public static let p99 = ThresholdStatistic(.p99)
    /// The 99.9th percentile.
    public static let p999 = ThresholdStatistic(.p999)
    /// The 99.99th percentile.
    public static let p9999 = ThresholdStatistic(.p9999)
    /// The largest value.
    public static let max = ThresholdStatistic(.max)
    /// Torn snapshot reads (ring).
    public static let torn = ThresholdStatistic(.torn)
    /// Time of one append (ring).
    public static let append = ThresholdStatistic(.append)
    /// Time of one full snapshot (ring).
    public static let snapshot = ThresholdStatistic(.snapshot)
    /// Appends per second (ring).
    public static let throughput = ThresholdStatistic(.throughput)
    /// Conservation checks that failed.
    public static let violations = ThresholdStatistic(.violations)
    /// Bytes of statistics per connected client (memory).
    public static let bytesPerClient = ThresholdStatistic(.bytesPerClient)
    /// Heap allocations per event on the workers (memory).
    public static let allocationsPerEvent = ThresholdStatistic(.allocationsPerEvent)

    /// The name used in threshold paths.
    public var description: String { name }
}

/// The kind of unit a threshold metric is compared in.
enum MetricUnit {
    case duration, percentage, number
}
