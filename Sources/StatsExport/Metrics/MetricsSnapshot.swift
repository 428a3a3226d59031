import StatsCore

/// One dimension (label) of a swift-metrics metric.
public struct MetricDimension: Sendable, Hashable, Comparable {
    /// The dimension's name.
    public let key: String
    /// Its value.
    public let value: String

    /// A dimension `key = value`.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    /// By key, then value.
    public static func < (left: MetricDimension, right: MetricDimension) -> Bool {
        (left.key, left.value) < (right.key, right.value)
    }
}

/// The value of one metric of a ``StatsMetricsFactory`` at one moment.
public enum MetricValue: Sendable, Hashable {
    /// A `Counter`: the exact total (negative increments are ignored).
    case counter(UInt64)
    /// A `FloatingPointCounter`: the sum of its increments.
    case floatingPointCounter(Double)
    /// A `Meter`: the current value.
    case meter(Double)
    /// A `Gauge` (a non-aggregating `Recorder`): the last value recorded, 0 before the first.
    case gauge(Double)
    /// An aggregating `Recorder`: the distribution of the values recorded.
    case recorder(HistogramSnapshot)
    /// A `Timer`: the distribution of the durations recorded, in nanoseconds.
    case timer(HistogramSnapshot)
}

/// One metric: the swift-metrics label, its dimensions (sorted by key) and its value.
public struct MetricSample: Sendable, Hashable {
    /// The label the metric was created with.
    public let label: String
    /// Its dimensions, sorted by key then value.
    public let dimensions: [MetricDimension]
    /// Its value.
    public let value: MetricValue

    /// A sample.
    public init(label: String, dimensions: [MetricDimension], value: MetricValue) {
        self.label = label
        self.dimensions = dimensions
        self.value = value
    }
}

/// Every metric of a ``StatsMetricsFactory`` at one moment, ordered by label, then dimensions: what
/// ``PrometheusRenderer/appendMetrics(_:)`` renders.
public struct MetricsSnapshot: Sendable, Hashable {
    /// The metrics.
    public let metrics: [MetricSample]

    /// A snapshot of `metrics`, kept in the given order.
    public init(metrics: [MetricSample]) {
        self.metrics = metrics
    }

    /// The first metric with `label` and exactly `dimensions` (any order), or `nil`.
    public func metric(_ label: String, dimensions: [(String, String)] = []) -> MetricSample? {
        let wanted = dimensions.map { MetricDimension(key: $0.0, value: $0.1) }.sorted()
        return metrics.first { $0.label == label && $0.dimensions == wanted }
    }
}
