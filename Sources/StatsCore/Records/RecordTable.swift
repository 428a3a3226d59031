import Synchronization

/// A table of fixed-width records of atomic words — one record per entity (a client, a queue) — whose slots
/// are reused when an entity goes away.
///
/// Records live in chunks of ``chunkSize`` allocated on demand (on the cold allocate path), so a table holds
/// a million clients without reserving memory for them up front, and a record costs exactly
/// `fieldsPerRecord × 8` bytes. A ``RecordHandle`` points straight into its chunk: recording through it is a
/// plain load and store when the handle is exclusive (one writer, e.g. a connection served by one event loop),
/// an atomic read-modify-write when shared. No lock, no allocation, no clock read.
///
/// ```swift
/// let clients = RecordTable(fieldsPerRecord: 8)
/// let handle = clients.allocate(shared: false)
/// handle.add(0, 1)            // field 0 += 1
/// clients.release(handle)     // zeroes the record and recycles its slot
/// ```
public final class RecordTable: Sendable {
    /// Words (fields) per record.
    public let fieldsPerRecord: Int
    /// Records per chunk.
    public let chunkSize: Int

    private let state: Mutex<State>

    private struct State {
        var chunks: [RecordChunk] = []
        var free: [Int] = []
        /// Per slot: whether it is on the free list (so a double release is caught in O(1)).
        var isFree: [Bool] = []
        var next = 0
        var live = 0
    }

    /// Creates an empty table of records with `fieldsPerRecord` words, allocated `chunkSize` at a time.
    public init(fieldsPerRecord: Int, chunkSize: Int = 1024) {
        precondition(fieldsPerRecord >= 1, "RecordTable needs at least one field per record")
        precondition(chunkSize >= 1, "RecordTable chunk size must be positive")
        self.fieldsPerRecord = fieldsPerRecord
        self.chunkSize = chunkSize
        self.state = Mutex(State())
    }

    /// Takes a zeroed record (a recycled slot if any, else a new one; a new chunk when the last is full).
    public func allocate(shared: Bool) -> RecordHandle {
        state.withLock { state in
            let slot: Int
            if let recycled = state.free.popLast() {
                slot = recycled
                state.isFree[slot] = false
            } else {
                slot = state.next
                state.next += 1
                state.isFree.append(false)
                if slot / chunkSize == state.chunks.count {
                    state.chunks.append(RecordChunk(records: chunkSize, fields: fieldsPerRecord))
                }
            }
            state.live += 1
            let chunk = state.chunks[slot / chunkSize]
            return RecordHandle(chunk: chunk, record: slot % chunkSize, slot: slot, isShared: shared)
        }
    }

    /// Zeroes the record and makes its slot available again. The handle must not be used afterwards.
    public func release(_ handle: RecordHandle) {
        state.withLock { state in
            precondition(
                handle.slot < state.next && state.chunks[handle.slot / chunkSize] === handle.chunk,
                "RecordTable.release: the handle belongs to another table")
            precondition(!state.isFree[handle.slot], "RecordTable.release: slot \(handle.slot) released twice")
            for field in 0..<fieldsPerRecord {
                handle.chunk.word(handle.record, field).pointee.store(0, ordering: .relaxed)
            }
            state.free.append(handle.slot)
            state.isFree[handle.slot] = true
            state.live -= 1
        }
    }

    /// Number of records in use.
    public var liveRecords: Int { state.withLock { $0.live } }

    /// Bytes of record storage allocated (all chunks, used or not).
    public var allocatedBytes: Int {
        state.withLock { $0.chunks.count } * chunkSize * fieldsPerRecord * 8
    }
}

/// Storage of ``RecordTable/chunkSize`` records.
@usableFromInline
final class RecordChunk: Sendable {
    @usableFromInline let words: AtomicWordBuffer
    @usableFromInline let fields: Int

    init(records: Int, fields: Int) {
        self.fields = fields
        self.words = AtomicWordBuffer(count: records * fields)
    }

    @inlinable @inline(__always)
    func word(_ record: Int, _ field: Int) -> UnsafeMutablePointer<Atomic<UInt64>> {
        words.base + (record &* fields &+ field)
    }
}
