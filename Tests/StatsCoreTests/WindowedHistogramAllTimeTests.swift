import StatsCore
import StatsTestSupport
import Synchronization
import Testing

@Suite("WindowedHistogram all-time totals")
struct WindowedHistogramAllTimeTests {
    /// The value thread `thread` records at `step`: spread over many buckets, never repeated in a pattern
    /// that a wrong fold could match by chance.
    static func value(thread: Int, step: Int) -> Double {
        Double((step &* 7919 &+ thread &* 104_729) % 100_003 + 1) * 1e-6
    }

    /// Same counts in every bucket and the same extremes (sums are added in another order, so they may differ in
    /// the last bit).
    static func sameCounts(_ a: HistogramSnapshot, _ b: HistogramSnapshot) -> Bool {
        a.count == b.count && a.bucketCounts == b.bucketCounts && a.minimum == b.minimum && a.maximum == b.maximum
            && a.zeroCount == b.zeroCount && a.overflowCount == b.overflowCount
            && a.underflowCount == b.underflowCount && a.negativeCount == b.negativeCount
    }

    @Test("the all-time snapshot is the merge of every slot the ring ever held, per series and over all")
    func mergeOfEverySlot() {
        let registry = WorkerRegistry(capacity: 1)
        let window = WindowedHistogram(slotCount: 3, series: 2, registry: registry)
        let worker = registry.register()
        // Each slot's contents, read just before the rotation that ends it (one thread: exact).
        var ended = [HistogramSnapshot(layout: window.layout), HistogramSnapshot(layout: window.layout)]
        for slot in 0..<25 {
            for step in 0...slot {
                window.record(Self.value(thread: 0, step: slot * 100 + step), series: step % 2, worker: worker)
            }
            for series in 0..<2 {
                var current = HistogramSnapshot(layout: window.layout)
                window.accumulateSlot(age: 0, series: series, into: &current)
                ended[series].merge(sameLayout: current)
            }
            window.rotate()
            #expect(Self.sameCounts(window.allTimeSnapshot(series: 0), ended[0]), "after rotation \(slot + 1)")
            #expect(Self.sameCounts(window.allTimeSnapshot(series: 1), ended[1]), "after rotation \(slot + 1)")
            #expect(window.allTimeSnapshot().count == ended[0].count + ended[1].count)
            var both = ended[0]
            both.merge(sameLayout: ended[1])
            #expect(window.allTimeSnapshot().bucketCounts == both.bucketCounts)
        }
        // The current slot is read live.
        window.record(0.5, series: 1, worker: worker)
        #expect(window.allTimeSnapshot(series: 1).count == ended[1].count + 1)
    }

    @Test("a window of one slot keeps everything too")
    func oneSlot() {
        let registry = WorkerRegistry(capacity: 1)
        let window = WindowedHistogram(slotCount: 1, registry: registry)
        let worker = registry.register()
        for round in 1...5 {
            window.record(Double(round), worker: worker)
            window.rotate()
            #expect(window.allTimeSnapshot().count == UInt64(round))
            #expect(window.snapshot().count == 0)
        }
        #expect(window.allTimeSnapshot().maximum == 5 && window.allTimeSnapshot().minimum == 1)
    }

    @Test("counts are conserved with real threads recording while another rotates")
    func concurrentRotation() {
        let recorders = 3
        let perThread = 200_000
        let registry = WorkerRegistry(capacity: recorders)
        let window = WindowedHistogram(slotCount: 4, series: 2, registry: registry)
        let progress = RecorderProgress(recorders: recorders)
        let rotations = Atomic<Int>(0)
        let shrank = Atomic<Bool>(false)
        runOnThreads(recorders + 1) { thread in
            if thread == recorders {
                // The ticker: rotates while the recorders run, each rotation racing the records in flight;
                // the total never falls.
                var last: UInt64 = 0
                while !progress.allDone {
                    window.rotate()
                    rotations.wrappingAdd(1, ordering: .relaxed)
                    progress.ticked()
                    let count = window.allTimeSnapshot().count
                    if count < last { shrank.store(true, ordering: .relaxed) }
                    last = count
                    progress.waitForARecordEachAfterThis()
                }
                return
            }
            let worker = registry.register()
            progress.waitForFirstTick()
            for step in 0..<perThread {
                window.record(Self.value(thread: thread, step: step), series: step % 2, worker: worker)
                progress.recorded(thread)
            }
            progress.finished(thread)
        }
        // A record racing the last rotation is counted from the next one on.
        window.rotate()
        let reference = WorkerRegistry(capacity: 1)
        let expected = ExponentialHistogram(layout: window.layout, registry: reference, banks: 2)
        let single = reference.register()
        for thread in 0..<recorders {
            for step in 0..<perThread {
                expected.record(Self.value(thread: thread, step: step), bank: step % 2, worker: single)
            }
        }
        let rotated = rotations.load(ordering: .relaxed)
        let fell = shrank.load(ordering: .relaxed)
        #expect(rotated > 0)
        #expect(!fell, "the all-time count fell between two reads")
        for series in 0..<2 {
            let all = window.allTimeSnapshot(series: series)
            let truth = expected.snapshot(bank: series)
            #expect(all.count == UInt64(recorders * perThread / 2))
            #expect(Self.sameCounts(all, truth))
        }
        // Rotating the whole ring through changes nothing: every slot cleared was folded first.
        for _ in 0...4 { window.rotate() }
        #expect(window.allTimeSnapshot().count == UInt64(recorders * perThread))
        #expect(window.snapshot().count == 0)
    }
}
