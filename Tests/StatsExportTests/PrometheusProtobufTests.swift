import Foundation
import ServerStats
import StatsCore
import StatsTestSupport
import SwiftProtobuf
import Testing

@testable import StatsExport

/// The protobuf exposition: golden bytes of a small native histogram, decoded back field by field, and the
/// varint-length-delimited framing.
@Suite("Prometheus protobuf exposition")
struct PrometheusProtobufTests {
    /// 0 and 2^-40 (zero bucket), 1.0, 1.5 twice and 3.0 in the seconds layout, rendered as family
    /// `latency_seconds{method="get"}` with octave coarsening.
    private func smallExposition() throws -> [UInt8] {
        var renderer = PrometheusRenderer()
        renderer.keepsStructure = true
        renderer.appendHistogram(
            name: "latency_seconds", help: "Latency.",
            series: [([("method", "get")], snapshot(of: [0, 0x1p-40, 1.0, 1.5, 1.5, 3.0]))])
        return try renderer.protobufExposition()
    }

    @Test("a small histogram's bytes equal the golden file (written by hand from the wire format)")
    func goldenBytes() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Fixtures/native-histogram.delimited.bin")
        let golden = [UInt8](try Data(contentsOf: url))
        #expect(try smallExposition() == golden)
    }

    @Test("the golden bytes decode back with swift-protobuf, field by field")
    func decodesFieldByField() throws {
        let bytes = try smallExposition()
        let frames = try Self.frames(bytes)
        try #require(frames.count == 1)
        let family = try Io_Prometheus_Client_MetricFamily(serializedBytes: frames[0])
        #expect(family.name == "latency_seconds")
        #expect(family.help == "Latency.")
        #expect(family.type == .histogram)
        try #require(family.metric.count == 1)
        let metric = family.metric[0]
        #expect(metric.label.map { [$0.name, $0.value] } == [["method", "get"]])
        let histogram = metric.histogram
        #expect(histogram.sampleCount == 6)
        #expect(histogram.sampleSum == 7 + 0x1p-40)
        // Classic buckets: cumulative, zero and underflow values at or below every bound.
        #expect(histogram.bucket.map(\.upperBound) == [1, 2, 4])
        #expect(histogram.bucket.map(\.cumulativeCount) == [3, 5, 6])
        // Native: schema 6; 1.0 = 2^(0/64) is bucket 0, 1.5 is bucket ⌈64·log2 1.5⌉ = 38, 3.0 is ⌈64·log2 3⌉ = 102.
        #expect(histogram.hasSchema && histogram.schema == 6)
        #expect(histogram.zeroThreshold == 0x1p-30)
        #expect(histogram.zeroCount == 2)
        #expect(histogram.positiveSpan.map { [Int($0.offset), Int($0.length)] } == [[0, 1], [37, 1], [63, 1]])
        #expect(histogram.positiveDelta == [1, 1, -1])
        #expect(histogram.negativeSpan.isEmpty && histogram.negativeDelta.isEmpty)
    }

    @Test("framing: each message preceded by its length as a varint, multi-byte lengths included")
    func delimitedFraming() throws {
        var output: [UInt8] = []
        PrometheusProtobuf.appendVarint(300, to: &output)
        #expect(output == [0xAC, 0x02])
        output.removeAll()
        PrometheusProtobuf.appendVarint(127, to: &output)
        PrometheusProtobuf.appendVarint(128, to: &output)
        PrometheusProtobuf.appendVarint(UInt64.max, to: &output)
        #expect(output == [0x7F, 0x80, 0x01] + [UInt8](repeating: 0xFF, count: 9) + [0x01])

        var short = Io_Prometheus_Client_MetricFamily()
        short.name = "a"
        var long = Io_Prometheus_Client_MetricFamily()
        long.name = "b"
        long.help = String(repeating: "x", count: 300)
        let framed = try PrometheusProtobuf.delimited([short, long, short])
        let frames = try Self.frames(framed)
        #expect(frames.count == 3)
        #expect(try frames.map { try Io_Prometheus_Client_MetricFamily(serializedBytes: $0) } == [short, long, short])
        #expect(frames[1].count > 300)  // its length took two varint bytes
    }

    @Test("a whole page: the same families in the same order as the text, counters and gauges with their values")
    func wholePageMatchesText() throws {
        let pipeline = try makePipeline()
        let worker = pipeline.workers.register()
        let client = try pipeline.connect(clientID: "c", worker: worker)
        for (index, seconds) in [0.01, 0.02, 0.5].enumerated() {
            pipeline.recordRequest(
                method: MethodID(index: index % 2), seconds: seconds, requestBytes: 1, responseBytes: 2,
                outcome: .success, client: client, worker: worker)
        }
        var renderer = PrometheusRenderer()
        renderer.keepsStructure = true
        let text = renderer.render(pipeline: pipeline)
        let families = try Self.frames(try renderer.protobufExposition()).map {
            try Io_Prometheus_Client_MetricFamily(serializedBytes: $0)
        }
        let textFamilies = text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.map {
            $0.split(separator: " ")[2]
        }
        #expect(families.map(\.name) == textFamilies.map(String.init))
        let calls = try #require(families.first { $0.name == "statsbench_requests_total" })
        #expect(calls.type == .counter)
        #expect(calls.metric.map { $0.counter.value } == [2, 1])
        let window = try #require(families.first { $0.name == "statsbench_request_window_latency_seconds" })
        #expect(window.type == .histogram)
        #expect(window.metric.allSatisfy { $0.histogram.schema == 6 && $0.histogram.zeroThreshold == 0x1p-30 })
        #expect(window.metric.map { $0.histogram.sampleCount } == [2, 1])
    }

    @Test("without keepsStructure a render keeps no data and the protobuf exposition is empty")
    func offByDefault() throws {
        var renderer = PrometheusRenderer()
        renderer.appendHistogram(
            name: "latency_seconds", help: "Latency.", series: [([("method", "get")], snapshot(of: [1.0]))])
        #expect(!renderer.keepsStructure)
        #expect(try renderer.protobufExposition().isEmpty)
    }

    /// Splits a delimited stream into its messages' bytes; throws on a truncated stream.
    static func frames(_ bytes: [UInt8]) throws -> [[UInt8]] {
        var frames: [[UInt8]] = []
        var position = 0
        while position < bytes.count {
            var length: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard position < bytes.count, shift < 64 else { throw FramingError.truncated(at: position) }
                let byte = bytes[position]
                position += 1
                length |= UInt64(byte & 0x7F) << shift
                shift += 7
                if byte & 0x80 == 0 { break }
            }
            guard let end = Int(exactly: length).map({ position + $0 }), end <= bytes.count else {
                throw FramingError.truncated(at: position)
            }
            frames.append(Array(bytes[position..<end]))
            position = end
        }
        return frames
    }

    enum FramingError: Error { case truncated(at: Int) }
}

/// A snapshot of `values` in `layout`.
func snapshot(of values: [Double], layout: HistogramLayout = .seconds) -> HistogramSnapshot {
    let registry = WorkerRegistry(capacity: 1)
    let histogram = ExponentialHistogram(layout: layout, registry: registry)
    let me = registry.register()
    for value in values { histogram.record(value, worker: me) }
    return histogram.snapshot()
}
