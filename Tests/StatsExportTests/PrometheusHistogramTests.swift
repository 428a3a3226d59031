import ServerStats
import StatsCore
import StatsExport
import StatsTestSupport
import Testing

@Suite("Prometheus histogram buckets")
struct PrometheusHistogramTests {
    /// 20 000 lognormal latencies, plus three zeros and two values beyond the layout (overflow).
    private func values() -> [Double] {
        TestDistribution.lognormal.samples(20_000, seed: 7) + [0, 0, 0, 10_000, .infinity]
    }

    private func render(_ values: [Double], coarsening: HistogramCoarsening) -> (HistogramSnapshot, String) {
        let registry = WorkerRegistry(capacity: 1)
        let histogram = ExponentialHistogram(layout: .seconds, registry: registry)
        let me = registry.register()
        for value in values { histogram.record(value, worker: me) }
        let snapshot = histogram.snapshot()
        var options = PrometheusOptions()
        options.histogramCoarsening = coarsening
        var renderer = PrometheusRenderer(options: options)
        renderer.appendHistogram(name: "latency_seconds", help: "Latency.", series: [([("method", "get")], snapshot)])
        return (snapshot, renderer.text)
    }

    @Test(
        "buckets are cumulative, monotone, exact against the raw values, and +Inf and _count equal the count",
        arguments: [HistogramCoarsening.octaves, .scale(2), .scale(0, coversWholeLayout: true)])
    func cumulativeAndExact(coarsening: HistogramCoarsening) throws {
        let raw = values()
        let (snapshot, text) = render(raw, coarsening: coarsening)
        let lines = sampleLines(text)
        let buckets = lines.filter { $0.name == "latency_seconds_bucket" }
        let finite = buckets.dropLast()
        #expect(buckets.last?.labels["le"] == "+Inf")
        #expect(buckets.last?.value == String(snapshot.count))
        #expect(lines.first { $0.name == "latency_seconds_count" }?.value == String(snapshot.count))
        #expect(snapshot.count == UInt64(raw.count))
        let bounds = try finite.map { try #require(Double($0.labels["le"]!)) }
        let counts = try finite.map { try #require(UInt64($0.value)) }
        #expect(zip(bounds, bounds.dropFirst()).allSatisfy { $0 < $1 })
        #expect(zip(counts, counts.dropFirst()).allSatisfy { $0 <= $1 })
        // Exact: each `le` count is the number of raw values at or below that boundary, no interpolation.
        for (bound, count) in zip(bounds, counts) {
            #expect(UInt64(raw.filter { $0 <= bound }.count) == count, "le=\(bound)")
        }
        #expect(buckets.allSatisfy { $0.labels["method"] == "get" })
    }

    @Test("octave coarsening emits powers of two spanning the occupied range: tens of lines, not thousands")
    func octaveBoundaries() throws {
        let (snapshot, text) = render(values(), coarsening: .octaves)
        let bounds = try sampleLines(text).filter { $0.name == "latency_seconds_bucket" && $0.labels["le"] != "+Inf" }
            .map { try #require(Double($0.labels["le"]!)) }
        #expect(bounds.count < 40)
        #expect(bounds.allSatisfy { $0.significand == 1 })  // exact powers of two
        let smallest = try #require(snapshot.nonEmptyBuckets.first?.upperBound)
        let largest = try #require(snapshot.nonEmptyBuckets.last?.upperBound)
        #expect(bounds.first! >= smallest && bounds.first! / 2 < smallest)
        #expect(bounds.last! >= largest && bounds.last! / 2 < largest)
        #expect(snapshot.layout.bucketCount == HistogramLayout.seconds.bucketCount)
    }

    @Test("scale coarsening keeps exact layout boundaries between the octaves")
    func scaleBoundaries() throws {
        let (snapshot, text) = render(values(), coarsening: .scale(2))
        let bounds = try sampleLines(text).filter { $0.name == "latency_seconds_bucket" && $0.labels["le"] != "+Inf" }
            .map { try #require(Double($0.labels["le"]!)) }
        let layoutBounds = Set((0..<snapshot.layout.bucketCount).map { snapshot.layout.upperBound(ofBucket: $0) })
        #expect(bounds.allSatisfy { layoutBounds.contains($0) })
        #expect(bounds.filter { $0.significand == 1 }.count * 4 >= bounds.count - 4)  // 4 per octave
    }

    @Test("a timer histogram in nanoseconds renders boundaries and sum in seconds")
    func unitScale() {
        let registry = WorkerRegistry(capacity: 1)
        let histogram = ExponentialHistogram(layout: .nanoseconds, registry: registry)
        histogram.record(1536.0, worker: registry.register())  // in (1024, 2048] ns
        var renderer = PrometheusRenderer()
        renderer.appendHistogram(name: "t_seconds", help: "T.", series: [([], histogram.snapshot())], unitScale: 1e-9)
        let lines = sampleLines(renderer.text)
        #expect(lines.map(\.labels) == [["le": PrometheusText.number(2048 * 1e-9)], ["le": "+Inf"], [:], [:]])
        #expect(lines[2].value == PrometheusText.number(1536 * 1e-9))
    }
}
