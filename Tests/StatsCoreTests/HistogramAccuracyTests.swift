import StatsCore
import StatsTestSupport
import Testing

@Suite("ExponentialHistogram accuracy against exact quantiles")
struct HistogramAccuracyTests {
    static let quantiles = [0.5, 0.9, 0.99, 0.999, 0.9999]

    @Test("relative error within the scale's bound, min and max exact", arguments: TestDistribution.allCases)
    func accuracy(distribution: TestDistribution) throws {
        let values = distribution.samples(1_000_000, seed: 0x5EED)
        let registry = WorkerRegistry(capacity: 1)
        let histogram = ExponentialHistogram(layout: .seconds, registry: registry)
        let me = registry.register()
        for value in values { histogram.record(value, worker: me) }

        let snapshot = histogram.snapshot()
        let sorted = values.sorted()
        let bound = snapshot.layout.relativeErrorBound
        #expect(snapshot.count == 1_000_000)
        #expect(snapshot.underflowCount == 0 && snapshot.overflowCount == 0)
        #expect(snapshot.minimum == sorted.first)
        #expect(snapshot.maximum == sorted.last)
        for q in Self.quantiles {
            let exact = try #require(NearestRank.quantile(q, ofSorted: sorted))
            let estimate = try #require(snapshot.quantile(q))
            let error = abs(estimate - exact) / exact
            #expect(error <= bound, "\(distribution) p\(q * 100): \(estimate) vs exact \(exact), error \(error)")
        }
        #expect(snapshot.quantile(1) == sorted.last)
        #expect(snapshot.quantile(0) == sorted.first)
    }

    @Test(
        "merging per-worker shards equals recording everything in one",
        arguments: [TestDistribution.lognormal, .pareto])
    func mergeEqualsSingle(distribution: TestDistribution) throws {
        let values = distribution.samples(1_000_000, seed: 7)
        let registry = WorkerRegistry(capacity: 4)
        let sharded = ExponentialHistogram(registry: registry)
        let workers = (0..<4).map { _ in registry.register() }
        let singleRegistry = WorkerRegistry(capacity: 1)
        let one = ExponentialHistogram(registry: singleRegistry)
        let oneWorker = singleRegistry.register()
        for (index, value) in values.enumerated() {
            sharded.record(value, worker: workers[index % 4])
            one.record(value, worker: oneWorker)
        }

        var merged = HistogramSnapshot(layout: .seconds)
        for worker in workers {
            try merged.merge(sharded.snapshot(shard: worker.shard))
        }
        let whole = one.snapshot()
        #expect(merged.bucketCounts == whole.bucketCounts)
        #expect(merged.count == whole.count)
        #expect(merged.minimum == whole.minimum && merged.maximum == whole.maximum)
        #expect(abs(merged.sum - whole.sum) <= 1e-9 * whole.sum)
        #expect(sharded.snapshot().bucketCounts == whole.bucketCounts)
        for q in Self.quantiles {
            #expect(merged.quantile(q) == whole.quantile(q))
        }
    }

    @Test("snapshots of different layouts refuse to merge and stay unchanged")
    func mergeMismatch() throws {
        let coarse = try HistogramLayout(scale: 2, covering: 1...1000)
        var left = HistogramSnapshot(layout: .seconds)
        let right = HistogramSnapshot(layout: coarse)
        #expect(throws: HistogramLayoutError.mismatch(.seconds, coarse)) { try left.merge(right) }
        #expect(left == HistogramSnapshot(layout: .seconds))
    }

    @Test("non-empty buckets list every value with bounds that contain it")
    func bucketsList() throws {
        let registry = WorkerRegistry(capacity: 1)
        let histogram = ExponentialHistogram(registry: registry)
        let me = registry.register()
        let values = [0.001, 0.001, 0.0015, 0.25, 3.0]
        for value in values { histogram.record(value, worker: me) }
        let buckets = histogram.snapshot().nonEmptyBuckets
        #expect(buckets.map(\.count) == [2, 1, 1, 1])
        #expect(buckets.map(\.index) == buckets.map(\.index).sorted())
        for (bucket, value) in zip(buckets, [0.001, 0.0015, 0.25, 3.0]) {
            #expect(bucket.lowerBound < value && value <= bucket.upperBound)
        }
    }
}
