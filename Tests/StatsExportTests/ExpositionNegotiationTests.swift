import Foundation
import StatsExport
import Testing

@Suite("/metrics content negotiation by Accept")
struct ExpositionNegotiationTests {
    static let protobuf = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited"

    @Test(
        "the protobuf exposition when asked for at a quality at least text's",
        arguments: [
            protobuf,
            // Prometheus 2.42 with --enable-feature=native-histograms.
            protobuf + ";q=0.7,text/plain;version=0.0.4;q=0.3,*/*;q=0.2",
            protobuf + ",application/openmetrics-text;version=1.0.0;q=0.8,text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
            "text/plain;q=0.5, " + protobuf.replacingOccurrences(of: ";", with: "; ") + "; q=0.5",
            "APPLICATION/VND.GOOGLE.PROTOBUF; PROTO=io.prometheus.client.MetricFamily; ENCODING=\"delimited\"",
        ])
    func protobufWhenAsked(accept: String) {
        #expect(PrometheusExpositionFormat.negotiate(accept: accept) == .protobuf)
    }

    @Test(
        "text for everyone else: no header, text, wildcards, unsupported formats, malformed or zero-quality asks",
        arguments: [
            nil, "", "text/plain", "*/*", "text/plain;version=0.0.4",
            "application/openmetrics-text;version=1.0.0",
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=text",
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=compact-text",
            "application/vnd.google.protobuf;proto=other.Message;encoding=delimited",
            "application/vnd.google.protobuf;encoding=delimited",
            protobuf + ";q=0", protobuf + ";q=0.2,text/plain;q=0.9", protobuf + ";q=abc,*/*",
            protobuf + ";q=nan,text/plain;q=0.1", ";;;,,,==", "application/json",
        ])
    func textOtherwise(accept: String?) {
        #expect(PrometheusExpositionFormat.negotiate(accept: accept) == .text)
    }

    @Test("each format names its content type")
    func contentTypes() {
        #expect(PrometheusExpositionFormat.text.contentType == "text/plain; version=0.0.4; charset=utf-8")
        #expect(
            PrometheusExpositionFormat.protobuf.contentType
                == "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited")
    }
}
