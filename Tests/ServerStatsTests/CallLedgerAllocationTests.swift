import CJemalloc
import ServerStats
import StatsCore
import StatsTestSupport
import Testing

/// `recordCall` must not touch the heap: jemalloc's per-thread counter must not move over a record loop.
@Suite(
    "CallLedger: zero heap allocations on recordCall (jemalloc per-thread counters)",
    .enabled(if: isOptimizedBuild, optimizedBuildsOnly)
)
struct CallLedgerAllocationTests {
    @Test("recordCall with retention, exclusive and shared workers, and with retention disabled: 0 bytes")
    func recordCallAllocatesNothing() throws {
        #expect(statsbench_jemalloc_is_active())
        let registry = WorkerRegistry(capacity: 1)
        let retaining = CallLedger(registry: registry, retention: .newest(1_000))
        let plain = CallLedger(registry: registry, retention: .disabled)
        let models = [try retaining.register(model: "a"), try retaining.register(model: "b")]
        let plainModel = try plain.register(model: "a")
        let me = registry.register()
        let shared = registry.register()
        let before = statsbench_thread_allocated_bytes()
        for step in 0..<100_000 as Range<UInt64> {
            let cost = Cost(microUnits: Int64(step))
            let time = StatsTime(nanosecondsSinceEpoch: step)
            retaining.recordCall(
                model: models[Int(step & 1)], inputTokens: step, outputTokens: 3, cacheHit: step & 2 == 0,
                actualCost: cost, wouldBeCost: cost + cost, at: time, worker: step & 4 == 0 ? me : shared)
            plain.recordCall(
                model: plainModel, inputTokens: 1, outputTokens: 1, cacheHit: false, actualCost: cost,
                wouldBeCost: cost, at: time, worker: me)
        }
        #expect(statsbench_thread_allocated_bytes() &- before == 0)
        #expect(retaining.snapshot().totals.calls == 100_000)
        #expect(plain.snapshot().totals.calls == 100_000)
    }
}
