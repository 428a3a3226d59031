import Prometheus

/// The metric names the `swift-prometheus` sink registers (computed: `MetricNameDescriptor` is not `Sendable`,
/// so it cannot be a static constant).
enum PrometheusSinkMetrics {
    static var requests: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "statsbench", metricName: "requests", unitName: "total", helpText: "Requests handled.")
    }
    static var failures: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "statsbench", metricName: "request_failures", unitName: "total", helpText: "Requests failed.")
    }
    static var requestBytes: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "statsbench", metricName: "request", unitName: "bytes_total", helpText: "Request bytes read.")
    }
    static var responseBytes: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "statsbench", metricName: "response", unitName: "bytes_total", helpText: "Response bytes sent.")
    }
    static var duration: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "statsbench", metricName: "request_duration", unitName: "seconds",
            helpText: "Request latency from the intended start.")
    }
}

/// What the sink's series say, read back from the registry's text exposition.
struct PrometheusReadout: Sendable {
    /// Per method: `statsbench_requests_total` and `statsbench_request_failures_total`.
    var requests: [UInt64]
    var failures: [UInt64]
    /// The unlabelled byte counters.
    var requestBytes: UInt64 = 0
    var responseBytes: UInt64 = 0
    /// Per method: cumulative `_bucket` counts, finite buckets in order, then `+Inf`.
    var buckets: [[UInt64]]
}

/// Finds the sink's series in `PrometheusCollectorRegistry.emit(into:)` output.
///
/// swift-prometheus 2.4.1 has no public read API (counter values and bucket counts are internal), so the sink
/// reads what a scrape reads: it renders the registry and parses the sample lines. Each series' exact text
/// (`name{method="…",le="…"}`, rendered and escaped as the library does) is computed once, so a line is one
/// dictionary lookup. Cold path: windows and reports only.
struct PrometheusSeriesIndex: Sendable {
    private enum Series: Sendable {
        case requests(Int), failures(Int), requestBytes, responseBytes
        case bucket(method: Int, index: Int)
    }

    private let series: [String: Series]
    private let methods: Int
    private let bucketCount: Int

    /// Indexes the series for `methods` (the `method` label values) and the histogram's `le` labels
    /// (`bucketLabels`, finite bounds as the library renders them; `+Inf` is added).
    init(methods: [String], bucketLabels: [String]) {
        let metrics = PrometheusSinkMetrics.self
        var series: [String: Series] = [
            metrics.requestBytes.name: .requestBytes, metrics.responseBytes.name: .responseBytes,
        ]
        let labels = bucketLabels + ["+Inf"]
        for (method, name) in methods.enumerated() {
            let label = "method=\"\(Self.escaped(name))\""
            series["\(metrics.requests.name){\(label)}"] = .requests(method)
            series["\(metrics.failures.name){\(label)}"] = .failures(method)
            for (index, le) in labels.enumerated() {
                series["\(metrics.duration.name)_bucket{\(label),le=\"\(le)\"}"] = .bucket(method: method, index: index)
            }
        }
        self.series = series
        self.methods = methods.count
        self.bucketCount = labels.count
    }

    /// The values of the sink's series in `exposition` (other lines are skipped).
    func read(_ exposition: [UInt8]) -> PrometheusReadout {
        let zeros = [UInt64](repeating: 0, count: methods)
        var readout = PrometheusReadout(
            requests: zeros, failures: zeros,
            buckets: [[UInt64]](repeating: [UInt64](repeating: 0, count: bucketCount), count: methods))
        for line in exposition.split(separator: UInt8(ascii: "\n")) where line.first != UInt8(ascii: "#") {
            guard let space = line.lastIndex(of: UInt8(ascii: " ")),
                let found = series[String(decoding: line[..<space], as: UTF8.self)]
            else { continue }
            let text = String(decoding: line[(space + 1)...], as: UTF8.self)
            let value = UInt64(text) ?? Double(text).map { UInt64($0) } ?? 0
            switch found {
            case .requests(let method): readout.requests[method] = value
            case .failures(let method): readout.failures[method] = value
            case .requestBytes: readout.requestBytes = value
            case .responseBytes: readout.responseBytes = value
            case .bucket(let method, let index): readout.buckets[method][index] = value
            }
        }
        return readout
    }

    /// A label value escaped as the text format (and swift-prometheus) writes it: `\`, `"` and line feed.
    private static func escaped(_ value: String) -> String {
        var bytes: [UInt8] = []
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\n"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
