import CPrefetch
import Synchronization

/// One record of a ``RecordTable``: what a worker holds to record into an entity's fields.
///
/// An exclusive handle (`isShared == false`) must be used by one thread at a time; its records are plain loads
/// and stores. A shared handle may be used from any number of threads at once (atomic read-modify-write).
/// Field indexes are checked (a trap on misuse, never a write outside the record).
///
/// A handle is plain data — the record's address, slot and width, 16 bytes; copying it costs no reference
/// counting — and is valid while its table lives (the table owns every chunk until it is deallocated) and until
/// it is released.
///
/// **Why `@unchecked Sendable` is safe.** Its only non-`Sendable` part is the pointer to the record's words,
/// which never changes; every access through it is an atomic load or store (an atomic read-modify-write when
/// shared), and the table keeps the memory alive for as long as a handle may be used.
public struct RecordHandle: @unchecked Sendable, Hashable, BitwiseCopyable {
    /// The record's first word. Its table owns the memory (every chunk lives until the table is deallocated).
    @usableFromInline let base: UnsafeMutablePointer<Atomic<UInt64>>
    @usableFromInline let slotNumber: UInt32
    @usableFromInline let fields: UInt16
    /// Whether several threads may record through this handle at once.
    public let isShared: Bool

    @usableFromInline
    init(base: UnsafeMutablePointer<Atomic<UInt64>>, slot: Int, fields: Int, isShared: Bool) {
        self.base = base
        self.slotNumber = UInt32(slot)
        self.fields = UInt16(fields)
        self.isShared = isShared
    }

    /// The slot number in the table (stable while the record lives; reused after release).
    public var slot: Int { Int(slotNumber) }

    @inlinable @inline(__always)
    func word(_ field: Int) -> UnsafeMutablePointer<Atomic<UInt64>> {
        precondition(UInt(bitPattern: field) < UInt(fields), "record field \(field) out of range")
        return base + field
    }

    /// Starts bringing the cache line of the record's first word into cache for writing, without waiting for it:
    /// a hint for a record that follows soon (its value is unchanged). One `prefetchw` on x86-64.
    @inlinable @inline(__always)
    public func prefetch() {
        statsbench_prefetch_for_write(base)
    }

    /// Adds `amount` to `field` (wrapping).
    @inlinable @inline(__always)
    public func add(_ field: Int, _ amount: UInt64) {
        word(field).add(amount, shared: isShared)
    }

    /// Raises `field` to `value` if larger.
    @inlinable @inline(__always)
    public func recordMaximum(_ field: Int, _ value: UInt64) {
        word(field).raise(to: value, shared: isShared)
    }

    /// Lowers `field` to `value` if smaller. A field used as a minimum starts at 0: store `UInt64.max` into it
    /// first (``store(_:_:)``) or read 0 as "nothing yet".
    @inlinable @inline(__always)
    public func recordMinimum(_ field: Int, _ value: UInt64) {
        word(field).lower(to: value, shared: isShared)
    }

    /// Replaces `field` with `transform(field)`, for a field that packs several figures in one word: a plain
    /// load and store (only when it changes) for an exclusive handle, a compare-and-exchange loop for a shared one
    /// (`transform` must be a pure function of the word: it may run more than once).
    @inlinable @inline(__always)
    public func update(_ field: Int, _ transform: (UInt64) -> UInt64) {
        word(field).update(shared: isShared, transform)
    }

    /// Replaces `field` with `value` (last writer wins: timestamps, "last method").
    @inlinable @inline(__always)
    public func store(_ field: Int, _ value: UInt64) {
        word(field).pointee.store(value, ordering: .relaxed)
    }

    /// The value of `field`.
    @inlinable
    public func load(_ field: Int) -> UInt64 {
        word(field).value
    }

    /// Identity: the same record (of the same table).
    public static func == (left: RecordHandle, right: RecordHandle) -> Bool {
        left.base == right.base
    }

    /// Hashes the record's identity.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(base)
    }
}

extension RecordHandle {
    /// This record's fields as a ``FieldWriter``, for a record path that updates several of them at once.
    @inlinable @inline(__always)
    public func writer() -> FieldWriter {
        FieldWriter(base: base, count: Int(fields), shared: isShared)
    }
}
