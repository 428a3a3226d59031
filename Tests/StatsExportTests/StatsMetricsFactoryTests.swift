import Metrics
import StatsCore
import StatsExport
import StatsTestSupport
import Testing

@testable import CoreMetrics

/// These tests bootstrap the global `MetricsSystem`, so they run one at a time.
@Suite("swift-metrics backend", .serialized)
struct StatsMetricsFactoryTests {
    @Test("every metric kind records through MetricsSystem into the snapshot")
    func allKinds() throws {
        let factory = StatsMetricsFactory()
        MetricsSystem.bootstrapInternal(factory)
        Counter(label: "requests", dimensions: [("method", "get")]).increment(by: 5)
        Counter(label: "requests", dimensions: [("method", "get")]).increment()
        Counter(label: "requests", dimensions: [("method", "put")]).increment(by: -3)  // ignored: counters only rise
        FloatingPointCounter(label: "cost").increment(by: 0.25)
        FloatingPointCounter(label: "cost").increment(by: 0.5)
        let meter = Meter(label: "depth")
        meter.set(10)
        meter.increment(by: 2.5)
        meter.decrement(by: 1)
        Gauge(label: "temperature").record(21.5)
        Gauge(label: "temperature").record(19)
        let recorder = Recorder(label: "sizes")
        for size in [100, 200, 300] { recorder.record(size) }
        let timer = Timer(label: "latency")
        timer.recordNanoseconds(1_000)
        timer.recordNanoseconds(3_000_000)
        timer.recordMilliseconds(2)

        let snapshot = factory.snapshot()
        #expect(snapshot.metric("requests", dimensions: [("method", "get")])?.value == .counter(6))
        #expect(snapshot.metric("requests", dimensions: [("method", "put")])?.value == .counter(0))
        #expect(snapshot.metric("cost")?.value == .floatingPointCounter(0.75))
        #expect(snapshot.metric("depth")?.value == .meter(11.5))
        #expect(snapshot.metric("temperature")?.value == .gauge(19))
        guard case .recorder(let sizes) = snapshot.metric("sizes")?.value,
            case .timer(let latency) = snapshot.metric("latency")?.value
        else {
            Issue.record("sizes or latency missing or of the wrong kind: \(snapshot.metrics)")
            return
        }
        #expect(sizes.count == 3 && sizes.sum == 600 && sizes.minimum == 100 && sizes.maximum == 300)
        #expect(latency.layout == .nanoseconds)
        #expect(latency.count == 3 && latency.sum == 5_001_000 && latency.maximum == 3_000_000)
        #expect(
            snapshot.metrics.map(\.label) == [
                "cost", "depth", "latency", "requests", "requests", "sizes", "temperature",
            ])
    }

    @Test("identical label and dimensions (in any order) share one storage; destroy forgets it")
    func deduplication() {
        let factory = StatsMetricsFactory()
        let first = factory.makeCounter(label: "hits", dimensions: [("a", "1"), ("b", "2")])
        let second = factory.makeCounter(label: "hits", dimensions: [("b", "2"), ("a", "1")])
        #expect(first === second)
        #expect(factory.makeCounter(label: "hits", dimensions: []) !== first)
        first.increment(by: 2)
        second.increment(by: 3)
        #expect(factory.snapshot().metric("hits", dimensions: [("a", "1"), ("b", "2")])?.value == .counter(5))
        first.reset()
        #expect(factory.snapshot().metric("hits", dimensions: [("a", "1"), ("b", "2")])?.value == .counter(0))
        factory.destroyCounter(first)
        #expect(factory.snapshot().metric("hits", dimensions: [("a", "1"), ("b", "2")]) == nil)
        // A gauge and an aggregating recorder of one label are different metrics.
        #expect(
            factory.makeRecorder(label: "x", dimensions: [], aggregate: true)
                !== factory.makeRecorder(label: "x", dimensions: [], aggregate: false))
    }

    @Test("two threads × 1 M increments through a swift-metrics Counter count exactly 2 M")
    func concurrentIncrements() {
        let factory = StatsMetricsFactory()
        MetricsSystem.bootstrapInternal(factory)
        let counter = Counter(label: "ops")
        let timer = Timer(label: "op_time")
        runOnThreads(2) { thread in
            for index in 0..<1_000_000 {
                counter.increment()
                if index % 1000 == 0 { timer.recordNanoseconds(Int64(thread + 1) * 1000) }
            }
        }
        #expect(factory.snapshot().metric("ops")?.value == .counter(2_000_000))
        guard case .timer(let times) = factory.snapshot().metric("op_time")?.value else {
            Issue.record("op_time missing")
            return
        }
        #expect(times.count == 2000 && times.sum == 3_000_000)
    }

    @Test("the Prometheus renderer renders the factory's snapshot")
    func rendered() {
        let factory = StatsMetricsFactory()
        Counter(label: "jobs.done", dimensions: [("queue", "a")], factory: factory).increment(by: 3)
        Timer(label: "job", factory: factory).recordNanoseconds(1536)
        Gauge(label: "busy", factory: factory).record(2)
        var renderer = PrometheusRenderer()
        renderer.appendMetrics(factory.snapshot())
        let expected = """
            # HELP busy swift-metrics gauge busy.
            # TYPE busy gauge
            busy 2
            # HELP job_seconds swift-metrics timer job, in seconds.
            # TYPE job_seconds histogram
            job_seconds_bucket{le="\(PrometheusText.number(2048 * 1e-9))"} 1
            job_seconds_bucket{le="+Inf"} 1
            job_seconds_sum \(PrometheusText.number(1536 * 1e-9))
            job_seconds_count 1
            # HELP jobs_done_total swift-metrics counter jobs.done.
            # TYPE jobs_done_total counter
            jobs_done_total{queue="a"} 3
            # HELP statsbench_metrics_dropped_series swift-metrics series left out of this page because their \
            name or labels clash with another's.
            # TYPE statsbench_metrics_dropped_series gauge
            statsbench_metrics_dropped_series 0

            """
        #expect(renderer.text == expected)
    }
}
