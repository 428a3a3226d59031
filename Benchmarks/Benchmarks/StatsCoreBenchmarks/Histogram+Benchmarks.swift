import Benchmark
import Foundation
import StatsCore

/// 4096 lognormal latencies in seconds (median 10 ms), so the benchmark touches realistic buckets.
func sampleLatencies() -> [Double] {
    var state: UInt64 = 42
    func next() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return (Double((z ^ (z >> 31)) >> 11) + 0.5) * 0x1p-53
    }
    return (0..<4096).map { _ in
        let normal = (-2 * log(next())).squareRoot() * cos(2 * .pi * next())
        return exp(log(0.010) + normal)
    }
}

func registerHistogramBenchmarks() {
    Benchmark("Histogram.record.1thread") { (benchmark: Benchmark, state: (ExponentialHistogram, WorkerID, [Double])) in
        let (histogram, worker, values) = state
        measurePerOperation(benchmark, operations: benchmark.scaledIterations.count) {
            values.withUnsafeBufferPointer { values in
                for index in benchmark.scaledIterations {
                    histogram.record(values[index & 4095], worker: worker)
                }
            }
        }
    } setup: {
        let registry = WorkerRegistry(capacity: 2)
        return (ExponentialHistogram(registry: registry), registry.register(), sampleLatencies())
    }

    Benchmark("Histogram.record.2threads") {
        (benchmark: Benchmark, state: (ExponentialHistogram, WorkerID, [Double], ThreadPair)) in
        let (histogram, worker, values, pair) = state
        measurePerOperation(benchmark, operations: benchmark.scaledIterations.count) {
            pair.run(operations: benchmark.scaledIterations.count / 2) { operations in
                values.withUnsafeBufferPointer { values in
                    for index in 0..<operations { histogram.record(values[index & 4095], worker: worker) }
                }
            }
        }
    } setup: {
        let registry = WorkerRegistry(capacity: 2)
        let histogram = ExponentialHistogram(registry: registry)
        let values = sampleLatencies()
        let helper = registry.register()
        let pair = ThreadPair { operations in
            values.withUnsafeBufferPointer { values in
                for index in 0..<operations { histogram.record(values[(index &+ 2048) & 4095], worker: helper) }
            }
        }
        return (histogram, registry.register(), values, pair)
    } teardown: {
        BackgroundThreads.stopAll()
    }
}
