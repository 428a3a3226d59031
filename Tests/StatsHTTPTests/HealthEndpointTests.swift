import Foundation
import Hummingbird
import ServerStats
import StatsCore
import StatsExport
import StatsHTTP
import Testing

@Suite struct HealthEndpointTests {
    @Test func healthIsExact() async throws {
        let fixture = try EndpointFixture()
        try await fixture.test { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                #expect(
                    text(response) == """
                        {
                          "load" : null,
                          "status" : "ok",
                          "uptime-seconds" : 30,
                          "version" : "1.2.3-test"
                        }

                        """)
            }
        }
    }

    @Test func serverHasSeedSummaryRawAndDerivedFigures() async throws {
        let fixture = try EndpointFixture()
        try await fixture.test { client in
            try await client.execute(uri: "/health/server", method: .get) { response in
                #expect(response.status == .ok)
                let body = try object(response)
                let summary = try #require(body["server"] as? [String: Any])
                #expect(summary["api-calls-total"] as? Int == 4)
                #expect(summary["api-success-rate"] as? Double == 0.75)
                #expect(summary["clients-connected"] as? Int == 2)
                #expect(summary["clients-peak"] as? Int == 2)
                #expect(summary["uptime-hours"] as? Double == 30.0 / 3600)
                #expect(summary["bytes-transferred-gb"] as? Double == 3330 / 1e9)
                let statistics = try #require(body["statistics"] as? [String: Any])
                #expect(statistics["api-calls-failure"] as? Int == 1)
                #expect(statistics["timeout-errors-total"] as? Int == 1)
                #expect(statistics["api-slowest-call"] as? Double == 0.5)
                #expect(statistics["api-fastest-call"] as? Double == 0.125)
                let analytics = try #require(body["analytics"] as? [String: Any])
                #expect(analytics["response-time-range"] as? Double == 0.375)
                #expect(analytics["api-calls-per-hour"] as? Double == 4 / (30.0 / 3600))
            }
        }
    }

    @Test func errorsAreExact() async throws {
        let fixture = try EndpointFixture()
        try await fixture.test { client in
            try await client.execute(uri: "/health/errors", method: .get) { response in
                #expect(response.status == .ok)
                #expect(
                    text(response) == """
                        {
                          "calls-total" : 4,
                          "categories" : {
                            "client-errors" : 0,
                            "conversion-errors" : 0,
                            "internal-errors" : 0,
                            "network-errors" : 0,
                            "serialization-errors" : 0,
                            "server-errors" : 0,
                            "timeout-errors" : 1
                          },
                          "error-free-seconds" : 20,
                          "error-rate" : 0.25,
                          "failures-total" : 1,
                          "last-error-time" : {
                            "nanoseconds-since-epoch" : 1700000010000000000
                          },
                          "longest-error-free-seconds" : 20,
                          "window-error-rate-percent" : 25,
                          "window-errors" : 1
                        }

                        """)
            }
        }
    }

    @Test func resourcesWriteUnknownFiguresAsNull() async throws {
        let sample = ResourceSample(
            timestamp: EndpointFixture.start, cpuPercent: nil, residentBytes: 4096, memoryPercent: 0.5,
            openFileDescriptors: 7, threads: 3)
        let history = HistoryCollector { _ in sample }
        history.collectOnce(at: EndpointFixture.start)
        let fixture = try EndpointFixture(history: history)
        try await fixture.test { client in
            try await client.execute(uri: "/health/resources", method: .get) { response in
                #expect(response.status == .ok)
                let body = try object(response)
                #expect(body["samples-held"] as? Int == 1)
                let figures = try #require(body["sample"] as? [String: Any])
                #expect(figures["cpu-percent"] is NSNull)
                #expect(figures["watched-pid"] is NSNull)
                #expect(figures["watched-cpu-percent"] is NSNull)
                #expect(figures["resident-bytes"] as? Int == 4096)
                #expect(figures["open-file-descriptors"] as? Int == 7)
                #expect(figures["stats-directory-disk"] is NSNull && figures["state-file-disk"] is NSNull)
                #expect(figures.count == 14)
            }
        }
    }

    @Test func resourcesWithoutSourceAreNull() async throws {
        let fixture = try EndpointFixture()
        try await fixture.test { client in
            try await client.execute(uri: "/health/resources", method: .get) { response in
                #expect(text(response) == "{\n  \"sample\" : null,\n  \"samples-held\" : 0\n}\n")
            }
        }
    }

    @Test(arguments: [
        ("apiCallsTotal", "api-calls-total"), ("clientID", "client-id"), ("watchedCPUPercent", "watched-cpu-percent"),
        ("p99Seconds", "p99-seconds"), ("bytesTransferredGB", "bytes-transferred-gb"), ("status", "status"),
    ])
    func keysAreKebabCase(name: String, key: String) {
        #expect(StatsJSON.kebabCase(name) == key)
    }
}
