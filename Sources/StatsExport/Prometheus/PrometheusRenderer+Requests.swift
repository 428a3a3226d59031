import ServerStats

extension PrometheusRenderer {
    /// Appends per-method request metrics, each family with a `method` label: all-time calls and errors as
    /// counters; the window's requests, errors, error ratio, rate and latency figures as gauges (a window figure
    /// can fall, so it is never a counter); and the window's latency histograms (coarsened as
    /// ``PrometheusOptions/histogramCoarsening`` says). Latency figures that are `nil` (empty window) are left out.
    public mutating func appendRequests(_ methods: [MethodRequestFigures]) {
        func each<Value>(_ value: (MethodRequestFigures) -> Value?) -> [(labels: [(String, String)], value: Value)] {
            methods.compactMap { figures in value(figures).map { ([("method", figures.method)], $0) } }
        }
        appendFamily(
            qualified("requests_total"), help: "API calls since start, by method.", type: .counter, each { $0.calls })
        appendFamily(
            qualified("request_errors_total"), help: "Failed API calls since start, by method.", type: .counter,
            each { $0.errors })
        appendFamily(
            qualified("request_window_requests"), help: "API calls in the sliding window, by method.", type: .gauge,
            each { $0.window.total })
        appendFamily(
            qualified("request_window_errors"), help: "Failed API calls in the sliding window, by method.",
            type: .gauge, each { $0.window.errors })
        appendFamily(
            qualified("request_window_error_ratio"), help: "Failed / all calls in the sliding window (0...1).",
            type: .gauge, each { $0.window.errorRatePercent / 100 })
        appendFamily(
            qualified("request_window_requests_per_second"),
            help: "Calls per second over the time the sliding window covers.", type: .gauge,
            each { $0.window.requestsPerMinute / 60 })
        let latencies: [(String, String, (RequestStatistics) -> Double?)] = [
            ("average", "Mean", \.average), ("p50", "Median (nearest rank)", \.p50),
            ("p95", "95th percentile", \.p95), ("p99", "99th percentile", \.p99), ("max", "Largest", \.maximum),
        ]
        for (suffix, what, value) in latencies {
            appendFamily(
                qualified("request_window_latency_\(suffix)_seconds"),
                help: "\(what) latency in the sliding window, by method.", type: .gauge, each { value($0.window) })
        }
        let histograms = methods.compactMap { figures in
            figures.latency.map { (labels: [("method", figures.method)], snapshot: $0) }
        }
        appendHistogram(
            name: qualified("request_window_latency_seconds"),
            help: "Latencies in the sliding window, by method (a window: counts can fall between scrapes).",
            series: histograms)
    }
}
