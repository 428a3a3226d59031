import StatsCore
import StatsTestSupport
import Testing

@Suite("ExponentialHistogram edge values and concurrency")
struct HistogramEdgeTests {
    private func recorded(_ values: [Double]) -> HistogramSnapshot {
        let registry = WorkerRegistry(capacity: 1)
        let histogram = ExponentialHistogram(layout: .seconds, registry: registry)
        let me = registry.register()
        for value in values { histogram.record(value, worker: me) }
        return histogram.snapshot()
    }

    @Test("zero, negative, NaN, infinities and the largest Double land where documented")
    func specialValues() {
        let snapshot = recorded([0, -0.0, -3, -.infinity, .nan, .infinity, .greatestFiniteMagnitude, 1e-10, 0.5])
        #expect(snapshot.zeroCount == 2)
        #expect(snapshot.negativeCount == 2)
        #expect(snapshot.rejectedCount == 1)
        #expect(snapshot.overflowCount == 2)
        #expect(snapshot.underflowCount == 1)
        #expect(snapshot.bucketCounts.reduce(0, +) == 1)
        #expect(snapshot.count == 8, "NaN is not counted")
        #expect(snapshot.minimum == -.infinity)
        #expect(snapshot.maximum == .infinity)
        #expect(snapshot.sum == -3 + .greatestFiniteMagnitude + 1e-10 + 0.5, "only finite values are summed")
    }

    @Test("a quantile that falls outside the buckets is nil, never a guess")
    func quantileOutsideBuckets() {
        // Ranks 1-2 negative, 3 zero, 4-5 underflow, 6-8 buckets, 9-10 overflow (above 2^20 s, 12.1 days).
        let snapshot = recorded([-2, -1, 0, 1e-10, 2e-10, 0.01, 0.02, 0.03, 2e6, 3e6])
        #expect(snapshot.quantile(0) == -2, "rank 1 is the exact minimum")
        #expect(snapshot.quantile(0.2) == nil)
        #expect(snapshot.quantile(0.3) == 0)
        #expect(snapshot.quantile(0.5) == nil)
        let p70 = snapshot.quantile(0.7) ?? 0
        #expect(abs(p70 - 0.02) / 0.02 <= HistogramLayout.seconds.relativeErrorBound)
        #expect(snapshot.quantile(0.9) == nil)
        #expect(snapshot.quantile(1) == 3e6, "the last rank is the exact maximum")
    }

    @Test("an out-of-range quantile says which side of the range it lies on")
    func estimatesOutsideBuckets() {
        let layout = HistogramLayout.seconds
        let snapshot = recorded([-2, -1, 0, 1e-10, 2e-10, 0.01, 0.02, 0.03, 2e6, 3e6])
        #expect(snapshot.estimate(0.2) == .negative)
        #expect(snapshot.estimate(0.3) == .value(0))
        #expect(snapshot.estimate(0.5) == .atOrBelow(layout.lowestBound))
        #expect(snapshot.estimate(0.9) == .above(layout.highestBound))
        #expect(snapshot.estimate(0) == .value(-2) && snapshot.estimate(1) == .value(3e6))
        #expect(recorded([]).estimate(0.5) == nil)
        // Every range answer agrees with where the values really are.
        #expect(layout.highestBound < 2e6 && layout.lowestBound > 2e-10)
    }

    @Test("every duration from 1 ns to 7 days lands in a bucket within the error bound")
    func nanosecondToWeekRange() throws {
        let layout = HistogramLayout.seconds
        let values: [Double] = [1e-9, 1.5e-9, 150e-9, 900e-9, 3600, 86_400, 7 * 86_400]
        for value in values {
            let snapshot = recorded([value, value, value])
            #expect(snapshot.underflowCount == 0 && snapshot.overflowCount == 0, "\(value) s is in range")
            let index = try #require(layout.bucketIndex(of: value))
            #expect(layout.lowerBound(ofBucket: index) < value && value <= layout.upperBound(ofBucket: index))
            let lower = layout.lowerBound(ofBucket: index)
            let upper = layout.upperBound(ofBucket: index)
            let middle: Double = 2 * lower * upper / (lower + upper)  // what a quantile in this bucket answers
            let error: Double = abs(middle - value) / value
            #expect(error <= layout.relativeErrorBound * (1 + 1e-12))
        }
    }

    @Test("an empty histogram has no quantile, minimum or mean")
    func empty() {
        let snapshot = recorded([])
        #expect(snapshot.count == 0)
        #expect(snapshot.quantile(0.5) == nil)
        #expect(snapshot.minimum == nil && snapshot.maximum == nil && snapshot.mean == nil)
        let onlyNaN = recorded([.nan])
        #expect(onlyNaN.count == 0 && onlyNaN.rejectedCount == 1 && onlyNaN.quantile(0.5) == nil)
    }

    @Test("a single value is every quantile, exactly")
    func single() {
        let snapshot = recorded([0.123])
        for q in [0.0, 0.5, 0.99, 1] { #expect(snapshot.quantile(q) == 0.123) }
        #expect(snapshot.mean == 0.123)
    }

    @Test("two threads × 10 M records give the exact count and sum")
    func twoThreadsExact() {
        let registry = WorkerRegistry(capacity: 2)
        let histogram = ExponentialHistogram(layout: .nanoseconds, registry: registry)
        runOnThreads(2) { thread in
            let me = registry.register()
            for step in 0..<10_000_000 {
                histogram.record(UInt64(1 + (step + thread) % 1000), worker: me)
            }
        }
        let snapshot = histogram.snapshot()
        #expect(snapshot.count == 20_000_000)
        // Each thread records 1...1000 evenly: 10_000 times each value, sum 500_500 per round.
        #expect(snapshot.sum == 2 * 10_000 * 500_500)
        #expect(snapshot.minimum == 1 && snapshot.maximum == 1000)
    }

    @Test("records from two threads into the shared overflow shard are exact")
    func sharedShardExact() {
        let registry = WorkerRegistry(capacity: 1)
        let histogram = ExponentialHistogram(layout: .nanoseconds, registry: registry)
        _ = registry.register()  // takes the only exclusive shard: both threads below share the overflow shard
        runOnThreads(2) { thread in
            let me = registry.register()
            for step in 0..<3_000_000 {
                histogram.record(Double(1 + step % 100 + thread * 1000), worker: me)
            }
        }
        let snapshot = histogram.snapshot()
        #expect(snapshot.count == 6_000_000)
        #expect(snapshot.sum == 2 * 30_000 * 5_050 + 3_000_000 * 1000)
        #expect(snapshot.minimum == 1 && snapshot.maximum == 1100)
    }
}
