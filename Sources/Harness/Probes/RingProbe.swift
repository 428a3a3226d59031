import Foundation
import Simulation
import StatsCore
import Synchronization

/// An entry of the ring measurement: four words derived from one sequence number, so a reader can tell a
/// torn copy (words from two different appends) from a whole one.
struct RingEntry: BitwiseCopyable, Sendable, Equatable {
    var sequence: UInt64
    var product: UInt64
    var complement: UInt64
    var mixed: UInt64

    init(_ sequence: UInt64) {
        self.sequence = sequence
        self.product = sequence &* 0x9E37_79B9_7F4A_7C15
        self.complement = ~sequence
        self.mixed = sequence ^ 0xD6E8_FEB8_6659_FD93
    }

    /// Whether the four words belong to one append.
    var isWhole: Bool { self == RingEntry(sequence) }
}

/// A history ring the probe can drive: ours or the seeds' locked deque.
protocol MeasuredRing: AnyObject, Sendable {
    /// Appends one entry (single writer).
    func append(_ entry: RingEntry)
    /// Copies every entry, oldest first, into `buffer`.
    func copy(into buffer: inout [RingEntry])
}

extension SnapshotRing: MeasuredRing where Element == RingEntry {
    func copy(into buffer: inout [RingEntry]) { all(into: &buffer) }
}

/// Ring-buffer throughput: one writer appending while 0, 1 or 2 readers copy snapshots back to back.
enum RingProbe {
    /// Our ring, and the seeds' locked deque when sink `seed-naive` is in the scenario.
    static func figures(capacity: Int, appends: UInt64, sinks: [SinkKind]) -> RingFigures {
        var rows = measure(name: SinkKind.statsbench.name, capacity: capacity, appends: appends) {
            SnapshotRing<RingEntry>(capacity: $0)
        }
        var full = [SinkKind.statsbench.name: fullCopy(SnapshotRing<RingEntry>(capacity: capacity), capacity: capacity)]
        if sinks.contains(.seedNaive) {
            rows += measure(name: SinkKind.seedNaive.name, capacity: capacity, appends: appends) {
                NaiveRing<RingEntry>(capacity: $0)
            }
            full[SinkKind.seedNaive.name] = fullCopy(NaiveRing<RingEntry>(capacity: capacity), capacity: capacity)
        }
        return RingFigures(capacity: capacity, rows: rows, fullSnapshotNanoseconds: full)
    }

    /// Median time to copy a full ring while nothing writes (1,001 copies).
    static func fullCopy(_ ring: some MeasuredRing, capacity: Int) -> Double {
        for sequence in 1...UInt64(capacity) { ring.append(RingEntry(sequence)) }
        var buffer: [RingEntry] = []
        ring.copy(into: &buffer)
        let times = (0..<1_001).map { _ in
            let start = Clocks.monotonic()
            ring.copy(into: &buffer)
            return Double(Clocks.monotonic() &- start)
        }
        return Statistics.median(times)
    }

    /// Measures `ring` (made fresh for each reader count by `make`) with `appends` appends per row.
    static func measure(
        name: String, capacity: Int, appends: UInt64, readerCounts: [Int] = [0, 1, 2],
        make: (Int) -> any MeasuredRing
    ) -> [RingRow] {
        readerCounts.map { readers in row(name: name, ring: make(capacity), readers: readers, appends: appends) }
    }

    static func row(name: String, ring: some MeasuredRing, readers: Int, appends: UInt64) -> RingRow {
        let state = ThreadGate()
        let group = DispatchGroup()
        let results = Mutex<[(snapshots: UInt64, torn: UInt64, elements: UInt64, copyNanoseconds: [Double])]>([])
        for _ in 0..<readers {
            group.enter()
            let thread = Thread {
                var buffer: [RingEntry] = []
                var copies: [Double] = []
                copies.reserveCapacity(1 << 16)
                var snapshots: UInt64 = 0
                var torn: UInt64 = 0
                var elements: UInt64 = 0
                state.ready.add(1, ordering: .relaxed)
                while !state.signal.load(ordering: .acquiring) {
                    let start = Clocks.monotonic()
                    ring.copy(into: &buffer)
                    let elapsed = Clocks.monotonic() &- start
                    snapshots += 1
                    elements += UInt64(buffer.count)
                    if copies.count < 1 << 16 { copies.append(Double(elapsed)) }
                    if !isConsistent(buffer) { torn += 1 }
                }
                results.withLock { $0.append((snapshots, torn, elements, copies)) }
                group.leave()
            }
            thread.start()
        }
        while state.ready.load(ordering: .relaxed) < readers { sched_yield() }
        let start = Clocks.monotonic()
        for sequence in 1...appends { ring.append(RingEntry(sequence)) }
        let elapsed = Double(Clocks.monotonic() &- start)
        state.signal.store(true, ordering: .releasing)
        group.wait()
        let collected = results.withLock { $0 }
        let copyTimes = collected.flatMap(\.copyNanoseconds)
        let snapshots = collected.reduce(0) { $0 + $1.snapshots }
        return RingRow(
            ring: name, readers: readers, appends: appends, appendNanoseconds: elapsed / Double(appends),
            appendsPerSecond: Double(appends) / (elapsed / 1e9),
            snapshots: snapshots, snapshotNanoseconds: copyTimes.isEmpty ? nil : Statistics.median(copyTimes),
            snapshotElements: snapshots == 0
                ? nil : Double(collected.reduce(0) { $0 + $1.elements }) / Double(snapshots),
            torn: collected.reduce(0) { $0 + $1.torn })
    }

    /// Every entry whole and the sequence numbers consecutive (a contiguous run of appends, oldest first).
    static func isConsistent(_ entries: [RingEntry]) -> Bool {
        for index in entries.indices {
            guard entries[index].isWhole else { return false }
            if index > 0 && entries[index].sequence != entries[index - 1].sequence &+ 1 { return false }
        }
        return true
    }
}

/// Flags shared by a coordinating thread and the threads it starts: how many are ready, and one signal
/// (the starting gun, or "the writer is done").
final class ThreadGate: Sendable {
    let ready = Atomic<Int>(0)
    let signal = Atomic<Bool>(false)
}

extension NaiveRing: MeasuredRing where Element == RingEntry {
    func copy(into buffer: inout [RingEntry]) { buffer = all() }
}
