import ServerStats
import StatsCore

extension PrometheusRenderer {
    /// The name of the all-time latency histogram family (with the namespace), e.g.
    /// `statsbench_request_latency_seconds`.
    public var cumulativeLatencyName: String { qualified("request_latency_seconds") }

    /// Appends the all-time latency histogram, one series per method (`method` label), with **every** bucket
    /// boundary of the layout at `2^targetScale` buckets per octave (default 4 per octave: `le` boundaries
    /// `2^(k/4)` seconds, so an interpolated quantile is off by at most 19 %).
    ///
    /// Unlike the window histogram (``appendRequests(_:)``), its counts only grow and every series has the same
    /// `le` set at every scrape, so `histogram_quantile(q, sum by (le) (rate(…_bucket[5m])))` and
    /// `histogram_quantile(q, sum by (le) (…_bucket))` across instances are meaningful.
    ///
    /// - Parameters:
    ///   - methods: the method names, in the order of `snapshots`.
    ///   - snapshots: one all-time histogram per method (see ``ServerStats/StatsPipeline/allTimeLatencyPerMethod()``).
    public mutating func appendCumulativeLatency(
        methods: [String], snapshots: [HistogramSnapshot], targetScale: Int = 2
    ) {
        let saved = options.histogramCoarsening
        options.histogramCoarsening = .scale(targetScale, coversWholeLayout: true)
        defer { options.histogramCoarsening = saved }
        appendHistogram(
            name: cumulativeLatencyName,
            help: "API call latencies since start, by method (all-time: counts only grow; fixed le set).",
            series: zip(methods, snapshots).map { (labels: [("method", $0.0)], snapshot: $0.1) })
    }
}
