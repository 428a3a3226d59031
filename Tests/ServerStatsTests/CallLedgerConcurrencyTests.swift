import ServerStats
import StatsCore
import StatsTestSupport
import Synchronization
import Testing

@Suite("CallLedger conservation under two real threads")
struct CallLedgerConcurrencyTests {
    @Test("two threads × 1 M calls: per-model sums equal what was recorded, totals equal the sum over models")
    func twoThreadsConserve() throws {
        let callsPerThread = 1_000_000
        let retained = 1_000
        let registry = WorkerRegistry(capacity: 2)
        let ledger = CallLedger(registry: registry, modelCapacity: 4, retention: .newest(retained))
        var ids: [ModelID] = []
        for name in ["opus", "sonnet", "haiku"] { ids.append(try ledger.register(model: name)) }
        let models = ids
        let expected = Mutex<[CallFigures]>(Array(repeating: .zero, count: models.count))

        runOnThreads(2) { thread in
            let me = registry.register()
            var random = SeededRandom(seed: 0xC0FFEE &+ UInt64(thread))
            var calls = [UInt64](repeating: 0, count: models.count)
            var hits = calls
            var input = calls
            var output = calls
            var actual = [Int64](repeating: 0, count: models.count)
            var wouldBe = actual
            for step in 0..<callsPerThread {
                let bits = random.next()
                let model = Int(bits % 3)
                let hit = (bits >> 40) & 1 == 1
                let full = Int64((bits >> 41) & 0xF_FFFF)
                let paid = hit ? full / 10 : full
                let call = TestCall(
                    model: models[model], input: (bits >> 8) & 0xFFFF, output: (bits >> 24) & 0xFFF, hit: hit,
                    actual: paid, wouldBe: full, time: UInt64(step) * 2 + UInt64(thread))
                ledger.record(call, worker: me)
                calls[model] += 1
                hits[model] += hit ? 1 : 0
                input[model] += call.input
                output[model] += call.output
                actual[model] += paid
                wouldBe[model] += full
            }
            expected.withLock { sums in
                for model in models.indices {
                    sums[model] =
                        sums[model]
                        + figures(
                            calls: calls[model], hits: hits[model], input: input[model], output: output[model],
                            actual: actual[model], wouldBe: wouldBe[model])
                }
            }
        }

        let snapshot = ledger.snapshot()
        let recorded = expected.withLock { $0 }
        #expect(snapshot.models.map(\.figures) == recorded)
        #expect(snapshot.totals == snapshot.models.reduce(CallFigures.zero) { $0 + $1.figures })
        #expect(snapshot.totals.calls == UInt64(2 * callsPerThread))
        #expect(snapshot.totals.savings == snapshot.totals.wouldBeCost - snapshot.totals.actualCost)

        // Retention across the two workers' rings: exactly the newest `retained` timestamps of both threads.
        let total = UInt64(2 * callsPerThread)
        #expect(
            ledger.recentCalls().map(\.timestamp.nanosecondsSinceEpoch) == Array((total - UInt64(retained))..<total))
        #expect(ledger.droppedRecords == total - UInt64(retained))
    }
}
