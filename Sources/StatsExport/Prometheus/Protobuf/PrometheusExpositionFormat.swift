/// The two formats `/metrics` speaks, and the choice between them from a scraper's `Accept` header.
public enum PrometheusExpositionFormat: Sendable, Hashable {
    /// Text exposition format 0.0.4: what every scraper reads, and the answer to anything else.
    case text
    /// The protobuf exposition: varint-length-delimited `io.prometheus.client.MetricFamily` messages, the only
    /// format that carries native histograms (what Prometheus asks for with `--enable-feature=native-histograms`).
    case protobuf

    /// The `Content-Type` of a response in this format.
    public var contentType: String {
        switch self {
        case .text: return "text/plain; version=0.0.4; charset=utf-8"
        case .protobuf:
            return "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited"
        }
    }

    /// The format to answer a request whose `Accept` header is `accept` (`nil` when absent).
    ///
    /// Protobuf when the header lists `application/vnd.google.protobuf` with
    /// `proto=io.prometheus.client.MetricFamily` and `encoding=delimited` at a quality (`q`, default 1) above 0
    /// and at least that of any text range it also lists (`text/plain`, `text/*`, `*/*`); text otherwise —
    /// including for every format not served here (OpenMetrics, other protobuf encodings, malformed headers).
    /// Parameter names and values are compared without regard to case; a `q` that is not a number counts as 0.
    public static func negotiate(accept: String?) -> PrometheusExpositionFormat {
        guard let accept else { return .text }
        var protobufQuality = 0.0
        var textQuality = 0.0
        for range in accept.split(separator: ",") {
            let parts = range.split(separator: ";").map { $0.trimmingWhitespace().lowercased() }
            guard let type = parts.first else { continue }
            var parameters: [String: String] = [:]
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingWhitespace() }
                guard pair.count == 2 else { continue }
                parameters[pair[0]] = pair[1].trimmingCharacters(in: "\"")
            }
            // No q is 1; a q that is not a number in 0...1 makes the range unusable (0).
            let quality =
                parameters["q"].map { raw in Double(raw).map { $0.isFinite ? min(max($0, 0), 1) : 0 } ?? 0 } ?? 1
            switch type {
            case "application/vnd.google.protobuf"
            where parameters["proto"] == "io.prometheus.client.metricfamily" && parameters["encoding"] == "delimited":
                protobufQuality = max(protobufQuality, quality)
            case "text/plain", "text/*", "*/*":
                textQuality = max(textQuality, quality)
            default:
                continue
            }
        }
        return protobufQuality > 0 && protobufQuality >= textQuality ? .protobuf : .text
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    fileprivate func trimmingWhitespace() -> String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }

    /// The text without leading and trailing `character`s.
    fileprivate func trimmingCharacters(in character: Character) -> String {
        String(drop(while: { $0 == character }).reversed().drop(while: { $0 == character }).reversed())
    }
}
