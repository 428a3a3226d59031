import StatsCore
import StatsTestSupport
import Testing

@Suite("RecordTable")
struct RecordTableTests {
    @Test("records grow by chunks, are zeroed on release and reused")
    func lifecycle() {
        let table = RecordTable(fieldsPerRecord: 3, chunkSize: 2)
        let handles = (0..<5).map { _ in table.allocate(shared: false) }
        #expect(handles.map(\.slot) == [0, 1, 2, 3, 4])
        #expect(table.liveRecords == 5)
        #expect(table.recordStride == 8, "three fields take one whole 64-byte line")
        #expect(table.allocatedBytes == 3 * 2 * 8 * 8, "three chunks of two records of one line (8 words)")
        handles[1].add(0, 5)
        handles[1].recordMaximum(1, 9)
        handles[1].recordMaximum(1, 4)
        handles[1].store(2, 77)
        #expect([handles[1].load(0), handles[1].load(1), handles[1].load(2)] == [5, 9, 77])
        #expect(handles[0].load(0) == 0, "records do not share fields")
        table.release(handles[1])
        let reused = table.allocate(shared: false)
        #expect(reused.slot == 1)
        #expect([reused.load(0), reused.load(1), reused.load(2)] == [0, 0, 0])
        #expect(table.liveRecords == 5)
    }

    @Test("a shared record counts exactly from two threads; writers of exclusive records never collide")
    func concurrency() {
        let table = RecordTable(fieldsPerRecord: 2)
        let shared = table.allocate(shared: true)
        let own = [table.allocate(shared: false), table.allocate(shared: false)]
        runOnThreads(2) { thread in
            let writer = own[thread].writer()
            for step in 0..<2_000_000 {
                shared.add(0, 1)
                shared.recordMaximum(1, UInt64(step))
                writer.increment(0, by: 2)
            }
        }
        #expect(shared.load(0) == 4_000_000)
        #expect(shared.load(1) == 1_999_999)
        #expect(own.map { $0.load(0) } == [4_000_000, 4_000_000])
    }

    @Test("a field outside the record traps")
    func fieldOutOfRange() async {
        await #expect(processExitsWith: .failure) {
            let table = RecordTable(fieldsPerRecord: 2)
            table.allocate(shared: false).add(2, 1)
        }
    }
}

@Suite("CounterGroup maxima, reset and shard writers")
struct CounterGroupExtrasTests {
    @Test("maxima merge by max, reset zeroes a counter, a shard writer lands in its worker's shard")
    func extras() {
        let registry = WorkerRegistry(capacity: 2)
        let group = CounterGroup(count: 3, registry: registry)
        let first = registry.register()
        let second = registry.register()
        group.recordMaximum(2, 40, worker: first)
        group.recordMaximum(2, 90, worker: second)
        group.recordMaximum(2, 10, worker: second)
        #expect(group.maximum(2) == 90)
        let writer = group.writer(for: second)
        writer.increment(0, by: 6)
        writer.recordMaximum(1, 3)
        #expect(group.load(shard: second.shard) == [6, 3, 90])
        #expect(group.load(shard: first.shard) == [0, 0, 40])
        group.reset(0)
        #expect(group.load(0) == 0 && group.maximum(2) == 90)
    }
}

@Suite("WindowedHistogram")
struct WindowedHistogramTests {
    @Test("values stay for slotCount rotations, per series and over all series")
    func rotation() {
        let registry = WorkerRegistry(capacity: 1)
        let window = WindowedHistogram(slotCount: 3, series: 2, registry: registry)
        let worker = registry.register()
        window.record(0.5, series: 0, worker: worker)
        window.record(0.25, series: 1, worker: worker)
        #expect(window.snapshot().count == 2)
        #expect(window.snapshot(series: 1).maximum == 0.25)
        window.rotate()
        window.record(1.5, series: 0, worker: worker)
        #expect(window.snapshot(series: 0).count == 2)
        #expect(window.completedSnapshot(series: 0).count == 1, "the first slot is complete, cached")
        window.rotate()
        #expect(window.snapshot().count == 3, "three slots: the first is still in the window")
        window.rotate()
        #expect(window.snapshot().count == 1, "the first slot has left; the 1.5 stays")
        #expect(window.snapshot(series: 0).minimum == 1.5)
        window.rotate()
        window.rotate()
        #expect(window.snapshot().count == 0)
        // The ring reuses slots: a cleared slot starts empty.
        window.record(2, series: 1, worker: worker)
        #expect(window.snapshot().count == 1 && window.snapshot(series: 1).maximum == 2)
    }
}

@Suite("RecordTable misuse")
struct RecordTableMisuseTests {
    @Test("releasing a record twice traps")
    func doubleRelease() async {
        await #expect(processExitsWith: .failure) {
            let table = RecordTable(fieldsPerRecord: 1)
            let handle = table.allocate(shared: false)
            table.release(handle)
            table.release(handle)
        }
    }
}
