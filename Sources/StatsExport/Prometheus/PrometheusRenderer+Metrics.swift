import StatsCore

extension PrometheusRenderer {
    /// Appends the metrics of a ``StatsMetricsFactory``: one family per sanitized label and kind, dimensions as
    /// labels. Counters get a `_total` suffix; timers become histograms in seconds (`_seconds`, boundaries and
    /// sums scaled from nanoseconds); aggregating recorders become histograms in their own unit; gauges and
    /// meters are gauges. No namespace is added: the labels are the instrumented library's own names.
    public mutating func appendMetrics(_ snapshot: MetricsSnapshot) {
        var order: [String] = []
        var groups: [String: (type: PrometheusType, help: String, samples: [MetricSample])] = [:]
        for sample in snapshot.metrics {
            let (name, type, help) = Self.family(of: sample)
            if groups[name] == nil {
                order.append(name)
                groups[name] = (type, help, [])
            }
            if groups[name]!.type == type {
                groups[name]!.samples.append(sample)
            } else {
                appendComment("skipped \(sample.label): its name \(name) is taken by a \(groups[name]!.type.rawValue)")
            }
        }
        for name in order {
            let group = groups[name]!
            let labelled = group.samples.map { sample in
                (labels: sample.dimensions.map { ($0.key, $0.value) }, value: sample.value)
            }
            switch group.type {
            case .histogram:
                let isTimer = labelled.contains { if case .timer = $0.value { return true } else { return false } }
                appendHistogram(
                    name: name, help: group.help,
                    series: labelled.compactMap { entry in
                        switch entry.value {
                        case .timer(let histogram), .recorder(let histogram): return (entry.labels, histogram)
                        default: return nil
                        }
                    }, unitScale: isTimer ? 1e-9 : 1)
            case .counter, .gauge:
                appendFamily(
                    name, help: group.help, type: group.type,
                    labelled.map { entry in (labels: entry.labels, value: Self.scalar(entry.value)) })
            }
        }
    }

    private static func family(of sample: MetricSample) -> (name: String, type: PrometheusType, help: String) {
        let base = PrometheusText.metricName(sample.label)
        func suffixed(_ suffix: String) -> String { base.hasSuffix(suffix) ? base : base + suffix }
        switch sample.value {
        case .counter, .floatingPointCounter:
            return (suffixed("_total"), .counter, "swift-metrics counter \(sample.label).")
        case .meter:
            return (base, .gauge, "swift-metrics meter \(sample.label).")
        case .gauge:
            return (base, .gauge, "swift-metrics gauge \(sample.label).")
        case .recorder:
            return (base, .histogram, "swift-metrics recorder \(sample.label).")
        case .timer:
            return (suffixed("_seconds"), .histogram, "swift-metrics timer \(sample.label), in seconds.")
        }
    }

    private static func scalar(_ value: MetricValue) -> Double {
        switch value {
        case .counter(let count): return Double(count)
        case .floatingPointCounter(let sum): return sum
        case .meter(let current), .gauge(let current): return current
        case .recorder(let histogram), .timer(let histogram): return Double(histogram.count)
        }
    }
}
