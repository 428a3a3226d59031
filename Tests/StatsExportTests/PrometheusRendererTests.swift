import ServerStats
import StatsCore
import StatsExport
import StatsTestSupport
import Testing

@Suite("Prometheus exposition")
struct PrometheusRendererTests {
    /// Four latencies of exact binary fractions: 3/1024 s twice, 10/1024 s, 3/16 s (sum 0.203125 s exactly).
    private func smallHistogram() -> HistogramSnapshot {
        let registry = WorkerRegistry(capacity: 1)
        let histogram = ExponentialHistogram(layout: .seconds, registry: registry)
        let me = registry.register()
        for value in [0.0029296875, 0.0029296875, 0.009765625, 0.1875] { histogram.record(value, worker: me) }
        return histogram.snapshot()
    }

    @Test("a fixed small input renders exactly the expected text")
    func exactText() throws {
        let latency = smallHistogram()
        let window = RequestStatistics(window: latency, errors: 1, coveredSeconds: 2)
        let p50 = PrometheusText.number(try #require(window.p50))
        var renderer = PrometheusRenderer()
        renderer.appendRequests([
            MethodRequestFigures(method: "get", calls: 5, errors: 1, window: window, latency: latency)
        ])
        renderer.appendResources(
            ResourceSample(timestamp: t(1000), cpuPercent: 12.5, residentBytes: 1_048_576, threads: 4))
        let expected = """
            # HELP statsbench_requests_total API calls since start, by method.
            # TYPE statsbench_requests_total counter
            statsbench_requests_total{method="get"} 5
            # HELP statsbench_request_errors_total Failed API calls since start, by method.
            # TYPE statsbench_request_errors_total counter
            statsbench_request_errors_total{method="get"} 1
            # HELP statsbench_request_window_requests API calls in the sliding window, by method.
            # TYPE statsbench_request_window_requests gauge
            statsbench_request_window_requests{method="get"} 4
            # HELP statsbench_request_window_errors Failed API calls in the sliding window, by method.
            # TYPE statsbench_request_window_errors gauge
            statsbench_request_window_errors{method="get"} 1
            # HELP statsbench_request_window_error_ratio Failed / all calls in the sliding window (0...1).
            # TYPE statsbench_request_window_error_ratio gauge
            statsbench_request_window_error_ratio{method="get"} 0.25
            # HELP statsbench_request_window_requests_per_second Calls per second over the time the sliding window covers.
            # TYPE statsbench_request_window_requests_per_second gauge
            statsbench_request_window_requests_per_second{method="get"} 2
            # HELP statsbench_request_window_latency_average_seconds Mean latency in the sliding window, by method.
            # TYPE statsbench_request_window_latency_average_seconds gauge
            statsbench_request_window_latency_average_seconds{method="get"} 0.05078125
            # HELP statsbench_request_window_latency_p50_seconds Median (nearest rank) latency in the sliding window, by method.
            # TYPE statsbench_request_window_latency_p50_seconds gauge
            statsbench_request_window_latency_p50_seconds{method="get"} \(p50)
            # HELP statsbench_request_window_latency_p95_seconds 95th percentile latency in the sliding window, by method.
            # TYPE statsbench_request_window_latency_p95_seconds gauge
            statsbench_request_window_latency_p95_seconds{method="get"} 0.1875
            # HELP statsbench_request_window_latency_p99_seconds 99th percentile latency in the sliding window, by method.
            # TYPE statsbench_request_window_latency_p99_seconds gauge
            statsbench_request_window_latency_p99_seconds{method="get"} 0.1875
            # HELP statsbench_request_window_latency_max_seconds Largest latency in the sliding window, by method.
            # TYPE statsbench_request_window_latency_max_seconds gauge
            statsbench_request_window_latency_max_seconds{method="get"} 0.1875
            # HELP statsbench_request_window_latency_seconds Latencies in the sliding window, by method (a window: counts can fall between scrapes).
            # TYPE statsbench_request_window_latency_seconds histogram
            statsbench_request_window_latency_seconds_bucket{method="get",le="0.00390625"} 2
            statsbench_request_window_latency_seconds_bucket{method="get",le="0.0078125"} 2
            statsbench_request_window_latency_seconds_bucket{method="get",le="0.015625"} 3
            statsbench_request_window_latency_seconds_bucket{method="get",le="0.03125"} 3
            statsbench_request_window_latency_seconds_bucket{method="get",le="0.0625"} 3
            statsbench_request_window_latency_seconds_bucket{method="get",le="0.125"} 3
            statsbench_request_window_latency_seconds_bucket{method="get",le="0.25"} 4
            statsbench_request_window_latency_seconds_bucket{method="get",le="+Inf"} 4
            statsbench_request_window_latency_seconds_sum{method="get"} 0.203125
            statsbench_request_window_latency_seconds_count{method="get"} 4
            # HELP statsbench_process_cpu_percent CPU use since the previous sample, in percent of one core.
            # TYPE statsbench_process_cpu_percent gauge
            statsbench_process_cpu_percent{process="self"} 12.5
            # HELP statsbench_process_resident_memory_bytes Resident set size.
            # TYPE statsbench_process_resident_memory_bytes gauge
            statsbench_process_resident_memory_bytes{process="self"} 1048576
            # HELP statsbench_process_threads Threads.
            # TYPE statsbench_process_threads gauge
            statsbench_process_threads{process="self"} 4
            # HELP statsbench_resource_sample_timestamp_seconds When the resource sample was taken (Unix seconds).
            # TYPE statsbench_resource_sample_timestamp_seconds gauge
            statsbench_resource_sample_timestamp_seconds 1000

            """
        #expect(renderer.text == expected)
    }

    @Test("label values and help text are escaped in the output")
    func escapedOutput() {
        var renderer = PrometheusRenderer()
        let empty = RequestStatistics(window: HistogramSnapshot(layout: .seconds), errors: 0, coveredSeconds: 0)
        renderer.appendRequests([
            MethodRequestFigures(method: "a\"b\\c\nd", calls: 1, errors: 0, window: empty)
        ])
        #expect(renderer.text.contains(#"statsbench_requests_total{method="a\"b\\c\nd"} 1"#))
        // An empty window has no latency figures: those families are left out entirely.
        #expect(!renderer.text.contains("latency_p50"))
        var histograms = PrometheusRenderer()
        histograms.appendHistogram(name: "h", help: "line one\nline \\two", series: [])
        #expect(histograms.text.isEmpty)  // no series: no family
        histograms.appendHistogram(
            name: "h", help: "line one\nline \\two", series: [([], HistogramSnapshot(layout: .seconds))])
        #expect(histograms.text.hasPrefix(#"# HELP h line one\nline \\two"# + "\n# TYPE h histogram\n"))
    }

    @Test("a second family of the same name is skipped with a comment, never a second group")
    func duplicateFamilies() {
        var renderer = PrometheusRenderer()
        renderer.appendResources(ResourceSample(timestamp: t(1), threads: 2))
        renderer.appendResources(ResourceSample(timestamp: t(2), threads: 3))
        let text = renderer.text
        #expect(text.components(separatedBy: "# TYPE statsbench_process_threads gauge").count == 2)
        #expect(text.contains("# skipped a second family named statsbench_process_threads"))
        #expect(!text.contains(#"statsbench_process_threads{process="self"} 3"#))
    }

    @Test("reset empties the page and keeps the buffer's capacity")
    func bufferReuse() {
        var renderer = PrometheusRenderer()
        renderer.appendResources(ResourceSample(timestamp: t(1), cpuPercent: 1, residentBytes: 2, threads: 3))
        let first = renderer.text
        let capacity = renderer.bufferCapacity
        renderer.reset()
        #expect(renderer.text.isEmpty)
        #expect(renderer.bufferCapacity == capacity)
        renderer.appendResources(ResourceSample(timestamp: t(1), cpuPercent: 1, residentBytes: 2, threads: 3))
        #expect(renderer.text == first)
    }

    @Test("per-client series are off by default and capped, with a comment, when on")
    func clientSeries() throws {
        let pipeline = try makePipeline()
        let worker = pipeline.workers.register()
        for id in ["c3", "c1", "c2"] { _ = try pipeline.connect(clientID: id, worker: worker) }
        var renderer = PrometheusRenderer()
        _ = renderer.render(pipeline: pipeline)
        #expect(!renderer.text.contains("client_api_calls_total"))
        renderer.options.perClientSeries = true
        renderer.options.clientSeriesLimit = 2
        let text = renderer.render(pipeline: pipeline)
        #expect(text.contains("# per-client series for 2 of 3 connected clients (capped at 2, first by client id)"))
        let clients = sampleLines(text).filter { $0.name == "statsbench_client_api_calls_total" }
        #expect(clients.map { $0.labels["client"] } == ["c1", "c2"])
    }
}
