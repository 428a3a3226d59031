import ServerStats
import StatsCore
import Testing

@Suite("RequestMonitor sliding window")
struct RequestMonitorTests {
    @Test("window figures per method and overall; old slots leave the window")
    func window() throws {
        let pipeline = try makePipeline()
        let worker = pipeline.workers.register()
        let client = try pipeline.connect(clientID: "c", worker: worker)
        let get = try #require(pipeline.methods.id(of: "get"))
        let put = try #require(pipeline.methods.id(of: "put"))
        func record(_ method: MethodID, _ seconds: Double, failed: Bool = false) {
            pipeline.recordRequest(
                method: method, seconds: seconds, requestBytes: 1, responseBytes: 1,
                outcome: failed ? .internalError : .success, client: client, worker: worker)
        }
        // Slot 0 (t = 1000): 100 gets of 1...100 ms, two failed.
        for ms in 1...100 { record(get, Double(ms) / 1000, failed: ms <= 2) }
        pipeline.tick(to: t(1005))
        // Slot 5: 10 puts of 2 s.
        for _ in 0..<10 { record(put, 2) }
        pipeline.tick(to: t(1005.5))

        let gets = pipeline.requestStatistics(method: get)
        #expect(gets.total == 100 && gets.errors == 2)
        #expect(gets.errorRatePercent == 2)
        let p50 = try #require(gets.p50)
        let p99 = try #require(gets.p99)
        let bound = HistogramLayout.seconds.relativeErrorBound
        #expect(abs(p50 - 0.050) / 0.050 <= bound)
        #expect(abs(p99 - 0.099) / 0.099 <= bound)
        #expect(gets.maximum == 0.1)
        #expect(abs((gets.average ?? 0) - 0.0505) < 1e-12)

        let all = pipeline.requestStatistics()
        #expect(all.total == 110 && all.errors == 2)
        #expect(all.maximum == 2)
        // 5.5 s covered: 110 requests → 1200 per minute.
        #expect(abs(all.coveredSeconds - 5.5) < 1e-9)
        #expect(abs(all.requestsPerMinute - 1200) < 1e-6)

        // Ten slots later the first slot has left the 10-slot window; the puts are still in it.
        pipeline.tick(to: t(1010.2))
        let later = pipeline.requestStatistics()
        #expect(later.total == 10 && later.errors == 0)
        #expect(pipeline.requestStatistics(method: get).p99 == nil)
        // All-time figures keep everything.
        #expect(pipeline.allTimeCounts(method: get) == (100, 2))
        // Long after, the window is empty.
        pipeline.tick(to: t(2000))
        #expect(pipeline.requestStatistics().total == 0)
        #expect(pipeline.requestStatistics().requestsPerMinute == 0)
    }

    @Test("an empty window reports zeros and no percentiles")
    func empty() throws {
        let statistics = try makePipeline().requestStatistics()
        #expect(statistics.total == 0 && statistics.errorRatePercent == 0)
        #expect(statistics.p50 == nil && statistics.maximum == nil && statistics.average == nil)
    }

    @Test("bad window settings are rejected")
    func badSettings() throws {
        var configuration = StatsPipelineConfiguration(methods: try MethodTable(["a"]), workerCapacity: 1)
        configuration.windowSlots = 0
        #expect(throws: StatsConfigurationError.self) { try StatsPipeline(configuration: configuration) }
        #expect(throws: StatsConfigurationError.self) { try MethodTable(["a", "a"]) }
        #expect(throws: StatsConfigurationError.self) { try MethodTable([]) }
    }
}
