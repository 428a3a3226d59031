import StatsCore

/// What a worker holds for a connected client: a direct reference to the client's statistics record.
///
/// Recording through it touches only that record (no lookup by id). An exclusive handle — the default, for a
/// client served by one worker at a time, like a connection bound to one event loop — records with plain loads
/// and stores; a handle made with `sharedAcrossWorkers: true` records with atomic read-modify-write.
public struct ClientHandle: Sendable, Hashable, BitwiseCopyable {
    @usableFromInline let record: RecordHandle

    @usableFromInline init(record: RecordHandle) { self.record = record }

    /// The client's slot in the registry (reused after it disconnects).
    public var slot: Int { record.slot }

    /// Starts loading the line of the client's record that a request writes (its first cache line: calls,
    /// failures, bytes, last activity …) into cache, without waiting: a hint for a request of this client that
    /// will be recorded soon, as a server can give once it has read the request off the connection and before
    /// its handler runs. No figure changes. Costs one prefetch instruction; useful when clients are too many
    /// for their records to stay in cache (hundreds of thousands).
    @inlinable @inline(__always)
    public func prefetch() { record.prefetch() }

    @inlinable @inline(__always)
    func add(_ field: ClientField, _ amount: UInt64 = 1) { record.add(field.rawValue, amount) }

    @inlinable @inline(__always)
    func store(_ field: ClientField, _ value: UInt64) { record.store(field.rawValue, value) }

    @inlinable @inline(__always)
    func raise(_ field: ClientField, _ value: UInt64) { record.recordMaximum(field.rawValue, value) }

    func load(_ field: ClientField) -> UInt64 { record.load(field.rawValue) }
}

/// Why a client went away: the three disconnect categories the per-client statistics count.
public enum DisconnectReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// A clean close.
    case graceful
    /// The connection failed.
    case error
    /// The client stopped answering.
    case timeout
}
