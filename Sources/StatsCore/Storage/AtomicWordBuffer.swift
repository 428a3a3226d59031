import Synchronization

/// A fixed block of zero-initialised 64-bit atomic words, aligned to 128 bytes.
///
/// Every sharded primitive keeps its figures here: shard `s` starts at word `s * shardStride`, and
/// `shardStride` is a multiple of ``AtomicWordBuffer/wordsPerPadding`` so that no two shards share a cache
/// line or an adjacent-line prefetch pair. The block is allocated once, at creation; record paths only do
/// relaxed atomic loads and stores on it.
///
/// This is the one type in StatsCore that is `@unchecked Sendable`: it owns raw memory, which the compiler
/// cannot reason about. It is sound because the pointer never changes after `init`, the memory is freed
/// only in `deinit` (when no reference remains), and every access to it is an atomic operation.
@usableFromInline
final class AtomicWordBuffer: @unchecked Sendable {
    /// Words per 128 bytes: the padding unit between shards (two 64-byte cache lines).
    @usableFromInline static var wordsPerPadding: Int { 16 }

    /// First word of the block.
    @usableFromInline let base: UnsafeMutablePointer<Atomic<UInt64>>

    /// Number of words in the block.
    @usableFromInline let count: Int

    /// Allocates `count` words, each zero, on a 128-byte boundary — with `hugePages`, on whole transparent huge
    /// pages (at least one, starting on one: ``HugePages``), whatever `count` is.
    @usableFromInline
    init(count: Int, hugePages: Bool = false) {
        precondition(count >= 0, "AtomicWordBuffer: negative word count \(count)")
        self.count = count
        let bytes = Swift.max(count, 1) * MemoryLayout<Atomic<UInt64>>.stride
        let raw =
            hugePages
            ? HugePages.allocate(byteCount: Swift.max(bytes, HugePages.pageBytes), alignment: 128)
            : UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 128)
        let words = raw.bindMemory(to: Atomic<UInt64>.self, capacity: Swift.max(count, 1))
        for index in 0..<count {
            (words + index).initialize(to: Atomic(0))
        }
        self.base = words
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    /// Rounds a number of words up to whole 128-byte units, so a shard of that size ends on a padding boundary.
    @usableFromInline
    static func paddedStride(_ words: Int) -> Int {
        let unit = wordsPerPadding
        return Swift.max(1, (words + unit - 1) / unit) * unit
    }
}

extension UnsafeMutablePointer where Pointee == Atomic<UInt64> {
    /// Adds `amount` to the word: a plain load and store when this thread is the word's only writer
    /// (`shared == false`), an atomic read-modify-write otherwise. Both wrap on overflow.
    @inlinable @inline(__always)
    func add(_ amount: UInt64, shared: Bool) {
        if shared {
            pointee.wrappingAdd(amount, ordering: .relaxed)
        } else {
            pointee.store(pointee.load(ordering: .relaxed) &+ amount, ordering: .relaxed)
        }
    }

    /// Adds `amount` to the `Double` whose bit pattern the word holds (single writer: load and store;
    /// shared: compare-and-exchange loop).
    @inlinable @inline(__always)
    func addDouble(_ amount: Double, shared: Bool) {
        if shared {
            var current = pointee.load(ordering: .relaxed)
            while true {
                let next = (Double(bitPattern: current) + amount).bitPattern
                let (exchanged, original) = pointee.weakCompareExchange(
                    expected: current, desired: next, ordering: .relaxed)
                if exchanged { return }
                current = original
            }
        } else {
            let current = Double(bitPattern: pointee.load(ordering: .relaxed))
            pointee.store((current + amount).bitPattern, ordering: .relaxed)
        }
    }

    /// Lowers the word to `value` if `value` is smaller (unsigned comparison).
    @inlinable @inline(__always)
    func lower(to value: UInt64, shared: Bool) {
        var current = pointee.load(ordering: .relaxed)
        guard value < current else { return }
        if !shared {
            pointee.store(value, ordering: .relaxed)
            return
        }
        while value < current {
            let (exchanged, original) = pointee.weakCompareExchange(
                expected: current, desired: value, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }

    /// Raises the word to `value` if `value` is larger (unsigned comparison).
    @inlinable @inline(__always)
    func raise(to value: UInt64, shared: Bool) {
        var current = pointee.load(ordering: .relaxed)
        guard value > current else { return }
        if !shared {
            pointee.store(value, ordering: .relaxed)
            return
        }
        while value > current {
            let (exchanged, original) = pointee.weakCompareExchange(
                expected: current, desired: value, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }

    /// Replaces the word with `transform(word)` — a plain load and store (only when the value changes) for the
    /// word's only writer, a compare-and-exchange loop when shared — for fields that pack several figures in one
    /// word. `transform` must be a pure function of the word (it may run more than once when shared).
    @inlinable @inline(__always)
    func update(shared: Bool, _ transform: (UInt64) -> UInt64) {
        var current = pointee.load(ordering: .relaxed)
        if !shared {
            let next = transform(current)
            if next != current { pointee.store(next, ordering: .relaxed) }
            return
        }
        while true {
            let next = transform(current)
            guard next != current else { return }
            let (exchanged, original) = pointee.weakCompareExchange(
                expected: current, desired: next, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }

    /// The word's value (relaxed load).
    @inlinable @inline(__always)
    var value: UInt64 { pointee.load(ordering: .relaxed) }
}
