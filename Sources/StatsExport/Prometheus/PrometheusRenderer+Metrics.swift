import Logging
import StatsCore
import Synchronization

extension PrometheusRenderer {
    /// Appends the metrics of a ``StatsMetricsFactory``: one family per sanitized label and kind, dimensions as
    /// labels. Counters get a `_total` suffix; timers become histograms in seconds (`_seconds`, boundaries and
    /// sums scaled from nanoseconds); aggregating recorders become histograms in their own unit; gauges and
    /// meters are gauges. No namespace is added: the labels are the instrumented library's own names.
    ///
    /// Whatever the labels and dimensions, the page stays valid Prometheus text: names and label names are
    /// sanitized, clashing label names get `exported_` in front, equal series are merged (counters summed,
    /// histograms of one layout merged) and any other series whose name or labels clash with one already on
    /// the page is left out (``MetricsExposition`` has the rule). Each left-out series is logged once, as a
    /// warning, and their number on this page is the gauge `<namespace>_metrics_dropped_series`, always
    /// written (0 when none).
    public mutating func appendMetrics(_ snapshot: MetricsSnapshot) {
        let plan = MetricsExposition(snapshot, isTaken: { isNameTaken($0) })
        for family in plan.families {
            switch family.type {
            case .histogram:
                appendHistogram(
                    name: family.name, help: family.help,
                    series: family.series.compactMap { series in
                        switch series.value {
                        case .timer(let histogram), .recorder(let histogram): return (series.labels, histogram)
                        default: return nil
                        }
                    }, unitScale: family.unitScale)
            case .counter, .gauge:
                appendFamily(
                    family.name, help: family.help, type: family.type,
                    family.series.map { (labels: $0.labels, value: MetricsExposition.scalar($0.value)) })
            }
        }
        DroppedSeriesLog.warnOnce(plan.dropped)
        appendFamily(
            qualified("metrics_dropped_series"),
            help: "swift-metrics series left out of this page because their name or labels clash with another's.",
            type: .gauge, [(labels: [], value: Double(plan.dropped.count))])
    }
}

/// Logs each left-out swift-metrics series once per process (a scrape every few seconds would otherwise repeat
/// the same warning forever). Remembers at most 10 000 series; beyond that, warnings repeat.
enum DroppedSeriesLog {
    private static let logger = Logger(label: "statsbench.metrics")
    private static let warned = Mutex<Set<MetricsExposition.Dropped>>([])

    static func warnOnce(_ dropped: [MetricsExposition.Dropped]) {
        guard !dropped.isEmpty else { return }
        let fresh = warned.withLock { warned in
            dropped.filter { entry in
                if warned.count >= 10_000 { warned.removeAll() }
                return warned.insert(entry).inserted
            }
        }
        for entry in fresh {
            logger.warning(
                "swift-metrics series left out of /metrics",
                metadata: [
                    "label": "\(entry.label)",
                    "dimensions": "\(entry.dimensions.map { "\($0.key)=\($0.value)" }.joined(separator: ","))",
                    "reason": "\(entry.reason)",
                ])
        }
    }
}
