import Synchronization

/// A fixed-capacity history of snapshots: one writer appends, any number of readers copy, nobody waits.
///
/// The 360-sample history ring (one hour at 10 s), built as a sequence lock per slot so that the writer never
/// blocks and a reader never sees a torn element:
///
/// - The writer marks a slot odd ("being written"), stores the element's words, then marks it with the even
///   sequence of the element's append index, and publishes the new head. An append is a few stores: no lock,
///   no allocation, no clock read.
/// - A reader copies a slot's words between two reads of its sequence and keeps the copy only if the sequence
///   is unchanged and names the index it wanted. Readers copy newest first; a slot the writer overwrote
///   meanwhile was evicted, and so was everything older, so the copy stops there. A copy is always a
///   contiguous, in-order run of elements ending with the newest, each exactly as appended.
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
    /// Words per slot: one sequence word, then the element's bytes, rounded up to whole cache lines.
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
        // Slots are whole 64-byte cache lines (or multiples), so an append dirties only its own lines and
        // never one a reader is copying for a neighbouring element.
        self.slotStride = (1 + elementWords + 7) / 8 * 8
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
    @inlinable
    public func latest() -> Element? {
        while true {
            let end = head.load(ordering: .acquiring)
            guard end > 0 else { return nil }
            if let element = read(index: end - 1, slot: Int((end - 1) % UInt64(capacity))) {
                return element
            }
            // The writer lapped this slot while it was copied; the head has moved on. Read the new latest.
        }
    }

    /// A consistent copy of the elements, oldest first: those appended before the call, less any the writer
    /// evicted while the copy was being made.
    @inlinable
    public func all() -> [Element] {
        var result: [Element] = []
        all(into: &result)
        return result
    }

    /// Replaces `buffer`'s contents with ``all()``'s result, reusing its storage (no allocation once it has
    /// grown to `capacity`).
    ///
    /// Inlinable, like the rest of the ring, so that it is specialized for `Element` where it is called:
    /// unspecialized generic code would copy each element through value witnesses, ten times slower.
    @inlinable
    public func all(into buffer: inout [Element]) {
        while true {
            buffer.removeAll(keepingCapacity: true)
            let end = head.load(ordering: .acquiring)
            let start = end - Swift.min(end, UInt64(capacity))
            buffer.reserveCapacity(Int(end - start))
            // Newest first: the writer moves forward through the slots, so a reader moving backward crosses it
            // once instead of chasing it slot by slot (which would fight over every cache line it writes).
            // An element found overwritten means every older one is too: the copy stops there.
            var slot = Int((end &- 1) % UInt64(capacity))
            var index = end
            while index > start {
                index &-= 1
                guard let element = read(index: index, slot: slot) else { break }
                buffer.append(element)
                slot = slot == 0 ? capacity &- 1 : slot &- 1
            }
            buffer.reverse()
            // Only a writer lapping the whole ring during the copy leaves nothing; then copy the new contents.
            if !buffer.isEmpty || end == 0 { return }
        }
    }

    /// The element appended at `index`, held in `slot` (`index % capacity`), or `nil` if the slot has been
    /// (or is being) overwritten by a later element.
    @inlinable @inline(__always)
    func read(index: UInt64, slot: Int) -> Element? {
        let slot = words.base + slot &* slotStride
        let sequence = slot.pointee.load(ordering: .acquiring)
        guard sequence == index &* 2 &+ 2 else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: Swift.max(elementWords, 1)) { copy in
            for word in 0..<elementWords {
                copy[word] = slot[1 &+ word].load(ordering: .relaxed)
            }
            atomicMemoryFence(ordering: .acquiring)
            guard slot.pointee.load(ordering: .relaxed) == sequence else { return nil }
            return UnsafeRawPointer(copy.baseAddress!).loadUnaligned(as: Element.self)
        }
    }
}
