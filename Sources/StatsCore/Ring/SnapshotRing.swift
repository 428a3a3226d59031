import Synchronization

/// A fixed-capacity history of snapshots: one writer appends, any number of readers copy, nobody waits.
///
/// The seeds' 360-sample ring (one hour at 10 s), built as a sequence lock per slot so that the writer never
/// blocks and a reader never sees a torn element:
///
/// - The writer marks a slot odd ("being written"), stores the element's words, then marks it with the even
///   sequence of the element's append index, and publishes the new head. An append is a few stores: no lock,
///   no allocation, no clock read.
/// - A reader copies a slot's words between two reads of its sequence and keeps the copy only if the sequence
///   is unchanged and names the index it wanted. A slot the writer overwrote meanwhile was evicted: the
///   reader drops it and everything older, so a copy is always a contiguous, in-order run of elements, each
///   exactly as appended.
///
/// Elements are stored as raw words, hence `BitwiseCopyable` (structs of numbers, optionals of numbers, …).
/// Appending from two threads at once is a programming error: use one writer (the sampler).
///
/// ```swift
/// let history = SnapshotRing<ResourceSample>(capacity: 360)
/// history.append(sample)      // writer
/// let hour = history.all()    // any reader, oldest first
/// ```
public final class SnapshotRing<Element: BitwiseCopyable & Sendable>: Sendable {
    /// Maximum number of elements kept; the oldest is evicted beyond it.
    public let capacity: Int

    @usableFromInline let words: AtomicWordBuffer
    /// Words per slot: one sequence word, then the element's bytes.
    @usableFromInline let slotStride: Int
    @usableFromInline let elementWords: Int
    /// Number of elements ever appended; the next append's index.
    @usableFromInline let head = Atomic<UInt64>(0)
    /// Slot the next append writes (`head % capacity`, kept to avoid a division per append). Writer only.
    @usableFromInline let nextSlot = Atomic<Int>(0)

    /// Creates an empty ring holding at most `capacity` elements (at least 1).
    public init(capacity: Int) {
        precondition(capacity >= 1, "SnapshotRing capacity must be at least 1, got \(capacity)")
        self.capacity = capacity
        self.elementWords = (MemoryLayout<Element>.size + 7) / 8
        self.slotStride = 1 + elementWords
        self.words = AtomicWordBuffer(count: slotStride * capacity)
    }

    /// Number of elements held: `min(appended, capacity)`.
    public var count: Int {
        Int(Swift.min(head.load(ordering: .acquiring), UInt64(capacity)))
    }

    /// Number of elements ever appended, evicted ones included.
    public var totalAppended: UInt64 {
        head.load(ordering: .acquiring)
    }

    /// Appends `element`, evicting the oldest when full. Single writer only.
    @inlinable
    public func append(_ element: Element) {
        let index = head.load(ordering: .relaxed)
        let slotIndex = nextSlot.load(ordering: .relaxed)
        let slot = words.base + slotIndex &* slotStride
        slot.pointee.store(index &* 2 &+ 1, ordering: .relaxed)
        atomicMemoryFence(ordering: .releasing)
        withUnsafeBytes(of: element) { bytes in
            let whole = bytes.count / 8
            for word in 0..<whole {
                slot[1 &+ word].store(
                    bytes.loadUnaligned(fromByteOffset: word &* 8, as: UInt64.self), ordering: .relaxed)
            }
            if whole < elementWords {
                var last: UInt64 = 0
                withUnsafeMutableBytes(of: &last) { lastBytes in
                    for byte in (whole &* 8)..<bytes.count {
                        lastBytes[byte &- whole &* 8] = bytes[byte]
                    }
                }
                slot[1 &+ whole].store(last, ordering: .relaxed)
            }
        }
        slot.pointee.store(index &* 2 &+ 2, ordering: .releasing)
        nextSlot.store(slotIndex &+ 1 == capacity ? 0 : slotIndex &+ 1, ordering: .relaxed)
        head.store(index &+ 1, ordering: .releasing)
    }

    /// The most recently appended element, or `nil` when the ring is empty.
    public func latest() -> Element? {
        while true {
            let end = head.load(ordering: .acquiring)
            guard end > 0 else { return nil }
            if let element = read(index: end - 1) {
                return element
            }
            // The writer lapped this slot while it was copied; the head has moved on. Read the new latest.
        }
    }

    /// A consistent copy of the elements, oldest first: those appended before the call, less any the writer
    /// evicted while the copy was being made.
    public func all() -> [Element] {
        var result: [Element] = []
        all(into: &result)
        return result
    }

    /// Replaces `buffer`'s contents with ``all()``'s result, reusing its storage.
    public func all(into buffer: inout [Element]) {
        while true {
            buffer.removeAll(keepingCapacity: true)
            let end = head.load(ordering: .acquiring)
            let start = end - Swift.min(end, UInt64(capacity))
            buffer.reserveCapacity(Int(end - start))
            for index in start..<end {
                if let element = read(index: index) {
                    buffer.append(element)
                } else {
                    // Evicted during the copy: so is everything before it. Keep the run contiguous.
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            // Only a writer lapping the whole ring during the copy leaves nothing; then copy the new contents.
            if !buffer.isEmpty || end == 0 { return }
        }
    }

    /// The element appended at `index`, or `nil` if its slot has been (or is being) overwritten.
    private func read(index: UInt64) -> Element? {
        let slot = words.base + Int(index % UInt64(capacity)) * slotStride
        let sequence = slot.pointee.load(ordering: .acquiring)
        guard sequence == index &* 2 &+ 2 else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: Swift.max(elementWords, 1)) { copy in
            for word in 0..<elementWords {
                copy[word] = slot[1 + word].load(ordering: .relaxed)
            }
            atomicMemoryFence(ordering: .acquiring)
            guard slot.pointee.load(ordering: .relaxed) == sequence else { return nil }
            return UnsafeRawPointer(copy.baseAddress!).loadUnaligned(as: Element.self)
        }
    }
}
