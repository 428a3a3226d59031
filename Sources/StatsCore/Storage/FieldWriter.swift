import Synchronization

/// A direct view of a run of atomic words — a worker's shard of a ``CounterGroup`` or one record of a
/// ``RecordTable`` — for a record path that updates several fields at once: the owner's checks and the address
/// arithmetic are done once when the writer is made, and each update is then a bounds check and a plain load
/// and store (an atomic read-modify-write when the words are shared between writers).
///
/// Use it right away, on the recording thread, while its owner is alive (it points into the owner's memory);
/// it is deliberately not `Sendable`.
public struct FieldWriter {
    @usableFromInline let base: UnsafeMutablePointer<Atomic<UInt64>>
    @usableFromInline let count: Int
    @usableFromInline let shared: Bool

    @usableFromInline
    init(base: UnsafeMutablePointer<Atomic<UInt64>>, count: Int, shared: Bool) {
        self.base = base
        self.count = count
        self.shared = shared
    }

    @inlinable @inline(__always)
    func word(_ field: Int) -> UnsafeMutablePointer<Atomic<UInt64>> {
        precondition(UInt(bitPattern: field) < UInt(bitPattern: count), "field \(field) out of 0..<\(count)")
        return base + field
    }

    /// Adds `amount` to `field` (wrapping).
    @inlinable @inline(__always)
    public func increment(_ field: Int, by amount: UInt64 = 1) {
        word(field).add(amount, shared: shared)
    }

    /// Raises `field` to `value` if larger.
    @inlinable @inline(__always)
    public func recordMaximum(_ field: Int, _ value: UInt64) {
        word(field).raise(to: value, shared: shared)
    }

    /// Replaces `field` with `transform(field)` (see ``RecordHandle/update(_:_:)``).
    @inlinable @inline(__always)
    public func update(_ field: Int, _ transform: (UInt64) -> UInt64) {
        word(field).update(shared: shared, transform)
    }

    /// Replaces `field` with `value` (last writer wins).
    @inlinable @inline(__always)
    public func store(_ field: Int, _ value: UInt64) {
        word(field).pointee.store(value, ordering: .relaxed)
    }
}
