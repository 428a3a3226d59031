import Benchmark
import StatsCore

/// Cold-path operations: what readers (reports, HTTP handlers, the history sampler) pay.
func registerSnapshotBenchmarks() {
    Benchmark("HistogramSnapshot.merge", configuration: coldPath()) {
        (benchmark: Benchmark, state: (HistogramSnapshot, HistogramSnapshot)) in
        var (accumulator, other) = state
        for _ in benchmark.scaledIterations {
            accumulator.merge(sameLayout: other)
        }
        blackHole(accumulator.count)
    } setup: {
        let snapshot = filledHistogram(count: 1_000_000).snapshot()
        return (snapshot, snapshot)
    }

    Benchmark("HistogramSnapshot.quantile.p99", configuration: coldPath()) {
        (benchmark: Benchmark, snapshot: HistogramSnapshot) in
        for _ in benchmark.scaledIterations {
            blackHole(snapshot.quantile(0.99))
        }
    } setup: {
        filledHistogram(count: 1_000_000).snapshot()
    }

    Benchmark("ExponentialHistogram.snapshot.3shards", configuration: coldPath()) {
        (benchmark: Benchmark, histogram: ExponentialHistogram) in
        for _ in benchmark.scaledIterations {
            blackHole(histogram.snapshot())
        }
    } setup: {
        filledHistogram(count: 1_000_000)
    }

    Benchmark("SnapshotRing.all.360", configuration: coldPath()) {
        (benchmark: Benchmark, state: (SnapshotRing<RingSample>, [RingSample])) in
        var (ring, buffer) = state
        for _ in benchmark.scaledIterations {
            ring.all(into: &buffer)
        }
        blackHole(buffer.count)
    } setup: {
        let ring = SnapshotRing<RingSample>(capacity: 360)
        for index in 0..<360 { ring.append(RingSample(UInt64(index) &+ 1)) }
        return (ring, [RingSample]())
    }
}

/// A histogram (capacity 2: three shards) holding `count` lognormal latencies.
func filledHistogram(count: Int) -> ExponentialHistogram {
    let registry = WorkerRegistry(capacity: 2)
    let histogram = ExponentialHistogram(registry: registry)
    let worker = registry.register()
    let values = sampleLatencies()
    for index in 0..<count { histogram.record(values[index & 4095], worker: worker) }
    return histogram
}
