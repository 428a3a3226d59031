import Foundation

/// Building alerts and their human-readable messages.
extension Alert {
    /// The alert for `metric` changing from level `previous` to `next` (`nil` = normal) at `value`.
    static func change(
        metric: AlertMetric, from previous: AlertSeverity?, to next: AlertSeverity?, value: Double,
        levels: AlertLevels, hysteresis: Double, at time: StatsTime
    ) -> Alert {
        let severity = next ?? .resolved
        let threshold = severity == .critical ? levels.critical : levels.warning
        let message: String
        switch severity {
        case .resolved:
            let release = levels.warning * (1 - hysteresis)
            message =
                "\(metric.title) back to normal: \(metric.format(value)) (below \(metric.format(release)), "
                + "warning threshold \(metric.format(threshold)) less \(Self.percent(hysteresis * 100)) hysteresis)"
        case .warning:
            let change = previous == .critical ? " (down from critical)" : ""
            message =
                "\(metric.title) \(metric.warningWord): \(metric.format(value)) "
                + "(threshold \(metric.format(threshold)))\(change)"
        case .critical:
            message = "\(metric.title) critical: \(metric.format(value)) (threshold \(metric.format(threshold)))"
        }
        return Alert(
            metric: metric, severity: severity, previousSeverity: previous, value: value, threshold: threshold,
            message: message, timestamp: time)
    }

    /// `12.5 %`, `1 %`: percentages with at most one decimal.
    static func percent(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? "\(Int(rounded)) %" : String(format: "%.1f %%", rounded)
    }
}

extension AlertMetric {
    /// The metric as a sentence starts it: `CPU usage`, `P99 latency`.
    var title: String {
        switch kind {
        case .cpu: "CPU usage"
        case .memory: "Memory usage"
        case .disk: "Disk usage"
        case .errorRate: "Error rate"
        case .p99Latency: "P99 latency"
        }
    }

    /// The word for the warning level: high or elevated.
    var warningWord: String {
        switch kind {
        case .cpu, .memory, .disk: "high"
        case .errorRate, .p99Latency: "elevated"
        }
    }

    /// A value of this metric with its unit: `93.2 %`, `612 ms` (latencies are stored in seconds).
    func format(_ value: Double) -> String {
        switch kind {
        case .p99Latency: String(format: "%.0f ms", value * 1000)
        default: Alert.percent(value)
        }
    }
}
