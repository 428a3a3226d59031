import Benchmark
import Histogram
import Prometheus
import Synchronization

/// The peers' histogram records, measured in the same run as ours and the bare atomic add, on the same table of
/// lognormal latencies in seconds (each converts as its API needs: HdrHistogram and swift-prometheus take
/// nanoseconds). Not record paths of this project, so no allocation threshold: their figures are for comparison.
func registerPeerBenchmarks() {
    /// A bare HdrHistogram (1 ns … 1 h, 3 significant digits, as the harness's hdrhistogram sink), one writer.
    final class BareHDR: @unchecked Sendable {  // one thread uses it at a time: the benchmark's
        var histogram = Histogram<UInt64>(
            highestTrackableValue: 3_600_000_000_000, numberOfSignificantValueDigits: .three)
    }

    Benchmark("Peer.HdrHistogram.record.1thread", configuration: peerConfiguration()) {
        (benchmark: Benchmark, state: (BareHDR, [Double])) in
        let (box, values) = state
        measurePerOperation(benchmark, operations: benchmark.scaledIterations.count) {
            values.withUnsafeBufferPointer { values in
                for index in benchmark.scaledIterations {
                    box.histogram.record(UInt64(values[index & 4095] * 1e9))
                }
            }
        }
        blackHole(box.histogram.totalCount)
    } setup: {
        (BareHDR(), sampleLatencies())
    }

    Benchmark("Peer.HdrHistogram.mutex.record.1thread", configuration: peerConfiguration()) {
        (benchmark: Benchmark, state: (LockedHDR, [Double])) in
        let (locked, values) = state
        measurePerOperation(benchmark, operations: benchmark.scaledIterations.count) {
            values.withUnsafeBufferPointer { values in
                for index in benchmark.scaledIterations { locked.record(values[index & 4095]) }
            }
        }
    } setup: {
        (LockedHDR(), sampleLatencies())
    }

    Benchmark("Peer.HdrHistogram.mutex.record.2threads", configuration: peerConfiguration()) {
        (benchmark: Benchmark, state: (LockedHDR, [Double], ThreadPair)) in
        let (locked, values, pair) = state
        measurePerOperation(benchmark, operations: benchmark.scaledIterations.count) {
            pair.run(operations: benchmark.scaledIterations.count / 2) { operations in
                values.withUnsafeBufferPointer { values in
                    for index in 0..<operations { locked.record(values[index & 4095]) }
                }
            }
        }
    } setup: {
        let locked = LockedHDR()
        let values = sampleLatencies()
        let pair = ThreadPair { operations in
            values.withUnsafeBufferPointer { values in
                for index in 0..<operations { locked.record(values[(index &+ 2048) & 4095]) }
            }
        }
        return (locked, values, pair)
    } teardown: {
        BackgroundThreads.stopAll()
    }

    Benchmark("Peer.SwiftPrometheus.histogram.record.1thread", configuration: peerConfiguration()) {
        (benchmark: Benchmark, state: (DurationHistogram, [Double])) in
        let (histogram, values) = state
        measurePerOperation(benchmark, operations: benchmark.scaledIterations.count) {
            values.withUnsafeBufferPointer { values in
                for index in benchmark.scaledIterations {
                    histogram.record(.nanoseconds(Int64(values[index & 4095] * 1e9)))
                }
            }
        }
    } setup: {
        // The library's default duration buckets (5 ms … 10 s), as the harness's swift-prometheus sink uses.
        let registry = PrometheusCollectorRegistry()
        let buckets = PrometheusMetricsFactory(registry: registry).defaultDurationHistogramBuckets
        return (
            registry.makeDurationHistogram(name: "latency", labels: [], buckets: buckets, help: ""), sampleLatencies()
        )
    }
}

/// HdrHistogram behind a `Mutex`: how a server would share one between threads.
final class LockedHDR: Sendable {
    let state = Mutex(
        Histogram<UInt64>(highestTrackableValue: 3_600_000_000_000, numberOfSignificantValueDigits: .three))

    @inline(__always)
    func record(_ seconds: Double) {
        state.withLock { _ = $0.record(UInt64(seconds * 1e9)) }
    }
}

/// The suite's default configuration (set in `benchmarks` before any is registered) without its allocation
/// threshold: a peer's allocations are reported, not held to zero.
func peerConfiguration() -> Benchmark.Configuration {
    var configuration = Benchmark.defaultConfiguration
    configuration.thresholds = [:]
    return configuration
}
