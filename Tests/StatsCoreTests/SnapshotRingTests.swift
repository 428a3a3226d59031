import StatsCore
import Synchronization
import Testing

/// An element that carries a checksum of itself, so a torn copy is detectable.
struct CheckedSample: BitwiseCopyable, Sendable, Equatable {
    var sequence: UInt64
    var a: UInt64
    var b: Double
    var c: Int32
    var checksum: UInt64

    init(sequence: UInt64) {
        self.sequence = sequence
        a = sequence &* 0x9E37_79B9_7F4A_7C15
        b = Double(sequence) * 0.5
        c = Int32(truncatingIfNeeded: sequence &* 31)
        checksum = Self.checksum(sequence, a, b, c)
    }

    static func checksum(_ sequence: UInt64, _ a: UInt64, _ b: Double, _ c: Int32) -> UInt64 {
        (sequence ^ a.rotatedLeft(13) ^ b.bitPattern.rotatedLeft(29)) &+ UInt64(UInt32(bitPattern: c))
    }

    var isIntact: Bool {
        checksum == Self.checksum(sequence, a, b, c) && self == CheckedSample(sequence: sequence)
    }
}

extension UInt64 {
    fileprivate func rotatedLeft(_ by: UInt64) -> UInt64 { (self << by) | (self >> (64 - by)) }
}

@Suite("SnapshotRing")
struct SnapshotRingTests {
    @Test("FIFO eviction keeps the newest `capacity` elements, oldest first")
    func eviction() {
        let ring = SnapshotRing<Int>(capacity: 360)
        #expect(ring.count == 0 && ring.all().isEmpty)
        for value in 0..<1000 { ring.append(value) }
        #expect(ring.count == 360)
        #expect(ring.totalAppended == 1000)
        #expect(ring.all() == Array(640..<1000))
        #expect(ring.latest() == 999)
    }

    @Test("latest() on an empty ring is nil")
    func emptyLatest() {
        let ring = SnapshotRing<Double>(capacity: 4)
        #expect(ring.latest() == nil)
        ring.append(1.5)
        #expect(ring.latest() == 1.5)
    }

    @Test("capacity 1 keeps only the latest")
    func capacityOne() {
        let ring = SnapshotRing<CheckedSample>(capacity: 1)
        for sequence in 0..<5 as Range<UInt64> { ring.append(CheckedSample(sequence: sequence)) }
        #expect(ring.count == 1)
        #expect(ring.all() == [CheckedSample(sequence: 4)])
        #expect(ring.latest() == CheckedSample(sequence: 4))
    }

    @Test("odd-sized elements with optionals survive the word copy")
    func oddSizedElements() {
        struct Odd: BitwiseCopyable, Sendable, Equatable {
            var cpu: Double?
            var flag: Bool
            var small: UInt8
        }
        let ring = SnapshotRing<Odd>(capacity: 3)
        let items = [Odd(cpu: 12.5, flag: true, small: 7), Odd(cpu: nil, flag: false, small: 255)]
        for item in items { ring.append(item) }
        #expect(ring.all() == items)
    }

    @Test("one writer, two readers: no torn element, no out-of-order or missing sequence")
    func concurrentReaders() {
        let ring = SnapshotRing<CheckedSample>(capacity: 64)
        let appends: UInt64 = 2_000_000
        let flags = ReaderFlags()
        runOnThreads(3) { thread in
            if thread == 0 {
                for sequence in 0..<appends { ring.append(CheckedSample(sequence: sequence)) }
                flags.done.store(true, ordering: .releasing)
                return
            }
            var buffer: [CheckedSample] = []
            var previousLatest: UInt64 = 0
            while !flags.done.load(ordering: .acquiring) {
                ring.all(into: &buffer)
                flags.snapshots.wrappingAdd(1, ordering: .relaxed)
                for (offset, sample) in buffer.enumerated() {
                    let contiguous = sample.sequence == buffer[0].sequence + UInt64(offset)
                    if !sample.isIntact || !contiguous { flags.bad.wrappingAdd(1, ordering: .relaxed) }
                }
                if buffer.count > 64 { flags.bad.wrappingAdd(1, ordering: .relaxed) }
                if let latest = ring.latest() {
                    if !latest.isIntact || latest.sequence < previousLatest {
                        flags.bad.wrappingAdd(1, ordering: .relaxed)
                    }
                    previousLatest = latest.sequence
                }
            }
        }
        #expect(flags.bad.load(ordering: .relaxed) == 0)
        #expect(flags.snapshots.load(ordering: .relaxed) > 0)
        #expect(ring.all().map(\.sequence) == Array((appends - 64)..<appends))
    }
}

private final class ReaderFlags: Sendable {
    let done = Atomic<Bool>(false)
    let bad = Atomic<Int>(0)
    let snapshots = Atomic<Int>(0)
}
