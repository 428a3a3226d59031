import Benchmark
import StatsCore

/// Every benchmark does `scalingFactor` operations per iteration, so the table's scaled figures are per
/// operation; a two-thread benchmark splits them between the threads, so its figure is the *aggregate* cost
/// per operation (wall time / operations done by both).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.picosecondsPerOperation, .mallocCountTotal],
        timeUnits: .nanoseconds,
        warmupIterations: 3,
        scalingFactor: .mega,
        maxDuration: .seconds(2),
        maxIterations: 30,
        thresholds: [.mallocCountTotal: .init(absolute: [.p90: 0])]
    )
    registerReferenceBenchmarks()
    registerCounterBenchmarks()
    registerHistogramBenchmarks()
    registerRingBenchmarks()
    registerSnapshotBenchmarks()
    registerPeerBenchmarks()
}

/// Configuration for a benchmark that is not on a record path: allocations are measured but not held to zero.
func coldPath() -> Benchmark.Configuration {
    Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal],
        timeUnits: .nanoseconds,
        warmupIterations: 3,
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 30,
        thresholds: [:]
    )
}

extension BenchmarkMetric {
    /// Wall time per operation in picoseconds: the table rounds nanoseconds to integers, too coarse for
    /// figures of one or two nanoseconds. For two-thread benchmarks it is the aggregate (wall / all operations).
    static var picosecondsPerOperation: BenchmarkMetric {
        .custom("Time per op (ps)", polarity: .prefersSmaller, useScalingFactor: false)
    }
}

/// Runs `body`, which performs `operations` operations, and records ``BenchmarkMetric/picosecondsPerOperation``
/// from two clock reads around it.
@inline(__always)
func measurePerOperation(_ benchmark: Benchmark, operations: Int, _ body: () -> Void) {
    let start = ContinuousClock.now
    body()
    let elapsed = (ContinuousClock.now - start).components
    let picoseconds = elapsed.seconds * 1_000_000_000_000 + elapsed.attoseconds / 1_000_000
    benchmark.measurement(.picosecondsPerOperation, Int(picoseconds) / operations)
}
