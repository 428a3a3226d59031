import Hummingbird
import StatsExport
import StatsHTTP
import Testing

/// Hummingbird's request metrics (`hb.requests`, through the swift-metrics backend to `/metrics`) count every
/// answered request once, with the status the client received.
@Suite("Request metrics")
struct RequestMetricsTests {
    /// The `hb.requests` counts by (route, method, status) in `factory`.
    static func counts(_ factory: StatsMetricsFactory) -> [String: UInt64] {
        var result: [String: UInt64] = [:]
        for sample in factory.snapshot().metrics where sample.label == "hb.requests" {
            guard case .counter(let count) = sample.value else { continue }
            let dimension = { (key: String) in sample.dimensions.first { $0.key == key }?.value ?? "?" }
            let key =
                "\(dimension("http.request.method")) \(dimension("http.route")) \(dimension("http.response.status_code"))"
            result[key, default: 0] += count
        }
        return result
    }

    @Test("200, 400, 401, 404 and 405 are each counted once with the status sent")
    func statusesAsSent() async throws {
        let factory = StatsMetricsFactory()
        let fixture = try EndpointFixture(token: "T", metrics: factory)
        let token: HTTPFields = [.authorization: "Bearer T"]
        let requests: [(String, HTTPRequest.Method, HTTPFields, HTTPResponse.Status)] = [
            ("/health", .get, [:], .ok),
            ("/health/clients?limit=0", .get, token, .badRequest),
            ("/health/clients?offset=-1", .get, token, .badRequest),
            ("/health/performance/histogram?method=nope", .get, token, .badRequest),
            ("/health/server", .get, [:], .unauthorized),
            ("/health/clients/nope", .get, token, .notFound),
            ("/no/such/path", .get, token, .notFound),
            ("/health/server", .post, token, .methodNotAllowed),
            ("/metrics", .delete, token, .methodNotAllowed),
            ("/health/server", .get, token, .ok),
        ]
        try await fixture.test { client in
            for (uri, method, headers, status) in requests {
                try await client.execute(uri: uri, method: method, headers: headers) { response in
                    #expect(response.status == status, "\(method) \(uri)")
                }
            }
            try await client.execute(uri: "/metrics", method: .get, headers: token) { response in
                let page = text(response)
                #expect(
                    page.contains(
                        "hb_requests_total{http_request_method=\"GET\",http_response_status_code=\"401\",http_route=\"/health/server\"} 1"
                    ), "\(page)")
                #expect(!page.contains("http_response_status_code=\"500\""))
            }
        }
        #expect(
            Self.counts(factory) == [
                "GET /health 200": 1,
                "GET /health/clients 400": 2,
                "GET /health/performance/histogram 400": 1,
                "GET /health/server 401": 1,
                "GET /health/clients/{id} 404": 1,
                "GET NotFound 404": 1,
                "POST NotFound 405": 1,
                "DELETE NotFound 405": 1,
                "GET /health/server 200": 1,
                "GET /metrics 200": 1,
            ])
    }
}
