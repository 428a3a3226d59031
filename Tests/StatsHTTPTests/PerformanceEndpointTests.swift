import Foundation
import Hummingbird
import ServerStats
import StatsCore
import StatsExport
import StatsHTTP
import Testing

@Suite struct PerformanceEndpointTests {
    @Test func windowAndAllTimeFigures() async throws {
        let fixture = try EndpointFixture()
        try await fixture.test { client in
            try await client.execute(uri: "/health/performance", method: .get) { response in
                #expect(response.status == .ok)
                let body = try object(response)
                let window = try #require(body["window"] as? [String: Any])
                #expect(window["requests"] as? Int == 4)
                #expect(window["errors"] as? Int == 1)
                #expect(window["error-rate-percent"] as? Double == 25)
                #expect(window["covered-seconds"] as? Double == 30)
                #expect(abs((window["requests-per-minute"] as? Double ?? 0) - 8) < 1e-9)
                #expect(window["average-seconds"] as? Double == 1.125 / 4)
                #expect(window["max-seconds"] as? Double == 0.5)
                #expect(window["p99-seconds"] as? Double == 0.5)
                let allTime = try #require(body["all-time"] as? [String: Any])
                #expect(allTime["count"] as? Int == 4)
                #expect(allTime["sum-seconds"] as? Double == 1.125)
                #expect(allTime["min-seconds"] as? Double == 0.125)
                #expect(allTime["max-seconds"] as? Double == 0.5)
                let methods = try #require(body["methods"] as? [[String: Any]])
                #expect(methods.map { $0["method"] as? String } == ["tools/call", "ping"])
                #expect(methods.map { $0["calls-total"] as? Int } == [3, 1])
                #expect(methods.map { $0["errors-total"] as? Int } == [1, 0])
                let ping = try #require(methods[1]["window"] as? [String: Any])
                #expect(ping["p50-seconds"] as? Double == 0.125)
            }
        }
    }

    @Test func emptyWindowHasNullLatencies() async throws {
        let pipeline = try StatsPipeline(
            configuration: StatsPipelineConfiguration(methods: try MethodTable(["a"]), workerCapacity: 1),
            start: EndpointFixture.start)
        let endpoints = StatsEndpoints(pipeline: pipeline)
        let body = try JSONSerialization.jsonObject(with: StatsJSON.encoder().encode(endpoints.performance()))
        let object = try #require(body as? [String: Any])
        let allTime = try #require(object["all-time"] as? [String: Any], "always there: the pipeline keeps it")
        #expect(allTime["count"] as? Int == 0)
        #expect(allTime["p99-seconds"] is NSNull && allTime["max-seconds"] is NSNull)
        let window = try #require(object["window"] as? [String: Any])
        for key in ["average-seconds", "p50-seconds", "p95-seconds", "p99-seconds", "max-seconds"] {
            #expect(window[key] is NSNull, "\(key)")
        }
    }

    @Test("non-finite latencies never fail a response: +Inf as the string, NaN rejected, lost quantiles null")
    func nonFiniteLatencies() async throws {
        let pipeline = try StatsPipeline(
            configuration: StatsPipelineConfiguration(methods: try MethodTable(["a"]), workerCapacity: 1),
            start: EndpointFixture.start)
        let worker = pipeline.workers.register()
        let client = try pipeline.connect(clientID: "c", worker: worker)
        for seconds in [Double.infinity, .nan, .infinity, 0.5] {
            pipeline.recordRequest(
                method: MethodID(index: 0), seconds: seconds, requestBytes: 1, responseBytes: 1, outcome: .success,
                client: client, worker: worker)
        }
        let endpoints = StatsEndpoints(pipeline: pipeline)
        let data = try StatsJSON.encoder().encode(endpoints.performance())
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""max-seconds" : "+Inf""#))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let window = try #require(object["window"] as? [String: Any])
        #expect(window["p50-seconds"] is NSNull, "the rank lies among values above the histogram's range")
        // The rule is the project's: reading with JSONNumbers gives the infinity back.
        struct Window: Decodable { var maxSeconds: Double }
        struct Body: Decodable { var window: Window }
        let decoder = JSONNumbers.decoder()
        decoder.keyDecodingStrategy = .custom { path in
            let key = path.last!.stringValue
            let camel = key.split(separator: "-").enumerated().map { $0 == 0 ? String($1) : $1.capitalized }
            return AnyKey(camel.joined())
        }
        #expect(try decoder.decode(Body.self, from: data).window.maxSeconds == .infinity)
    }

    @Test func histogramDumpHasEveryValue() async throws {
        let fixture = try EndpointFixture()
        try await fixture.test { client in
            try await client.execute(uri: "/health/performance/histogram", method: .get) { response in
                #expect(response.status == .ok)
                let body = try object(response)
                #expect(body["method"] is NSNull)
                #expect(body["count"] as? Int == 4)
                #expect(body["scale"] as? Int == 6)
                let buckets = try #require(body["buckets"] as? [[String: Any]])
                #expect(buckets.compactMap { $0["count"] as? Int }.reduce(0, +) == 4)
                for bucket in buckets {
                    let lower = try #require(bucket["lower-bound"] as? Double)
                    let upper = try #require(bucket["upper-bound"] as? Double)
                    #expect(lower < upper)
                }
            }
            try await client.execute(uri: "/health/performance/histogram?method=ping", method: .get) { response in
                let body = try object(response)
                #expect(body["count"] as? Int == 1)
            }
            try await client.execute(uri: "/health/performance/histogram?method=nope", method: .get) { response in
                #expect(response.status == .badRequest)
                let body = try object(response)
                #expect(body["error"] as? String == "unknown-method")
            }
            // Bytes that are not UTF-8, or a control character: a 400 showing the value as sent, not U+FFFD.
            for (query, shown) in [("method=%FF", "%FF"), ("method=a%00b", "a%00b"), ("method=%C3%28", "%C3%28")] {
                try await client.execute(uri: "/health/performance/histogram?\(query)", method: .get) { response in
                    #expect(response.status == .badRequest)
                    let body = try object(response)
                    #expect(body["error"] as? String == "bad-parameter" && body["parameter"] as? String == "method")
                    let message = body["message"] as? String ?? ""
                    #expect(message.contains("'\(shown)'") && !message.contains("\u{FFFD}"), "\(message)")
                }
            }
            // U+FFFD sent as valid UTF-8 (`%EF%BF%BD`) is a name like any other: an unknown method, not bad bytes.
            try await client.execute(uri: "/health/performance/histogram?method=%EF%BF%BD", method: .get) { response in
                #expect(response.status == .badRequest)
                let body = try object(response)
                #expect(body["error"] as? String == "unknown-method", "\(body)")
            }
            // A known method and an unknown one: a 400 for the repetition, not the first one's histogram.
            try await client.execute(uri: "/health/performance/histogram?method=ping&method=nope", method: .get) {
                response in
                #expect(response.status == .badRequest)
                let body = try object(response)
                #expect(body["error"] as? String == "bad-parameter" && body["parameter"] as? String == "method")
            }
        }
    }

    @Test func metricsAreProm004WithEveryFamily() async throws {
        let fixture = try EndpointFixture()
        try await fixture.test { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
                let page = text(response)
                for family in [
                    "statsbench_api_calls_total counter", "statsbench_requests_total counter",
                    "statsbench_request_window_latency_seconds histogram",
                    "statsbench_request_latency_seconds histogram",
                ] {
                    #expect(page.contains("# TYPE \(family)\n"), "\(family)")
                }
                #expect(page.contains("statsbench_request_latency_seconds_count{method=\"tools/call\"} 3\n"))
                #expect(page.contains("statsbench_request_latency_seconds_bucket{method=\"ping\",le=\"+Inf\"} 1\n"))
                #expect(
                    page.contains("statsbench_request_latency_seconds_bucket{method=\"tools/call\",le=\"0.5\"} 3\n"))
                #expect(
                    page.contains("statsbench_request_latency_seconds_bucket{method=\"tools/call\",le=\"0.25\"} 2\n"))
            }
        }
    }
}

@Suite struct MetricsBackendEndpointTests {
    // (The router's request metrics are recorded into the endpoints' factory itself, not the global
    // MetricsSystem: RequestMetricsTests checks them.)
    @Test("a swift-metrics backend's metrics appear on /metrics after the pipeline's")
    func backendOnMetrics() async throws {
        let factory = StatsMetricsFactory()
        let jobs = factory.makeCounter(label: "app.jobs", dimensions: [("queue", "mail")])
        jobs.increment(by: 7)
        let fixture = try EndpointFixture(metrics: factory)
        try await fixture.test { client in
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let page = text(response)
                #expect(page.contains("app_jobs_total{queue=\"mail\"} 7\n"), "the app's counter")
                #expect(page.contains("# TYPE statsbench_api_calls_total counter\n"), "the pipeline's families too")
            }
        }
    }
}

@Suite struct AllTimeLatencyTests {
    @Test func keepsSlotsTheWindowForgets() throws {
        let start = EndpointFixture.start
        var configuration = StatsPipelineConfiguration(methods: try MethodTable(["a", "b"]), workerCapacity: 1)
        configuration.windowSlots = 3
        let pipeline = try StatsPipeline(configuration: configuration, start: start)
        let worker = pipeline.workers.register()
        let client = try pipeline.connect(clientID: "c", worker: worker)
        for second in 0..<10 {
            pipeline.recordRequest(
                method: MethodID(index: second % 2), seconds: 0.25, requestBytes: 0, responseBytes: 0,
                outcome: .success, client: client, worker: worker)
            pipeline.tick(to: start.adding(seconds: Double(second + 1)))
        }
        #expect(pipeline.requestStatistics().total == 2)  // the window holds 3 slots, the current one empty
        #expect(pipeline.allTimeLatency().count == 10)
        #expect(pipeline.allTimeLatency(method: MethodID(index: 1)).count == 5)
        #expect(pipeline.allTimeLatencyPerMethod().map(\.count) == [5, 5])
        // A jump past the whole window: every slot it clears is folded first, so nothing is lost.
        pipeline.recordRequest(
            method: MethodID(index: 0), seconds: 0.25, requestBytes: 0, responseBytes: 0, outcome: .success,
            client: client, worker: worker)
        pipeline.tick(to: start.adding(seconds: 20))
        #expect(pipeline.requestStatistics().total == 0)
        #expect(pipeline.allTimeLatency().count == 11)
        #expect(pipeline.allTimeLatency(method: MethodID(index: 0)).count == 6)
    }
}

/// A coding key made by a key strategy.
private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
