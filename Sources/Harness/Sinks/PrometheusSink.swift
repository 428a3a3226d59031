import Prometheus
import Simulation
import Synchronization

/// swift-prometheus 2.4.1 used the way a server uses it: the "existing library" peer with fixed buckets.
///
/// - **Record:** one `PrometheusCollectorRegistry` holds `statsbench_requests_total{method}`,
///   `statsbench_request_failures_total{method}` and unlabelled request/response byte counters (atomic
///   increments, shared by every worker), and one `statsbench_request_duration_seconds{method}` duration
///   `Histogram` per method with the library's **default duration buckets** (5 ms … 10 s, 11 bounds; its
///   record takes a lock and loops over every bucket). Metrics are looked up once at init into arrays indexed
///   by method, as a server caches them; per-client labels are not kept (unbounded cardinality).
/// - **Read:** the library has no public read API, so the sink renders the registry with `emit(into:)` — what a
///   scrape sees — and parses its own series (cold path).
/// - **Quantiles:** PromQL's `histogram_quantile` on the cumulative buckets (linear interpolation inside the
///   bucket; the top finite bound for ranks in `+Inf`; `1.0` gives the top non-empty bucket's upper bound), see
///   ``PrometheusHistogramQuantile``. `.run` uses the counts so far; `.window` the bucket increases since the
///   previous `.window` query — what `histogram_quantile(q, increase(…_bucket[window]))` shows.
///
/// ```swift
/// let sink = try PrometheusSink(setup: SinkSetup(methods: ["get", "put"], workers: 2, clients: 10))
/// sink.record(request, worker: 0)
/// let p99 = sink.quantiles([0.99], scope: .run)
/// ```
public final class PrometheusSink: Sink {
    /// The registry holding the sink's metrics; `emit(into:)` renders them as a scrape would.
    public let registry: PrometheusCollectorRegistry
    /// The duration histograms' bucket upper bounds: swift-prometheus's default duration buckets.
    public let bucketBounds: [Duration]

    private let requests: [Counter]
    private let failures: [Counter]
    private let requestBytes: Counter
    private let responseBytes: Counter
    private let latency: [DurationHistogram]
    /// Bucket upper bounds in seconds as PromQL reads them from the `le` labels, then `+Inf`.
    private let upperBounds: [Double]
    private let series: PrometheusSeriesIndex
    /// Per method: the cumulative bucket counts at the previous `.window` query (zeros at the start).
    private let previousWindow: Mutex<[[UInt64]]>

    /// Registers the counters and one default-bucket duration histogram per method; fails when there are no
    /// methods or two share a name (they would share one `method` label value and so one series).
    public init(setup: SinkSetup) throws(HarnessError) {
        try setup.validateForPeerSink(.swiftPrometheus)
        guard Set(setup.methods).count == setup.methods.count else {
            throw .sinkSetup(
                sink: SinkKind.swiftPrometheus.name,
                reason: "method names repeat in \(setup.methods): each method needs its own `method` label value")
        }
        let registry = PrometheusCollectorRegistry()
        let buckets = PrometheusMetricsFactory(registry: registry).defaultDurationHistogramBuckets
        let metrics = PrometheusSinkMetrics.self
        self.registry = registry
        self.bucketBounds = buckets
        requests = setup.methods.map { registry.makeCounter(descriptor: metrics.requests, labels: [("method", $0)]) }
        failures = setup.methods.map { registry.makeCounter(descriptor: metrics.failures, labels: [("method", $0)]) }
        requestBytes = registry.makeCounter(descriptor: metrics.requestBytes)
        responseBytes = registry.makeCounter(descriptor: metrics.responseBytes)
        latency = setup.methods.map {
            registry.makeDurationHistogram(descriptor: metrics.duration, labels: [("method", $0)], buckets: buckets)
        }
        let labels = buckets.map(\.bucketRepresentation)
        upperBounds = labels.map { Double($0) ?? .nan } + [.infinity]
        series = PrometheusSeriesIndex(methods: setup.methods, bucketLabels: labels)
        previousWindow = Mutex(
            [[UInt64]](repeating: [UInt64](repeating: 0, count: labels.count + 1), count: setup.methods.count))
    }

    /// Increments the method's request (and failure) counter and the byte counters, and records the latency
    /// in the method's histogram, as `Duration` nanoseconds (what swift-metrics' `Timer` hands it).
    public func record(_ request: SimulatedRequest, worker: Int) {
        let method = Int(request.methodIndex)
        requests[method].increment()
        if request.outcome == .failure {
            failures[method].increment()
        }
        requestBytes.increment(by: Int64(request.requestBytes))
        responseBytes.increment(by: Int64(request.responseBytes))
        // Clamped so that an infinite or huge draw cannot trap the conversion (NaN becomes 0).
        let nanoseconds = min(max(request.latencySeconds * 1e9, 0), 4.0e18)
        latency[method].record(.nanoseconds(Int64(nanoseconds.rounded())))
    }

    /// `histogram_quantile` per method over the whole run (`.run`) or over the bucket increases since the
    /// previous `.window` query (`.window`); an inner `nil` for a method without observations.
    public func quantiles(_ quantiles: [Double], scope: QuantileScope) -> [[Double?]]? {
        let current = readout().buckets
        let histograms: [[UInt64]]
        switch scope {
        case .run:
            histograms = current
        case .window:
            histograms = previousWindow.withLock { previous in
                defer { previous = current }
                return zip(current, previous).map { now, before in zip(now, before).map { $0 &- $1 } }
            }
        }
        return PrometheusHistogramQuantile.quantiles(quantiles, upperBounds: upperBounds, histograms: histograms)
    }

    /// The counters' values, read from the exposition.
    public func totals() -> SinkTotals {
        let values = readout()
        return SinkTotals(
            requests: values.requests.reduce(0, +), failures: values.failures.reduce(0, +),
            requestsPerMethod: values.requests, requestBytes: values.requestBytes, responseBytes: values.responseBytes)
    }

    /// The registry rendered and parsed: every value the sink can report.
    private func readout() -> PrometheusReadout {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return series.read(buffer)
    }
}
