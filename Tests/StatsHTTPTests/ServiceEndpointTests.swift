import Foundation
import Hummingbird
import ServerStats
import StatsCore
import StatsExport
import StatsHTTP
import Testing

/// `/health/history`, `/health/costs` and `/health/alerts` over known figures.
@Suite struct ServiceEndpointTests {
    /// A history of three samples at 100 s, 110 s and 120 s after the fixture's start: this process's figures,
    /// a watched process running for the first two only, and one disk.
    static func history() -> HistoryCollector {
        let collector = HistoryCollector(configuration: try! HistoryConfiguration(intervalSeconds: 10, capacity: 4)) {
            time in
            let second = time.seconds(since: EndpointFixture.start)
            let running = second < 115
            return ResourceSample(
                timestamp: time, cpuPercent: second / 10, residentBytes: 1_048_576, memoryPercent: 0.5,
                openFileDescriptors: 7, threads: 3, watchedPID: 4242, watchedCPUPercent: running ? 25 : nil,
                watchedResidentBytes: running ? 2048 : nil, watchedMemoryPercent: running ? 0.25 : nil,
                watchedOpenFileDescriptors: running ? 4 : nil, watchedThreads: running ? 1 : nil,
                statsDirectoryDisk: DiskFigures(totalBytes: 1000, freeBytes: 250))
        }
        for second in [100.0, 110, 120] { collector.collectOnce(at: EndpointFixture.start.adding(seconds: second)) }
        return collector
    }

    static func ledger(_ pipeline: StatsPipeline) throws -> CallLedger {
        let ledger = CallLedger(registry: pipeline.workers)
        let large = try ledger.register(model: "m-large")
        _ = try ledger.register(model: "m-idle")
        let worker = pipeline.workers.register()
        ledger.recordCall(
            model: large, inputTokens: 1000, outputTokens: 500, cacheHit: true, actualCost: Cost(microUnits: 250_000),
            wouldBeCost: Cost(microUnits: 52_500_000), at: EndpointFixture.start, worker: worker)
        ledger.recordCall(
            model: large, inputTokens: 10, outputTokens: 20, cacheHit: false, actualCost: Cost(microUnits: 1_500_000),
            wouldBeCost: Cost(microUnits: 1_500_000), at: EndpointFixture.start, worker: worker)
        return ledger
    }

    func endpoints(alerts: AlertBoard? = nil) throws -> StatsEndpoints {
        let fixture = try EndpointFixture()
        return StatsEndpoints(
            pipeline: fixture.pipeline, history: Self.history(), version: "1.2.3-test",
            ledger: try Self.ledger(fixture.pipeline), alerts: alerts)
    }

    func get(_ endpoints: StatsEndpoints, _ uri: String, _ check: @escaping @Sendable (TestResponse) throws -> Void)
        async throws
    {
        try await Application(router: endpoints.router()).testLive { client in
            try await client.execute(uri: uri, method: .get) { response in try check(response) }
        }
    }

    static let sample120 = """
            {
              "cpu-percent" : 12,
              "memory-percent" : 0.5,
              "open-file-descriptors" : 7,
              "resident-bytes" : 1048576,
              "state-file-disk" : null,
              "stats-directory-disk" : {
                "free-bytes" : 250,
                "total-bytes" : 1000,
                "used-percent" : 75
              },
              "threads" : 3,
              "timestamp" : {
                "nanoseconds-since-epoch" : 1700000120000000000
              },
              "watched-cpu-percent" : null,
              "watched-memory-percent" : null,
              "watched-open-file-descriptors" : null,
              "watched-pid" : 4242,
              "watched-resident-bytes" : null,
              "watched-threads" : null
            }
        """

    @Test func historyLatestIsExact() async throws {
        try await get(try endpoints(), "/health/history?latest") { response in
            #expect(response.status == .ok)
            #expect(
                text(response) == """
                    {
                      "capacity" : 4,
                      "count" : 3,
                      "interval-seconds" : 10,
                      "returned" : 1,
                      "samples" : [
                    \(Self.sample120)
                      ],
                      "samples-collected" : 3,
                      "samples-failed" : 0
                    }

                    """)
        }
    }

    @Test func historyIsOldestFirstWithTheWatchedProcessNullOnceGone() async throws {
        try await get(try endpoints(), "/health/history") { response in
            let body = try object(response)
            #expect(body["count"] as? Int == 3 && body["returned"] as? Int == 3 && body["capacity"] as? Int == 4)
            let samples = try #require(body["samples"] as? [[String: Any]])
            #expect(samples.map { $0["cpu-percent"] as? Double } == [10, 11, 12])
            #expect(samples[1]["watched-cpu-percent"] as? Double == 25)
            #expect(samples[1]["watched-resident-bytes"] as? Int == 2048)
            #expect(samples[2]["watched-cpu-percent"] is NSNull && samples[2]["watched-memory-percent"] is NSNull)
        }
    }

    @Test(
        "since keeps samples at or after a time, as Unix seconds or RFC 3339; latest then keeps the newest",
        arguments: [
            ("/health/history?since=1700000110", [11.0, 12]),
            ("/health/history?since=2023-11-14T22:15:10Z", [11.0, 12]),
            ("/health/history?since=2023-11-14T22:15:10.5Z", [12.0]),
            ("/health/history?since=2023-11-14T23:15:10%2B01:00", [11.0, 12]),
            ("/health/history?since=2023-11-14T21:15:10-01:00", [11.0, 12]),
            ("/health/history?since=2024-02-29T00:00:00Z", []),
            ("/health/history?since=1700000000&latest=2", [11.0, 12]),
            ("/health/history?latest=10", [10.0, 11, 12]),
            ("/health/history?since=1800000000", []),
        ])
    func historyFilters(uri: String, cpu: [Double]) async throws {
        try await get(try endpoints(), uri) { response in
            #expect(response.status == .ok)
            let samples = try #require(try object(response)["samples"] as? [[String: Any]])
            #expect(samples.map { $0["cpu-percent"] as? Double } == cpu)
        }
    }

    @Test(
        "a since that is not a time, or a bad latest, is a 400 naming the parameter",
        arguments: [
            ("since=yesterday", "since"), ("since=", "since"), ("since=-5", "since"),
            ("since=2023-13-01T00:00:00Z", "since"),
            // Fields a date formatter would roll over into another time.
            ("since=2026-02-30T00:00:00Z", "since"), ("since=2025-02-29T00:00:00Z", "since"),
            ("since=2026-04-31T00:00:00Z", "since"), ("since=2026-01-31T24:00:00Z", "since"),
            ("since=2026-01-31T12:00:60Z", "since"), ("since=2026-01-31T12:00:00%2B25:00", "since"),
            ("since=2026-01-31T12:00:00-99:99", "since"), ("since=2026-01-31T12:00:00.Z", "since"),
            ("latest=0", "latest"), ("latest=abc", "latest"), ("latest=+1", "latest"), ("latest=%2B1", "latest"),
            // Given twice, even with two good values: which one counts would be a silent choice.
            ("latest=1&latest=2", "latest"), ("since=1700000000&since=1800000000", "since"),
        ])
    func historyBadParameters(query: String, parameter: String) async throws {
        try await get(try endpoints(), "/health/history?" + query) { response in
            #expect(response.status == .badRequest)
            let body = try object(response)
            #expect(body["error"] as? String == "bad-parameter" && body["parameter"] as? String == parameter)
        }
    }

    @Test(
        "a query parameter the endpoint does not read is a 400 naming it, not ignored",
        arguments: [
            ("/health/history?limit=5", "limit", "this endpoint reads 'since' and 'latest'"),
            ("/health/clients?LIMIT=5", "LIMIT", "this endpoint reads 'limit' and 'offset'"),
            ("/health/server?verbose", "verbose", "this endpoint reads no query parameter"),
            ("/metrics?name%5B%5D=x", "name%5B%5D", "this endpoint reads no query parameter"),
        ])
    func unknownParameter(uri: String, parameter: String, reads: String) async throws {
        try await get(try endpoints(), uri) { response in
            #expect(response.status == .badRequest)
            let body = try object(response)
            #expect(body["error"] as? String == "unknown-parameter" && body["parameter"] as? String == parameter)
            #expect(body["message"] as? String == "unknown query parameter '\(parameter)': \(reads)")
        }
    }

    @Test func costsAreExact() async throws {
        try await get(try endpoints(), "/health/costs") { response in
            #expect(response.status == .ok)
            #expect(
                text(response) == """
                    {
                      "models" : [
                        {
                          "actual-cost-dollars" : 1.75,
                          "cache-hit-rate" : 0.5,
                          "cache-hits" : 1,
                          "calls" : 2,
                          "input-tokens" : 1010,
                          "model" : "m-large",
                          "output-tokens" : 520,
                          "savings-dollars" : 52.25,
                          "would-be-cost-dollars" : 54
                        },
                        {
                          "actual-cost-dollars" : 0,
                          "cache-hit-rate" : null,
                          "cache-hits" : 0,
                          "calls" : 0,
                          "input-tokens" : 0,
                          "model" : "m-idle",
                          "output-tokens" : 0,
                          "savings-dollars" : 0,
                          "would-be-cost-dollars" : 0
                        }
                      ],
                      "totals" : {
                        "actual-cost-dollars" : 1.75,
                        "cache-hit-rate" : 0.5,
                        "cache-hits" : 1,
                        "calls" : 2,
                        "input-tokens" : 1010,
                        "model" : null,
                        "output-tokens" : 520,
                        "savings-dollars" : 52.25,
                        "would-be-cost-dollars" : 54
                      }
                    }

                    """)
        }
    }

    @Test func alertsAreExact() async throws {
        let board = AlertBoard(thresholds: try AlertThresholds(cpuPercent: AlertLevels(warning: 10, critical: 20)))
        let start = EndpointFixture.start
        board.evaluate(AlertInput(timestamp: start.adding(seconds: 1), cpuPercent: 15, diskPercent: 96))
        board.evaluate(AlertInput(timestamp: start.adding(seconds: 2), cpuPercent: 5))
        try await get(try endpoints(alerts: board), "/health/alerts") { response in
            #expect(response.status == .ok)
            #expect(
                text(response) == """
                    {
                      "active" : [
                        {
                          "highest-severity" : "critical",
                          "message" : "Disk usage critical: 96 % (threshold 95 %)",
                          "metric" : "disk",
                          "resolved-at" : null,
                          "severity" : "critical",
                          "started-at" : {
                            "nanoseconds-since-epoch" : 1700000001000000000
                          },
                          "threshold" : 95,
                          "value" : 96
                        }
                      ],
                      "cooldown-seconds" : 0,
                      "evaluations" : 2,
                      "hysteresis" : 0.1,
                      "recent" : [
                        {
                          "highest-severity" : "warning",
                          "message" : "CPU usage back to normal: 5 % (below 9 %, warning threshold 10 % less 10 % hysteresis)",
                          "metric" : "cpu",
                          "resolved-at" : {
                            "nanoseconds-since-epoch" : 1700000002000000000
                          },
                          "severity" : "resolved",
                          "started-at" : {
                            "nanoseconds-since-epoch" : 1700000001000000000
                          },
                          "threshold" : 10,
                          "value" : 5
                        }
                      ],
                      "thresholds" : [
                        {
                          "critical" : 20,
                          "metric" : "cpu",
                          "unit" : "percent",
                          "warning" : 10
                        },
                        {
                          "critical" : 90,
                          "metric" : "memory",
                          "unit" : "percent",
                          "warning" : 75
                        },
                        {
                          "critical" : 95,
                          "metric" : "disk",
                          "unit" : "percent",
                          "warning" : 80
                        },
                        {
                          "critical" : 5,
                          "metric" : "error_rate",
                          "unit" : "percent",
                          "warning" : 1
                        },
                        {
                          "critical" : 2,
                          "metric" : "p99_latency",
                          "unit" : "seconds",
                          "warning" : 0.5
                        }
                      ]
                    }

                    """)
        }
    }

    @Test(
        "without a history, ledger or alerts the endpoints answer 404 unavailable",
        arguments: [
            "/health/history", "/health/costs", "/health/alerts",
        ])
    func unavailable(uri: String) async throws {
        let fixture = try EndpointFixture()
        try await get(fixture.endpoints, uri) { response in
            #expect(response.status == .notFound)
            let body = try object(response)
            #expect(body["error"] as? String == "unavailable")
        }
    }

    @Test func metricsHaveHistoryCostsAlertsAndDisk() async throws {
        let board = AlertBoard()
        board.evaluate(AlertInput(timestamp: EndpointFixture.start, memoryPercent: 80))
        let endpoints = try endpoints(alerts: board)
        try await get(endpoints, "/metrics") { response in
            let page = text(response)
            for line in [
                "statsbench_history_samples 3", "statsbench_history_capacity_samples 4",
                "statsbench_history_interval_seconds 10", "statsbench_history_samples_collected_total 3",
                #"statsbench_model_calls_total{model="m-large"} 2"#,
                #"statsbench_model_cost_dollars_total{model="m-large"} 1.75"#,
                #"statsbench_model_would_be_cost_dollars_total{model="m-large"} 54"#,
                #"statsbench_model_savings_dollars_total{model="m-large"} 52.25"#,
                #"statsbench_model_input_tokens_total{model="m-large"} 1010"#,
                #"statsbench_model_cache_hits_total{model="m-idle"} 0"#,
                #"statsbench_alerts_firing{alert="memory",severity="warning"} 1"#,
                #"statsbench_alerts_firing{alert="memory",severity="critical"} 0"#,
                #"statsbench_alerts_firing{alert="cpu",severity="warning"} 0"#,
                #"statsbench_disk_total_bytes{filesystem="stats-directory"} 1000"#,
                #"statsbench_disk_free_bytes{filesystem="stats-directory"} 250"#,
                #"statsbench_disk_used_percent{filesystem="stats-directory"} 75"#,
            ] {
                #expect(page.contains(line + "\n"), "missing: \(line)")
            }
            #expect(page.contains("# TYPE statsbench_model_cost_dollars_total counter"))
            #expect(page.contains("# TYPE statsbench_alerts_firing gauge"))
        }
    }
}
