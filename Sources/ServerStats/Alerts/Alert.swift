/// How serious an alert is; `.resolved` announces that a metric is back in its normal range.
public enum AlertSeverity: String, Sendable, Codable, Comparable, CaseIterable {
    /// The metric fell back below its warning level's release point: nothing is wrong any more.
    case resolved
    /// The metric reached its warning threshold.
    case warning
    /// The metric reached its critical threshold.
    case critical

    /// Orders by seriousness: resolved < warning < critical.
    public static func < (left: AlertSeverity, right: AlertSeverity) -> Bool {
        left.rank < right.rank
    }

    private var rank: Int {
        switch self {
        case .resolved: 0
        case .warning: 1
        case .critical: 2
        }
    }
}

/// What kind of state change an alert announces.
public enum AlertTransition: String, Sendable, Codable {
    /// From normal to warning or critical.
    case raised
    /// From warning to critical.
    case escalated
    /// From critical down to warning.
    case deescalated
    /// From warning or critical back to normal.
    case resolved
}

/// One alert: a metric changed its alert level. Alerts are emitted only on changes, never repeated.
public struct Alert: Sendable, Equatable, Codable {
    /// `<metric>_<severity>`, e.g. `cpu_critical`, `error_rate_warning`, `memory_resolved`.
    public let id: String
    /// The metric whose level changed.
    public let metric: AlertMetric
    /// The new level; `.resolved` when the metric is back to normal.
    public let severity: AlertSeverity
    /// The level left behind; `nil` when the metric was normal before.
    public let previousSeverity: AlertSeverity?
    /// The metric's value that caused the change (seconds for latency, percent otherwise).
    public let value: Double
    /// The threshold of the new level; for `.resolved`, the warning threshold (the value fell below its
    /// release point, threshold × (1 − hysteresis)).
    public let threshold: Double
    /// A sentence for people, e.g. `CPU usage critical: 93.2 % (threshold 90 %)`.
    public let message: String
    /// The time of the input that caused the change.
    public let timestamp: StatsTime

    /// Creates an alert; ``id`` is derived from `metric` and `severity`.
    public init(
        metric: AlertMetric, severity: AlertSeverity, previousSeverity: AlertSeverity?, value: Double,
        threshold: Double, message: String, timestamp: StatsTime
    ) {
        self.id = "\(metric.name)_\(severity.rawValue)"
        self.metric = metric
        self.severity = severity
        self.previousSeverity = previousSeverity
        self.value = value
        self.threshold = threshold
        self.message = message
        self.timestamp = timestamp
    }

    /// The kind of change: raised, escalated, de-escalated or resolved.
    public var transition: AlertTransition {
        switch (previousSeverity, severity) {
        case (_, .resolved): .resolved
        case (nil, _), (.resolved?, _): .raised
        case (.warning?, .critical): .escalated
        default: .deescalated
        }
    }
}
