import Foundation
import ServerStats
import StatsCore
import StatsTestSupport
import Testing

@Suite("IntervalAggregator")
struct IntervalAggregatorTests {
    @Test("per-worker interval figures sum to the totals; intervals do not overlap; cumulative keeps all")
    func intervals() throws {
        let pipeline = try makePipeline(workers: 2)
        let aggregator = IntervalAggregator(pipeline: pipeline)
        let get = try #require(pipeline.methods.id(of: "get"))
        // Each of two threads records (thread + 1) × 1000 calls of 10 request bytes.
        runOnThreads(2) { thread in
            let worker = pipeline.workers.register()
            let client = try! pipeline.connect(clientID: "c\(thread)", worker: worker)
            for _ in 0..<(thread + 1) * 1000 {
                pipeline.recordRequest(
                    method: get, seconds: 0.01, requestBytes: 10, responseBytes: 5, outcome: .success, client: client,
                    worker: worker)
            }
        }
        let first = aggregator.report(at: t(1010))
        #expect(first.intervalSeconds == 10)
        #expect(first.workers.count == 3 && first.workers.last?.isSharedShard == true)
        #expect(first.workers.map(\.interval.apiCalls).sorted() == [0, 1000, 2000])
        #expect(first.totals.apiCalls == 3000 && first.totals.bytesReceived == 30_000)
        #expect(first.totals.bytesSent == 15_000 && first.totals.clientsConnected == 2)
        #expect(first.cumulative == first.totals)

        let worker = pipeline.workers.register()  // the shared shard: both exclusive ones are taken
        let client = try #require(pipeline.handle(clientID: "c0"))
        pipeline.recordRequest(
            method: get, seconds: 0.01, requestBytes: 1, responseBytes: 1, outcome: .serverError, client: client,
            worker: worker)
        let second = aggregator.report(at: t(1020))
        #expect(second.intervalSeconds == 10)
        #expect(second.totals.apiCalls == 1 && second.totals.apiFailures == 1)
        #expect(second.workers[2].interval.apiCalls == 1)
        #expect(second.cumulative.apiCalls == 3001)

        // The report is a Codable value: what stats files will hold.
        let decoded = try JSONDecoder().decode(IntervalReport.self, from: JSONEncoder().encode(second))
        #expect(decoded == second)
    }
}
