import CoreMetrics
import StatsExport

/// Test-oriented: with `STATSBENCH_DEMO_HOSTILE_METRICS=1`, `serve` registers swift-metrics metrics whose names
/// and dimensions would make an invalid Prometheus page if exposed naively (clashing label names, series equal
/// after sanitizing, one name for several kinds, names no Prometheus accepts), so that a real scrape can check
/// that `/metrics` stays valid (scripts/prometheus-integration.sh). Values are fixed, so the merged figures are
/// known: `server_cost_total` is 1 + 2 + 4 = 7.
enum HostileMetricsDemo {
    /// The environment variable that turns the demo metrics on (value `1`).
    static let environmentVariable = "STATSBENCH_DEMO_HOSTILE_METRICS"

    /// Registers the demo metrics in `factory`.
    static func register(in factory: StatsMetricsFactory) {
        // Label names that clash in one sample.
        Timer(label: "demo.latency", dimensions: [("le", "user")], factory: factory).recordNanoseconds(1500)
        Counter(label: "demo.dims", dimensions: [("a.b", "1"), ("a_b", "2")], factory: factory).increment()
        Counter(label: "demo.twice", dimensions: [("k", "1"), ("k", "2")], factory: factory).increment()
        // Series equal after sanitizing: merged (counters) or the first kept.
        Counter(label: "server.cost", factory: factory).increment(by: 1)
        Counter(label: "server_cost", factory: factory).increment(by: 2)
        Counter(label: "server-cost", factory: factory).increment(by: 4)
        Counter(label: "demo.mixed", dimensions: [("q", "a")], factory: factory).increment(by: 2)
        FloatingPointCounter(label: "demo.mixed", dimensions: [("q", "a")], factory: factory).increment(by: 0.5)
        Meter(label: "demo.level", dimensions: [("q", "a")], factory: factory).set(3)
        Gauge(label: "demo.level", dimensions: [("q", "a")], factory: factory).record(5)
        Recorder(label: "size", factory: factory).record(10)
        Gauge(label: "size_count", factory: factory).record(99)
        Counter(label: "demo.empty", dimensions: [("a", "")], factory: factory).increment()
        Counter(label: "demo.empty", factory: factory).increment()
        // A name of the server's own families.
        Gauge(label: "statsbench_request_latency_seconds_count", factory: factory).record(1)
        // Names that are not Prometheus names as given.
        Counter(label: "9lives", factory: factory).increment()
        Gauge(label: "größe", dimensions: [("ünit", "m²")], factory: factory).record(1.5)
        Counter(label: "", factory: factory).increment()
    }
}
