import StatsCore
import StatsTestSupport
import Testing

@Suite("WorkerRegistry")
struct WorkerRegistryTests {
    @Test("exclusive shards first, then the shared overflow shard")
    func assignment() {
        let registry = WorkerRegistry(capacity: 2)
        let a = registry.register()
        let b = registry.register()
        let c = registry.register()
        let d = registry.register()
        #expect([a.shard, b.shard] == [0, 1])
        #expect(!a.isShared && !b.isShared)
        #expect(c.isShared && d.isShared)
        #expect(c.shard == registry.sharedShard && registry.sharedShard == 2)
        #expect(registry.shardCount == 3)
        #expect(registry.exclusiveWorkers == 2)
        #expect(registry.sharedWorkers == 2)
    }

    @Test("a released shard is reused and keeps its figures")
    func releaseAndReuse() {
        let registry = WorkerRegistry(capacity: 2)
        let counter = Counter(registry: registry)
        let a = registry.register()
        _ = registry.register()
        counter.increment(by: 4, worker: a)
        registry.release(a)
        #expect(registry.exclusiveWorkers == 1)
        let again = registry.register()
        #expect(again.shard == a.shard && !again.isShared)
        counter.increment(by: 1, worker: again)
        #expect(counter.load() == 5)
    }

    @Test("releasing a shared id lowers the shared count")
    func releaseShared() {
        let registry = WorkerRegistry(capacity: 1)
        _ = registry.register()
        let shared = registry.register()
        #expect(registry.sharedWorkers == 1)
        registry.release(shared)
        #expect(registry.sharedWorkers == 0)
    }

    @Test("concurrent registration hands each exclusive shard to exactly one thread")
    func concurrentRegistration() {
        let registry = WorkerRegistry(capacity: 4)
        let counter = CounterGroup(count: 1, registry: registry)
        runOnThreads(8) { _ in
            let me = registry.register()
            counter.increment(0, by: me.isShared ? 1_000 : 1, worker: me)
        }
        #expect(counter.loadAll() == [4 + 4 * 1_000])
        #expect((0..<4).map { counter.load(shard: $0) } == Array(repeating: [1], count: 4))
    }
}
