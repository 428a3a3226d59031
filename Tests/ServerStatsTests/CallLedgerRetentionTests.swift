import ServerStats
import StatsCore
import Testing

@Suite("CallLedger raw-record retention")
struct CallLedgerRetentionTests {
    @Test("one worker: keeps exactly the newest N records, oldest first, and counts the dropped ones")
    func newestN() throws {
        let registry = WorkerRegistry(capacity: 1)
        let ledger = CallLedger(registry: registry, retention: .newest(100))
        let models = [try ledger.register(model: "a"), try ledger.register(model: "b")]
        let me = registry.register()
        for step in 0..<250 as Range<UInt64> {
            let call = TestCall(
                model: models[Int(step % 2)], input: step, output: step * 2, hit: step % 3 == 0, actual: Int64(step),
                wouldBe: Int64(step) * 4, time: 1_000 + step)
            ledger.record(call, worker: me)
        }
        let recent = ledger.recentCalls()
        #expect(recent.count == 100)
        #expect(recent.map(\.timestamp.nanosecondsSinceEpoch) == Array(1_150..<1_250))
        #expect(ledger.droppedRecords == 150)
        let last = try #require(recent.last)
        #expect(
            last
                == CallRecord(
                    model: "b", inputTokens: 249, outputTokens: 498, cacheHit: true,
                    actualCost: Cost(microUnits: 249), wouldBeCost: Cost(microUnits: 996),
                    timestamp: StatsTime(nanosecondsSinceEpoch: 1_249)))
        #expect(last.savings == Cost(microUnits: 747))
        // Aggregates count every call, retained or not.
        #expect(ledger.snapshot().totals.calls == 250)
    }

    @Test("fewer calls than N: everything kept, nothing dropped")
    func underLimit() throws {
        let registry = WorkerRegistry(capacity: 1)
        let ledger = CallLedger(registry: registry, retention: .newest(10))
        let model = try ledger.register(model: "a")
        let me = registry.register()
        for step in 0..<7 as Range<UInt64> {
            ledger.record(
                TestCall(model: model, input: 1, output: 1, hit: false, actual: 1, wouldBe: 1, time: step), worker: me)
        }
        #expect(ledger.recentCalls().count == 7)
        #expect(ledger.droppedRecords == 0)
    }

    @Test("two workers with unequal load: the newest N by timestamp across both rings")
    func mergedAcrossWorkers() throws {
        let registry = WorkerRegistry(capacity: 2)
        let ledger = CallLedger(registry: registry, retention: .newest(100))
        let model = try ledger.register(model: "a")
        let busy = registry.register()
        let quiet = registry.register()
        // The busy worker records at even times 0...598, the quiet one at times 401, 411, ..., 591.
        for step in 0..<300 as Range<UInt64> {
            ledger.record(
                TestCall(model: model, input: 1, output: 0, hit: false, actual: 0, wouldBe: 0, time: step * 2),
                worker: busy)
            if step >= 200 && step % 5 == 0 {
                let time = 401 + (step - 200) * 2
                ledger.record(
                    TestCall(model: model, input: 2, output: 0, hit: false, actual: 0, wouldBe: 0, time: time),
                    worker: quiet)
            }
        }
        let recorded = 300 + 20
        let times = (Array(stride(from: 0, to: 600, by: 2)) + Array(stride(from: 401, to: 600, by: 10))).sorted()
        let recent = ledger.recentCalls()
        #expect(recent.map(\.timestamp.nanosecondsSinceEpoch) == Array(times.suffix(100)).map(UInt64.init))
        #expect(recent.filter { $0.inputTokens == 2 }.count == times.suffix(100).filter { $0 % 2 == 1 }.count)
        #expect(ledger.droppedRecords == UInt64(recorded - 100))
    }

    @Test("calls through the shared overflow worker are aggregated but not retained, and counted as dropped")
    func sharedWorkerNotRetained() throws {
        let registry = WorkerRegistry(capacity: 1)
        let ledger = CallLedger(registry: registry, retention: .newest(50))
        let model = try ledger.register(model: "a")
        let exclusive = registry.register()
        let shared = registry.register()
        for step in 0..<30 as Range<UInt64> {
            ledger.record(
                TestCall(model: model, input: 1, output: 0, hit: false, actual: 5, wouldBe: 5, time: step),
                worker: exclusive)
            ledger.record(
                TestCall(model: model, input: 1, output: 0, hit: false, actual: 5, wouldBe: 5, time: step),
                worker: shared)
        }
        #expect(ledger.recentCalls().count == 30)
        #expect(ledger.droppedRecords == 30)
        #expect(ledger.snapshot().totals.calls == 60)
        #expect(ledger.snapshot().totals.actualCost == Cost(microUnits: 300))
    }

    @Test("retention disabled: no raw records, every call counted as dropped, aggregates exact")
    func disabled() throws {
        let registry = WorkerRegistry(capacity: 1)
        let ledger = CallLedger(registry: registry, retention: .disabled)
        #expect(!ledger.retention.isEnabled && ledger.retention.description == "disabled")
        let model = try ledger.register(model: "a")
        let me = registry.register()
        for step in 0..<40 as Range<UInt64> {
            ledger.record(
                TestCall(model: model, input: 3, output: 4, hit: true, actual: 1, wouldBe: 9, time: step), worker: me)
        }
        #expect(ledger.recentCalls().isEmpty)
        #expect(ledger.droppedRecords == 40)
        #expect(
            ledger.figures(for: model)
                == figures(calls: 40, hits: 40, input: 120, output: 160, actual: 40, wouldBe: 360))
    }
}
