/// Turns a stream of inputs into alerts: one per change of a metric's level, with hysteresis and cooldown.
///
/// Each metric is at one of three levels: normal, warning or critical. For a known value `v` of a metric with
/// thresholds `W` (warning) and `C` (critical) and hysteresis `h`, the new level is:
///
/// 1. **critical** if `v >= C`, or if the metric is critical and `v >= C × (1 − h)`;
/// 2. otherwise **warning** if `v >= W`, or if the metric is warning or critical and `v >= W × (1 − h)`;
/// 3. otherwise **normal**.
///
/// So reaching a level needs the threshold itself (`>=`) and leaving it needs the value to
/// fall below the threshold less the hysteresis: with `W = 70` and `h = 0.1`, values 70, 69.5, 70.2, 69.9 give
/// one warning, and only a value below 63 resolves it. A critical metric that falls below `C × (1 − h)` but not
/// below the warning release point de-escalates to warning.
///
/// **Cooldown:** when ``AlertThresholds/cooldownSeconds`` is above zero, a metric stays at the level it reached
/// for at least that long (measured with the inputs' timestamps) before it may de-escalate or resolve; an input
/// within the cooldown that would lower the level is ignored for that metric. Escalations are never delayed.
///
/// **Alerts** are emitted only when the level changes: normal → warning/critical (raised), warning → critical
/// (escalated), critical → warning (de-escalated) and warning/critical → normal (`.resolved`). An unknown value
/// (`nil` or NaN) leaves the metric's level as it is and emits nothing: unknown is not the same as recovered.
///
/// A value type without locks: ``AlertManager`` wraps it for concurrent use and delivery.
public struct AlertEvaluator: Sendable {
    /// The thresholds applied.
    public let thresholds: AlertThresholds

    private var states: [MetricState]

    /// An evaluator with every metric at normal level.
    public init(thresholds: AlertThresholds = .defaults) {
        self.thresholds = thresholds
        self.states = Array(repeating: MetricState(), count: AlertMetric.all.count)
    }

    /// The level `metric` is at: `.warning`, `.critical`, or `nil` when normal.
    public func activeSeverity(of metric: AlertMetric) -> AlertSeverity? {
        states[metric.kind.rawValue].severity
    }

    /// Evaluates `input` and returns the alerts for the metrics whose level changed, in ``AlertMetric/all``
    /// order (empty when nothing changed).
    public mutating func evaluate(_ input: AlertInput) -> [Alert] {
        var alerts: [Alert] = []
        for metric in AlertMetric.all {
            guard let value = input.value(of: metric) else { continue }
            let index = metric.kind.rawValue
            let current = states[index].severity
            let levels = thresholds.levels(for: metric)
            var next = Self.level(of: value, at: current, levels: levels, hysteresis: thresholds.hysteresis)
            if Self.rank(next) < Self.rank(current), thresholds.cooldownSeconds > 0,
                let since = states[index].changedAt,
                input.timestamp.seconds(since: since) < thresholds.cooldownSeconds
            {
                next = current
            }
            guard next != current else { continue }
            states[index] = MetricState(severity: next, changedAt: input.timestamp)
            alerts.append(
                Alert.change(
                    metric: metric, from: current, to: next, value: value, levels: levels,
                    hysteresis: thresholds.hysteresis, at: input.timestamp))
        }
        return alerts
    }

    /// Puts every metric back to normal without emitting anything.
    public mutating func reset() {
        states = Array(repeating: MetricState(), count: AlertMetric.all.count)
    }

    /// The level `value` puts a metric in, given the level it is at (the rule in the type's documentation).
    static func level(
        of value: Double, at current: AlertSeverity?, levels: AlertLevels, hysteresis: Double
    ) -> AlertSeverity? {
        let release = 1 - hysteresis
        if value >= levels.critical || (current == .critical && value >= levels.critical * release) {
            return .critical
        }
        if value >= levels.warning || (current != nil && value >= levels.warning * release) {
            return .warning
        }
        return nil
    }

    private static func rank(_ severity: AlertSeverity?) -> Int {
        switch severity {
        case nil, .resolved?: 0
        case .warning?: 1
        case .critical?: 2
        }
    }
}

/// One metric's level and when it was reached.
struct MetricState: Sendable {
    var severity: AlertSeverity?
    var changedAt: StatsTime?
}
