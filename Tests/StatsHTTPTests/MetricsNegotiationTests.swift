import Foundation
import Hummingbird
import StatsExport
import StatsHTTP
import Testing

/// `/metrics` answers in the format the scraper's `Accept` asks for: protobuf (native histograms) or text.
@Suite struct MetricsNegotiationTests {
    static let protobuf = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited"

    @Test("Prometheus's native-histogram Accept gets the delimited protobuf exposition of every family")
    func protobufForPrometheus() async throws {
        let fixture = try EndpointFixture()
        try await fixture.test { client in
            let accept = Self.protobuf + ";q=0.7,text/plain;version=0.0.4;q=0.3,*/*;q=0.2"
            try await client.execute(uri: "/metrics", method: .get, headers: [.accept: accept]) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == PrometheusExpositionFormat.protobuf.contentType)
                let bytes = [UInt8](buffer: response.body)
                // Frames: a varint length, then a MetricFamily whose field 1 (tag 0x0A) is its name.
                var names: [String] = []
                var position = 0
                while position < bytes.count {
                    var length = 0
                    var shift = 0
                    while true {
                        let byte = try #require(position < bytes.count ? bytes[position] : nil)
                        position += 1
                        length |= Int(byte & 0x7F) << shift
                        shift += 7
                        if byte & 0x80 == 0 { break }
                    }
                    try #require(position + length <= bytes.count && bytes[position] == 0x0A)
                    let nameLength = Int(bytes[position + 1])
                    names.append(String(decoding: bytes[(position + 2)..<(position + 2 + nameLength)], as: UTF8.self))
                    position += length
                }
                #expect(names.contains("statsbench_request_latency_seconds"))
                #expect(names.contains("statsbench_request_window_latency_seconds"))
                #expect(names.contains("statsbench_requests_total"))
            }
        }
    }

    @Test(
        "anything else gets the text format",
        arguments: ["", "*/*", "application/openmetrics-text;version=1.0.0", protobuf + ";q=0", "text/html"])
    func textOtherwise(accept: String) async throws {
        let fixture = try EndpointFixture()
        try await fixture.test { client in
            let headers: HTTPFields = accept.isEmpty ? [:] : [.accept: accept]
            try await client.execute(uri: "/metrics", method: .get, headers: headers) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
                #expect(text(response).contains("# TYPE statsbench_request_latency_seconds histogram\n"))
            }
        }
    }
}
