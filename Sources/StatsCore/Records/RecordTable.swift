import Synchronization

/// A table of fixed-width records of atomic words — one record per entity (a client, a queue) — whose slots
/// are reused when an entity goes away.
///
/// Records live in chunks of ``chunkSize`` allocated on demand (on the cold allocate path), so a table holds
/// a million clients without reserving memory for them up front. A table made with `largeChunksAfter: n`
/// allocates its records beyond the first `n` in large chunks (``largeChunkSize`` records: whole huge pages,
/// at least ``largeChunkFactor`` small chunks), aligned to and advised for transparent huge pages: at a million
/// records the record path then jumps between a few hundred huge pages rather than tens of thousands of small
/// ones, and misses the TLB far less (each miss costs a page walk, twice over in a virtual machine). A record takes ``recordStride`` words:
/// `fieldsPerRecord` rounded up to a whole number of 64-byte cache lines, and every record starts on a line, so
/// fields `0 ..< 8` — a record path's hot fields, by convention — share one line, which is the only line a
/// record path touches when its fields are there (one cache miss per record at scale, not three).
///
/// A ``RecordHandle`` holds the address of its record's first word: recording through it is a plain load and
/// store when the handle is exclusive (one writer, e.g. a connection served by one event loop), an atomic
/// read-modify-write when shared, with no load of a chunk or table on the way. No lock, no allocation, no
/// clock read.
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
    /// Words a record takes: ``fieldsPerRecord`` rounded up to whole 64-byte lines (8 words).
    public let recordStride: Int
    /// Records per chunk (per small chunk, when the table has large ones).
    public let chunkSize: Int
    /// Small chunks before the large, huge-page ones (`Int.max`: none large).
    public let smallChunks: Int
    /// Records per large chunk: as many as fill the whole huge pages that ``largeChunkFactor`` small chunks
    /// need. (Eight small chunks of 320-byte records are 2.5 MiB: a chunk of exactly that many left its last
    /// fifth on small pages.)
    public let largeChunkSize: Int

    /// Records per large chunk at least, in small chunks.
    public static let largeChunkFactor = 8

    /// The largest chunk size a table takes (2^20 records a chunk).
    public static var maximumChunkSize: Int { 1 << 20 }

    /// Words per 64-byte cache line.
    public static let wordsPerLine = 8

    private let state: Mutex<State>

    private struct State {
        var chunks: [RecordChunk] = []
        var free: [Int] = []
        /// Per slot: whether it is on the free list (so a double release is caught in O(1)).
        var isFree: [Bool] = []
        var next = 0
        var live = 0
    }

    /// Creates an empty table of records with `fieldsPerRecord` words, allocated `chunkSize` at a time — after
    /// the first `largeChunksAfter` records (rounded up to whole chunks), ``largeChunkSize`` at a time, on
    /// transparent huge pages. `nil`: small chunks only.
    public init(fieldsPerRecord: Int, chunkSize: Int = 1024, largeChunksAfter: Int? = nil) {
        precondition(
            fieldsPerRecord >= 1 && fieldsPerRecord <= Int(UInt16.max),
            "RecordTable needs 1 ... \(UInt16.max) fields per record, got \(fieldsPerRecord)")
        precondition(
            chunkSize >= 1 && chunkSize <= Self.maximumChunkSize,
            "RecordTable chunk size must be 1 ... \(Self.maximumChunkSize), got \(chunkSize)")
        self.fieldsPerRecord = fieldsPerRecord
        self.recordStride = (fieldsPerRecord + Self.wordsPerLine - 1) / Self.wordsPerLine * Self.wordsPerLine
        self.chunkSize = chunkSize
        precondition((largeChunksAfter ?? 0) >= 0, "RecordTable: largeChunksAfter must not be negative")
        self.smallChunks = largeChunksAfter.map { ($0 + chunkSize - 1) / chunkSize } ?? Int.max
        let recordBytes = recordStride * MemoryLayout<UInt64>.stride
        let leastBytes = chunkSize * Self.largeChunkFactor * recordBytes  // ≤ 2^20 · 8 · 2^19: no overflow
        let chunkBytes = HugePages.allocatedBytes(for: Swift.max(leastBytes, HugePages.pageBytes))
        self.largeChunkSize = Swift.max(1, chunkBytes / recordBytes)
        self.state = Mutex(State())
    }

    /// Takes a zeroed record (a recycled slot if any, else a new one; a new chunk when the last is full).
    public func allocate(shared: Bool) -> RecordHandle {
        state.withLock { state in
            let slot: Int
            precondition(state.next < Int(UInt32.max) || !state.free.isEmpty, "RecordTable: more than 2^32 − 1 records")
            if let recycled = state.free.popLast() {
                slot = recycled
                state.isFree[slot] = false
            } else {
                slot = state.next
                state.next += 1
                state.isFree.append(false)
                let (chunk, _) = locate(slot)
                if chunk == state.chunks.count {
                    let large = chunk >= smallChunks
                    state.chunks.append(
                        RecordChunk(
                            records: large ? largeChunkSize : chunkSize, stride: recordStride,
                            hugePages: large))
                }
            }
            state.live += 1
            let (chunk, record) = locate(slot)
            return RecordHandle(
                base: state.chunks[chunk].word(record, 0), slot: slot, fields: fieldsPerRecord, isShared: shared)
        }
    }

    /// Zeroes the record and makes its slot available again. The handle must not be used afterwards.
    public func release(_ handle: RecordHandle) {
        state.withLock { state in
            precondition(
                handle.slot < state.next && address(of: handle.slot, in: state.chunks) == handle.base,
                "RecordTable.release: the handle belongs to another table")
            precondition(!state.isFree[handle.slot], "RecordTable.release: slot \(handle.slot) released twice")
            for field in 0..<fieldsPerRecord {
                (handle.base + field).pointee.store(0, ordering: .relaxed)
            }
            state.free.append(handle.slot)
            state.isFree[handle.slot] = true
            state.live -= 1
        }
    }

    /// Number of records in use.
    public var liveRecords: Int { state.withLock { $0.live } }

    /// Bytes of record storage allocated (all chunks, used or not; ``recordStride`` words a record).
    public var allocatedBytes: Int {
        state.withLock { $0.chunks.reduce(0) { $0 + $1.records } } * recordStride * 8
    }

    /// The chunk and the record in it of `slot`.
    private func locate(_ slot: Int) -> (chunk: Int, record: Int) {
        let small = smallChunks == Int.max ? Int.max : smallChunks * chunkSize
        guard slot >= small else { return (slot / chunkSize, slot % chunkSize) }
        let large = largeChunkSize
        return (smallChunks + (slot - small) / large, (slot - small) % large)
    }

    private func address(of slot: Int, in chunks: [RecordChunk]) -> UnsafeMutablePointer<Atomic<UInt64>> {
        let (chunk, record) = locate(slot)
        return chunks[chunk].word(record, 0)
    }
}

/// Storage of ``RecordTable/chunkSize`` records of `stride` words each (the buffer starts on a 128-byte
/// boundary and the stride is whole lines, so every record starts on a line).
final class RecordChunk: Sendable {
    let words: AtomicWordBuffer
    let stride: Int
    let records: Int

    init(records: Int, stride: Int, hugePages: Bool = false) {
        self.stride = stride
        self.records = records
        self.words = AtomicWordBuffer(count: records * stride, hugePages: hugePages)
    }

    func word(_ record: Int, _ field: Int) -> UnsafeMutablePointer<Atomic<UInt64>> {
        words.base + (record * stride + field)
    }
}
