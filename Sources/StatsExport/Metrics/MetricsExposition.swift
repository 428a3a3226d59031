import StatsCore

/// How the metrics of a ``StatsMetricsFactory`` become Prometheus families that a scrape always accepts,
/// whatever labels and dimensions an app passes (docs/http-endpoints.md, "swift-metrics names"):
///
/// - **Names.** A label becomes a metric name by ``PrometheusText/metricName(_:)`` (other characters → `_`,
///   a leading digit gets a `_` before it); counters get `_total`, timers `_seconds`. An empty label names
///   nothing and is dropped.
/// - **Labels.** A dimension with an empty value is left out (Prometheus treats an empty label as absent).
///   Names are sanitized by ``PrometheusText/labelName(_:)``; a name already used in the same sample, or `le`
///   on a histogram, gets `exported_` in front (repeatedly, until free) — Prometheus's own convention for a
///   clashing label. Labels are written sorted by name.
/// - **One type per name.** When metrics of different kinds end up with one name, the kind that comes first
///   in timer, recorder, counter, gauge/meter keeps the name; the others are dropped.
/// - **One owner per sample name.** A histogram owns `NAME`, `NAME_bucket`, `NAME_sum` and `NAME_count`;
///   other families own their name. Families claim names histograms first, then counters, then gauges, each
///   by name; a family needing a name already owned (on this page, by the pipeline's families or an earlier
///   claim) is dropped whole.
/// - **One sample per series.** Series equal after all this are merged when merging means something:
///   counters are summed, histograms of one layout are merged bucket by bucket. Other duplicates (a gauge and
///   a meter, histograms of different layouts) keep the first in the snapshot's order; the rest are dropped.
///
/// Every dropped series is listed in ``dropped``; the renderer logs each once and reports their number.
struct MetricsExposition {
    /// A family to render.
    struct Family {
        let name: String
        let type: PrometheusType
        let help: String
        /// Multiplies histogram boundaries and sums (1e-9 for timers: nanoseconds to seconds).
        let unitScale: Double
        var series: [Series]
    }

    /// One series: its final labels (sorted by name) and its value.
    struct Series {
        let labels: [(String, String)]
        var value: MetricValue
    }

    /// A series left out, and why.
    struct Dropped: Hashable {
        let label: String
        let dimensions: [MetricDimension]
        let reason: String
    }

    /// The families to render, by name.
    private(set) var families: [Family] = []
    /// The series left out.
    private(set) var dropped: [Dropped] = []

    /// The plan for `snapshot`; `isTaken` says whether a sample name is already on the page.
    init(_ snapshot: MetricsSnapshot, isTaken: (String) -> Bool) {
        var byName: [String: [Entry]] = [:]
        for sample in snapshot.metrics {
            guard !sample.label.isEmpty else {
                drop(sample, "an empty label names no metric")
                continue
            }
            let entry = Entry(sample)
            byName[entry.name, default: []].append(entry)
        }
        var candidates: [Family] = []
        for (name, entries) in byName {
            let winner = entries.map(\.kind).min()!
            for entry in entries where entry.kind != winner {
                drop(entry.sample, "the name \(name) is taken by a \(winner.description) of the same name")
            }
            candidates.append(family(name, entries.filter { $0.kind == winner }, kind: winner))
        }
        candidates.sort { ($0.kindRank, $0.name) < ($1.kindRank, $1.name) }
        var claimed: Set<String> = []
        for family in candidates {
            let needed = family.type == .histogram ? Self.histogramNames(family.name) : [family.name]
            if let clash = needed.first(where: { claimed.contains($0) || isTaken($0) }) {
                for series in family.series {
                    dropped.append(
                        Dropped(
                            label: family.name,
                            dimensions: series.labels.map { MetricDimension(key: $0.0, value: $0.1) },
                            reason: "its sample name \(clash) is already on the page"))
                }
                continue
            }
            claimed.formUnion(needed)
            families.append(family)
        }
        families.sort { $0.name < $1.name }
    }

    /// The sample names a histogram family `name` writes.
    static func histogramNames(_ name: String) -> [String] {
        [name, name + "_bucket", name + "_sum", name + "_count"]
    }

    /// The labels of `dimensions` as written: empty values left out, names sanitized, clashes (with each other,
    /// or with `le` on a histogram) prefixed with `exported_`; sorted by name.
    static func labels(_ dimensions: [MetricDimension], histogram: Bool) -> [(String, String)] {
        var used: Set<String> = histogram ? ["le"] : []
        var result: [(String, String)] = []
        for dimension in dimensions where !dimension.value.isEmpty {
            var name = PrometheusText.labelName(dimension.key)
            while used.contains(name) { name = "exported_" + name }
            used.insert(name)
            result.append((name, dimension.value))
        }
        return result.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
    }

    private mutating func drop(_ sample: MetricSample, _ reason: String) {
        dropped.append(Dropped(label: sample.label, dimensions: sample.dimensions, reason: reason))
    }

    /// The family of `entries` (all of `kind`), with equal series merged or dropped.
    private mutating func family(_ name: String, _ entries: [Entry], kind: Entry.Kind) -> Family {
        var series: [Series] = []
        var index: [[String]: Int] = [:]
        for entry in entries {
            let labels = Self.labels(entry.sample.dimensions, histogram: kind.isHistogram)
            let key = labels.flatMap { [$0.0, $0.1] }
            guard let position = index[key] else {
                index[key] = series.count
                series.append(Series(labels: labels, value: entry.sample.value))
                continue
            }
            if let merged = Self.merged(series[position].value, entry.sample.value) {
                series[position].value = merged
            } else {
                drop(entry.sample, "it is the same series as an earlier \(kind.description) of \(name)")
            }
        }
        return Family(name: name, type: kind.type, help: kind.help(entries), unitScale: kind.unitScale, series: series)
    }

    /// Two values of one series merged, or `nil` when merging would mean nothing.
    private static func merged(_ left: MetricValue, _ right: MetricValue) -> MetricValue? {
        switch (left, right) {
        case (.counter(let a), .counter(let b)):
            let (sum, overflow) = a.addingReportingOverflow(b)
            return .counter(overflow ? UInt64.max : sum)
        case (.counter, .floatingPointCounter), (.floatingPointCounter, .counter),
            (.floatingPointCounter, .floatingPointCounter):
            return .floatingPointCounter(scalar(left) + scalar(right))
        case (.timer(let a), .timer(let b)): return (try? a.merging(b)).map { .timer($0) }
        case (.recorder(let a), .recorder(let b)): return (try? a.merging(b)).map { .recorder($0) }
        default: return nil
        }
    }

    /// A counter's or gauge's value as a sample value.
    static func scalar(_ value: MetricValue) -> Double {
        switch value {
        case .counter(let count): return Double(count)
        case .floatingPointCounter(let sum): return sum
        case .meter(let current), .gauge(let current): return current
        case .recorder(let histogram), .timer(let histogram): return Double(histogram.count)
        }
    }

    /// One sample with its family name and kind.
    private struct Entry {
        /// The kinds in the order in which they keep a contested name.
        enum Kind: Int, Comparable, CustomStringConvertible {
            case timer, recorder, counter, gauge

            static func < (left: Kind, right: Kind) -> Bool { left.rawValue < right.rawValue }

            var isHistogram: Bool { self == .timer || self == .recorder }
            var type: PrometheusType {
                switch self {
                case .timer, .recorder: return .histogram
                case .counter: return .counter
                case .gauge: return .gauge
                }
            }
            var unitScale: Double { self == .timer ? 1e-9 : 1 }
            var description: String {
                switch self {
                case .timer: return "timer"
                case .recorder: return "recorder"
                case .counter: return "counter"
                case .gauge: return "gauge or meter"
                }
            }

            /// The help text: the kind and the labels that went into the family.
            func help(_ entries: [Entry]) -> String {
                var labels: [String] = []
                for entry in entries where !labels.contains(entry.sample.label) { labels.append(entry.sample.label) }
                let list = labels.joined(separator: ", ")
                switch self {
                case .timer: return "swift-metrics timer \(list), in seconds."
                case .recorder: return "swift-metrics recorder \(list)."
                case .counter: return "swift-metrics counter \(list)."
                case .gauge:
                    let meters = entries.filter { if case .meter = $0.sample.value { true } else { false } }.count
                    let kind = meters == 0 ? "gauge" : meters == entries.count ? "meter" : "gauge and meter"
                    return "swift-metrics \(kind) \(list)."
                }
            }
        }

        let sample: MetricSample
        let name: String
        let kind: Kind

        init(_ sample: MetricSample) {
            self.sample = sample
            let base = PrometheusText.metricName(sample.label)
            func suffixed(_ suffix: String) -> String { base.hasSuffix(suffix) ? base : base + suffix }
            switch sample.value {
            case .counter, .floatingPointCounter:
                (name, kind) = (suffixed("_total"), .counter)
            case .meter, .gauge:
                (name, kind) = (base, .gauge)
            case .recorder:
                (name, kind) = (base, .recorder)
            case .timer:
                (name, kind) = (suffixed("_seconds"), .timer)
            }
        }
    }
}

extension MetricsExposition.Family {
    /// Histograms first, then counters, then gauges: the order in which families claim names.
    fileprivate var kindRank: Int {
        switch type {
        case .histogram: return 0
        case .counter: return 1
        case .gauge: return 2
        }
    }
}
