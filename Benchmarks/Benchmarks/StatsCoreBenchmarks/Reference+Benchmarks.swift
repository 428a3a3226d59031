import Benchmark
import Synchronization

/// A bare `Atomic` relaxed add — the reference every figure is compared with in the same run.
final class BareAtomic: Sendable {
    let value = Atomic<UInt64>(0)
}

func registerReferenceBenchmarks() {
    Benchmark("Atomic.relaxedAdd.1thread") { (benchmark: Benchmark, atomic: BareAtomic) in
        measurePerOperation(benchmark, operations: benchmark.scaledIterations.count) {
            for _ in benchmark.scaledIterations {
                atomic.value.wrappingAdd(1, ordering: .relaxed)
            }
        }
    } setup: {
        BareAtomic()
    }

    Benchmark("Atomic.relaxedAdd.2threads") { (benchmark: Benchmark, state: (BareAtomic, ThreadPair)) in
        let (atomic, pair) = state
        measurePerOperation(benchmark, operations: benchmark.scaledIterations.count) {
            pair.run(operations: benchmark.scaledIterations.count / 2) { operations in
                for _ in 0..<operations { atomic.value.wrappingAdd(1, ordering: .relaxed) }
            }
        }
    } setup: {
        let atomic = BareAtomic()
        let pair = ThreadPair { operations in
            for _ in 0..<operations { atomic.value.wrappingAdd(1, ordering: .relaxed) }
        }
        return (atomic, pair)
    } teardown: {
        BackgroundThreads.stopAll()
    }
}
