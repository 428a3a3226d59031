import Benchmark
import StatsCore

func registerCounterBenchmarks() {
    Benchmark("Counter.increment.1thread") { (benchmark: Benchmark, state: (Counter, WorkerID)) in
        let (counter, worker) = state
        measurePerOperation(benchmark, operations: benchmark.scaledIterations.count) {
            for _ in benchmark.scaledIterations {
                counter.increment(worker: worker)
            }
        }
    } setup: {
        let registry = WorkerRegistry(capacity: 2)
        return (Counter(registry: registry), registry.register())
    }

    Benchmark("Counter.increment.2threads") { (benchmark: Benchmark, state: (Counter, WorkerID, ThreadPair)) in
        let (counter, worker, pair) = state
        measurePerOperation(benchmark, operations: benchmark.scaledIterations.count) {
            pair.run(operations: benchmark.scaledIterations.count / 2) { operations in
                for _ in 0..<operations { counter.increment(worker: worker) }
            }
        }
    } setup: {
        let registry = WorkerRegistry(capacity: 2)
        let counter = Counter(registry: registry)
        let helper = registry.register()
        let pair = ThreadPair { operations in
            for _ in 0..<operations { counter.increment(worker: helper) }
        }
        return (counter, registry.register(), pair)
    } teardown: {
        BackgroundThreads.stopAll()
    }

    Benchmark("Counter.increment.sharedShard.2threads") {
        (benchmark: Benchmark, state: (Counter, WorkerID, ThreadPair)) in
        let (counter, worker, pair) = state
        measurePerOperation(benchmark, operations: benchmark.scaledIterations.count) {
            pair.run(operations: benchmark.scaledIterations.count / 2) { operations in
                for _ in 0..<operations { counter.increment(worker: worker) }
            }
        }
    } setup: {
        // Capacity 1 and three registrations: both benchmark threads get the shared overflow shard.
        let registry = WorkerRegistry(capacity: 1)
        let counter = Counter(registry: registry)
        _ = registry.register()
        let helper = registry.register()
        let pair = ThreadPair { operations in
            for _ in 0..<operations { counter.increment(worker: helper) }
        }
        return (counter, registry.register(), pair)
    } teardown: {
        BackgroundThreads.stopAll()
    }
}
