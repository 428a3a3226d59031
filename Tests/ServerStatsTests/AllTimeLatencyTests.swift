import ServerStats
import StatsCore
import StatsTestSupport
import Synchronization
import Testing

@Suite("StatsPipeline all-time latency")
struct AllTimeLatencyTests {
    @Test("ticking while workers record: the all-time histogram holds every call, per method and over all")
    func ticksWhileRecording() throws {
        let pipeline = try makePipeline(workers: 2)
        let methods = pipeline.methods.ids
        let progress = RecorderProgress(recorders: 2)
        let perThread = 100_000
        runOnThreads(3) { thread in
            if thread == 2 {
                // The ticker: one slot (1 s) per tick, the window (10 slots) rotating many times over, each
                // rotation racing the records in flight.
                var second = 1000.0
                while !progress.allDone {
                    second += 1
                    pipeline.tick(to: t(second))
                    progress.ticked()
                    progress.waitForARecordEachAfterThis()
                }
                return
            }
            let worker = pipeline.workers.register()
            let client = try! pipeline.connect(clientID: "w\(thread)", worker: worker)
            progress.waitForFirstTick()
            for step in 0..<perThread {
                pipeline.recordRequest(
                    method: methods[step % methods.count], seconds: Double(step % 997 + 1) * 1e-4,
                    requestBytes: 1, responseBytes: 1, outcome: .success, client: client, worker: worker)
                progress.recorded(thread)
            }
            progress.finished(thread)
        }
        #expect(progress.tickCount > 0)
        // One more tick: a record that raced the last rotation is in from here on.
        pipeline.tick(to: t(1_000_000))
        var total: UInt64 = 0
        for id in methods {
            let counts = pipeline.allTimeCounts(method: id)
            #expect(pipeline.allTimeLatency(method: id).count == counts.calls)
            total += counts.calls
        }
        #expect(total == UInt64(2 * perThread))
        #expect(pipeline.allTimeLatency().count == total)
        #expect(pipeline.allTimeLatencyPerMethod().map(\.count).reduce(0, +) == total)
        #expect(pipeline.windowLatency().count == 0, "the window has moved past every record")
        #expect(pipeline.allTimeLatency().maximum == Double(997) * 1e-4)
    }
}
