import StatsCore
import StatsTestSupport
import Synchronization
import Testing

/// An element that carries a checksum of itself, so a torn copy is detectable: 14 words, each derived from the
/// sequence, and a checksum over all of them.
struct CheckedSample: BitwiseCopyable, Sendable, Equatable {
    var sequence: UInt64
    var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
    var checksum: UInt64

    init(sequence: UInt64) {
        self.sequence = sequence
        let seed = sequence &* 0x9E37_79B9_7F4A_7C15
        words = (
            seed, seed ^ 1, seed ^ 2, seed ^ 3, seed ^ 4, seed ^ 5, seed ^ 6, seed ^ 7, seed ^ 8, seed ^ 9, seed ^ 10,
            ~seed
        )
        checksum = Self.checksum(sequence, words)
    }

    static func checksum(
        _ sequence: UInt64,
        _ words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
    ) -> UInt64 {
        withUnsafeBytes(of: words) { bytes in
            bytes.bindMemory(to: UInt64.self).reduce(sequence) { ($0 &* 31) ^ $1 }
        }
    }

    var isIntact: Bool {
        checksum == Self.checksum(sequence, words) && self == CheckedSample(sequence: sequence)
    }

    static func == (left: CheckedSample, right: CheckedSample) -> Bool {
        withUnsafeBytes(of: left) { l in withUnsafeBytes(of: right) { r in l.elementsEqual(r) } }
    }
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
        // A small ring, so the writer is forever overwriting the slots the readers copy.
        let capacity = 8
        let ring = SnapshotRing<CheckedSample>(capacity: capacity)
        let appends: UInt64 = 20_000_000
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
                if buffer.count > capacity { flags.bad.wrappingAdd(1, ordering: .relaxed) }
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
        #expect(ring.all().map(\.sequence) == Array((appends - UInt64(capacity))..<appends))
    }
}

private final class ReaderFlags: Sendable {
    let done = Atomic<Bool>(false)
    let bad = Atomic<Int>(0)
    let snapshots = Atomic<Int>(0)
}
