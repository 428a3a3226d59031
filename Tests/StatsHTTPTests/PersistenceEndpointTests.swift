import Foundation
import Hummingbird
import StatsExport
import StatsHTTP
import Synchronization
import Testing

/// Failed stats file writes and state saves are visible on `/health/server` (`persistence`) and `/metrics`,
/// not only in the log.
@Suite("Write and save counts on the endpoints")
struct PersistenceEndpointTests {
    @Test("the counts are read at each request and shown on /health/server and /metrics")
    func countsShown() async throws {
        let base = try EndpointFixture()
        let counts = Mutex(PersistenceCounts(statsFileWrites: 3, statsFileWritesFailed: 535))
        let endpoints = StatsEndpoints(
            pipeline: base.pipeline, persistence: { counts.withLock { $0 } })
        try await Application(router: endpoints.router()).testLive { client in
            try await client.execute(uri: "/health/server", method: .get) { response in
                let persistence = try #require(try object(response)["persistence"] as? [String: Any])
                #expect(persistence["stats-file-writes"] as? Int == 3)
                #expect(persistence["stats-file-writes-failed"] as? Int == 535)
                #expect(persistence.keys.contains("state-saves") && persistence["state-saves"] is NSNull)
            }
            counts.withLock { $0 = PersistenceCounts(stateSaves: 4, stateSavesFailed: 122) }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let page = text(response)
                #expect(page.contains("\nstatsbench_state_saves_failed_total 122\n"))
                #expect(page.contains("\nstatsbench_state_saves_total 4\n"))
                #expect(!page.contains("statsbench_stats_file_writes"))
            }
        }
    }

    @Test("without stats files or a state file, persistence is null and /metrics has no such family")
    func absentWhenNotConfigured() async throws {
        let fixture = try EndpointFixture()
        try await fixture.test { client in
            try await client.execute(uri: "/health/server", method: .get) { response in
                let body = try object(response)
                #expect(body.keys.contains("persistence") && body["persistence"] is NSNull)
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(!text(response).contains("saves_total"))
            }
        }
    }
}
