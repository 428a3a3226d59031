import CJemalloc
import StatsCore
import StatsTestSupport
import Testing

/// Record paths must not touch the heap. jemalloc (linked into this test binary through CJemalloc) counts the
/// bytes each thread allocates; a record loop must leave the count unchanged.
///
/// The guarantee is for optimized code: a debug build leaves generic code unspecialized, and unspecialized
/// generics box their values. `make test` builds the tests optimized, so these run there.
@Suite(
    "Zero heap allocations on record paths (jemalloc per-thread counters)",
    .enabled(if: isOptimizedBuild, optimizedBuildsOnly)
)
struct AllocationTests {
    /// Bytes this thread allocated while running `body`.
    private func allocatedBytes(_ body: () -> Void) -> UInt64 {
        let before = statsbench_thread_allocated_bytes()
        body()
        return statsbench_thread_allocated_bytes() &- before
    }

    @Test("jemalloc is the allocator and its counter sees an allocation")
    func counterWorks() {
        #expect(statsbench_jemalloc_is_active())
        let bytes = allocatedBytes {
            let array = [UInt64](repeating: 1, count: 1000)
            #expect(array.count == 1000)
        }
        #expect(bytes >= 8000)
    }

    @Test("counter, group, gauges, min/max: 0 bytes over 100 000 records")
    func scalarPrimitives() {
        let registry = WorkerRegistry(capacity: 1)
        let counter = Counter(registry: registry)
        let group = CounterGroup(count: 4, registry: registry)
        let gauge = Gauge()
        let peak = PeakGauge()
        let extremes = MinMaxTracker()
        let me = registry.register()
        let shared = registry.register()
        let bytes = allocatedBytes {
            for step in 0..<100_000 {
                counter.increment(worker: me)
                counter.increment(worker: shared)
                group.increment(step & 3, by: 2, worker: me)
                gauge.add(1)
                peak.add(step & 1 == 0 ? 1 : -1)
                extremes.record(Double(step))
            }
        }
        #expect(bytes == 0)
        #expect(counter.load() == 200_000)
    }

    @Test("histogram record, in and out of range, exclusive and shared: 0 bytes")
    func histogram() {
        let registry = WorkerRegistry(capacity: 1)
        let histogram = ExponentialHistogram(registry: registry)
        let me = registry.register()
        let shared = registry.register()
        var random = SeededRandom(seed: 3)
        let values = (0..<4096).map { _ in TestDistribution.pareto.sample(&random) } + [0, -1, .nan, .infinity, 1e-12]
        let bytes = allocatedBytes {
            for round in 0..<50 {
                for value in values {
                    histogram.record(value, worker: round & 1 == 0 ? me : shared)
                }
            }
        }
        #expect(bytes == 0)
        #expect(histogram.snapshot().count == 50 * UInt64(values.count - 1))
    }

    @Test("ring append: 0 bytes")
    func ring() {
        let ring = SnapshotRing<CheckedSample>(capacity: 360)
        let bytes = allocatedBytes {
            for sequence in 0..<100_000 as Range<UInt64> { ring.append(CheckedSample(sequence: sequence)) }
        }
        #expect(bytes == 0)
        #expect(ring.latest()?.sequence == 99_999)
    }
}
