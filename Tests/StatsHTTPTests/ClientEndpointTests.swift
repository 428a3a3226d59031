import Foundation
import Hummingbird
import StatsHTTP
import Testing

@Suite struct ClientEndpointTests {
    static let five = ["e", "c", "a", "d", "b"]

    @Test func pageSummaryIsExact() async throws {
        let fixture = try EndpointFixture()
        try await fixture.test { client in
            try await client.execute(uri: "/health/clients?limit=1", method: .get) { response in
                #expect(response.status == .ok)
                #expect(
                    text(response) == """
                        {
                          "clients" : [
                            {
                              "api-calls" : 4,
                              "client-id" : "alpha",
                              "connected-duration-hours" : 0.008333333333333333,
                              "events-received" : 0,
                              "queue-health" : "healthy"
                            }
                          ],
                          "limit" : 1,
                          "offset" : 0,
                          "total" : 2
                        }

                        """)
            }
        }
    }

    @Test(arguments: [
        ("", 5, 0, ["a", "b", "c", "d", "e"]), ("?limit=2", 2, 0, ["a", "b"]), ("?limit=2&offset=4", 2, 4, ["e"]),
        ("?offset=5", 50, 5, []), ("?offset=1000", 50, 1000, []), ("?limit=500&offset=3", 500, 3, ["d", "e"]),
    ])
    func paginationBoundaries(query: String, limit: Int, offset: Int, ids: [String]) async throws {
        let fixture = try EndpointFixture(clientIDs: Self.five)
        try await fixture.test { client in
            try await client.execute(uri: "/health/clients" + query, method: .get) { response in
                #expect(response.status == .ok)
                let body = try object(response)
                #expect(body["total"] as? Int == 5)
                #expect(body["limit"] as? Int == (query.isEmpty ? 50 : limit))
                #expect(body["offset"] as? Int == offset)
                let clients = try #require(body["clients"] as? [[String: Any]])
                #expect(clients.map { $0["client-id"] as? String } == ids)
            }
        }
    }

    @Test(arguments: [
        ("limit=abc", "limit"), ("limit=0", "limit"), ("limit=501", "limit"), ("limit=", "limit"),
        ("limit=+5", "limit"), ("offset=-1", "offset"), ("offset=1.5", "offset"), ("limit=10&offset=x", "offset"),
        ("limit=1&limit=999", "limit"), ("limit=5&limit=5", "limit"), ("offset=0&limit=2&offset=1", "offset"),
        ("limit=%FF", "limit"), ("offset=1%00", "offset"), ("limit=%FF&limit=1", "limit"),
    ])
    func badParametersAre400NamingTheParameter(query: String, parameter: String) async throws {
        let fixture = try EndpointFixture()
        try await fixture.test { client in
            try await client.execute(uri: "/health/clients?" + query, method: .get) { response in
                #expect(response.status == .badRequest)
                let body = try object(response)
                #expect(body["error"] as? String == "bad-parameter")
                #expect(body["parameter"] as? String == parameter)
                #expect(body["status"] as? Int == 400)
                // An undecodable or control byte is shown as sent, never as U+FFFD.
                let message = body["message"] as? String ?? ""
                #expect(!message.contains("\u{FFFD}") && !message.contains("\u{0}"), "\(message)")
                if query == "limit=%FF" { #expect(message.contains("'%FF'"), "\(message)") }
                #expect((body["message"] as? String)?.contains("'\(parameter)'") == true)
            }
        }
    }

    @Test func oneClientHasRawAndDerivedFigures() async throws {
        let fixture = try EndpointFixture()
        try await fixture.test { client in
            try await client.execute(uri: "/health/clients/alpha", method: .get) { response in
                #expect(response.status == .ok)
                let body = try object(response)
                let raw = try #require(body["client"] as? [String: Any])
                #expect(raw["client-id"] as? String == "alpha")
                #expect(raw["api-calls-total"] as? Int == 4)
                #expect(raw["timeout-errors"] as? Int == 1)
                #expect(raw["last-api-method"] as? String == "ping")
                #expect(raw["bytes-received"] as? Int == 310)
                let analytics = try #require(body["analytics"] as? [String: Any])
                #expect(analytics["api-success-rate"] as? Double == 0.75)
                #expect(analytics["connection-duration"] as? Double == 30)
            }
        }
    }

    @Test func unknownClientIs404WithJSON() async throws {
        let fixture = try EndpointFixture()
        try await fixture.test { client in
            try await client.execute(uri: "/health/clients/nobody", method: .get) { response in
                #expect(response.status == .notFound)
                let body = try object(response)
                #expect(body["error"] as? String == "unknown-client")
                #expect((body["message"] as? String)?.contains("'nobody'") == true)
            }
            // A control or right-to-left override character in the id is not echoed into the message.
            for (segment, shown) in [("a%00b", "'a?b'"), ("%E2%80%AEx", "'?x'")] {
                try await client.execute(uri: "/health/clients/\(segment)", method: .get) { response in
                    #expect(response.status == .notFound)
                    let message = try object(response)["message"] as? String ?? ""
                    #expect(message.contains(shown), "\(message)")
                }
            }
        }
    }

    @Test func unknownRouteIs404WithJSON() async throws {
        let fixture = try EndpointFixture()
        try await fixture.test { client in
            try await client.execute(uri: "/health/nothing-here", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                let body = try object(response)
                #expect(body["error"] as? String == "not-found")
                #expect(body["status"] as? Int == 404)
            }
        }
    }
}
