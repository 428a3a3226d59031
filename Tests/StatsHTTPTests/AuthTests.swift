import Hummingbird
import StatsHTTP
import Testing

@Suite struct AuthTests {
    static let guarded = [
        "/health/server", "/health/clients", "/health/clients/alpha", "/health/performance", "/health/errors",
        "/health/resources", "/metrics", "/health/performance/histogram",
    ]

    @Test(arguments: guarded)
    func guardedPathsNeedTheToken(path: String) async throws {
        let fixture = try EndpointFixture(token: "s3cret")
        try await fixture.test { client in
            for headers: HTTPFields in [
                [:], [.authorization: "Bearer wrong"], [.authorization: "s3cret"],
                [.authorization: "Bearer s3cret2"], [.authorization: "Basic czNjcmV0"],
            ] {
                try await client.execute(uri: path, method: .get, headers: headers) { response in
                    #expect(response.status == .unauthorized, "\(path) with \(headers)")
                    #expect(response.headers[.wwwAuthenticate] == "Bearer")
                    let body = try object(response)
                    #expect(body["error"] as? String == "unauthorized")
                }
            }
            // The scheme in any case (RFC 9110 §11.1); the token exactly.
            for header in ["Bearer s3cret", "bearer s3cret", "BEARER s3cret"] {
                try await client.execute(uri: path, method: .get, headers: [.authorization: header]) { response in
                    #expect(response.status == .ok, "\(path) with '\(header)'")
                }
            }
            try await client.execute(uri: path, method: .get, headers: [.authorization: "bearer S3CRET"]) { response in
                #expect(response.status == .unauthorized, "\(path): the token's case matters")
            }
        }
    }

    @Test func healthStaysOpen() async throws {
        let fixture = try EndpointFixture(token: "s3cret")
        try await fixture.test { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func configurationRejectsBadValues() {
        #expect(throws: StatsHTTPConfigurationError.self) { try StatsHTTPConfiguration(port: 70000) }
        #expect(throws: StatsHTTPConfigurationError.self) { try StatsHTTPConfiguration(port: -1) }
        #expect(throws: StatsHTTPConfigurationError.self) { try StatsHTTPConfiguration(bearerToken: "") }
        #expect(throws: StatsHTTPConfigurationError.self) { try StatsHTTPConfiguration(bearerToken: "a b") }
        #expect(throws: Never.self) { try StatsHTTPConfiguration(port: 0, bearerToken: "t") }
    }
}
