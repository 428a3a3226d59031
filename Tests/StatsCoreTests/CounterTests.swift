import StatsCore
import StatsTestSupport
import Testing

@Suite("Counter and CounterGroup")
struct CounterTests {
    @Test("two threads × 10 M increments give the exact total")
    func twoThreadsExactTotal() {
        let registry = WorkerRegistry(capacity: 2)
        let counter = Counter(registry: registry)
        runOnThreads(2) { _ in
            let me = registry.register()
            for _ in 0..<10_000_000 { counter.increment(worker: me) }
        }
        #expect(counter.load() == 20_000_000)
        #expect(counter.perShard() == [10_000_000, 10_000_000, 0])
    }

    @Test("workers beyond capacity share the overflow shard and lose nothing")
    func moreWorkersThanShards() {
        let registry = WorkerRegistry(capacity: 1)
        let counter = Counter(registry: registry)
        let first = registry.register()
        counter.increment(by: 7, worker: first)
        // Both threads get the shared shard and increment the same word at once, on two cores.
        runOnThreads(2) { _ in
            let me = registry.register()
            for _ in 0..<5_000_000 { counter.increment(by: 3, worker: me) }
        }
        #expect(counter.load() == 7 + 30_000_000)
        #expect(counter.perShard() == [7, 30_000_000])
    }

    @Test("a counter group keeps its fields apart and per shard")
    func groupFields() {
        let registry = WorkerRegistry(capacity: 2)
        let group = CounterGroup(count: 3, registry: registry)
        let first = registry.register()
        let second = registry.register()
        group.increment(0, worker: first)
        group.increment(2, by: 5, worker: first)
        group.increment(2, by: 7, worker: second)
        #expect(group.loadAll() == [1, 0, 12])
        #expect(group.load(2) == 12)
        #expect(group.load(shard: first.shard) == [1, 0, 5])
        #expect(group.load(shard: second.shard) == [0, 0, 7])
    }

    @Test("increments wrap at 2^64")
    func wraps() {
        let registry = WorkerRegistry(capacity: 1)
        let counter = Counter(registry: registry)
        let me = registry.register()
        counter.increment(by: .max, worker: me)
        counter.increment(by: 2, worker: me)
        #expect(counter.load() == 1)
    }

    @Test("an id from another registry traps instead of corrupting a shard")
    func foreignWorkerTraps() async {
        await #expect(processExitsWith: .failure) {
            let counter = Counter(registry: WorkerRegistry(capacity: 2))
            let foreign = WorkerRegistry(capacity: 2).register()
            counter.increment(worker: foreign)
        }
    }
}
