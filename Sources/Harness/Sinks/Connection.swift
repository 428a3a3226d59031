import StatsCore

/// One client connection as the driver keeps it: a cache line per client slot (64 bytes, aligned).
///
/// A server reads a request off the connection it arrived on before it records anything, so the connection's
/// memory is in cache when the statistics are written — and a server keeps what it needs per connection (such
/// as the handle of the client's statistics record) in that connection. The driver models both: it prefetches
/// the connection of the request sixteen ahead (``ReadAhead/distance``: the network read that lands
/// before the handler runs), tells the sink of the request eight ahead (``Sink/prepare(connection:worker:)``, by
/// when the connection is in cache: a sink may start loading its own state for that request, as a server can
/// between reading a request and handling it), and for every request, whatever the sink, it writes the
/// connection's own fields (``requests``, ``lastStartNanoseconds``) before it calls the sink; when a call ends
/// it counts it (``callsEnded``). That work is part of the `none` sink's run too, so a sink's overhead does not
/// include the connection's cache miss — but it does include every miss on the sink's own memory it does not
/// prefetch (and the competition of its misses with the connections' prefetches for the memory system, which
/// the `none` run does not have). A sink may keep up to ``sinkStateBytes`` of its own per-connection state in
/// the line (``Sink/connect(slot:connection:)`` writes it, the record path reads it).
///
/// Written only by the worker a slot is pinned to (``ClientPinning``) and by the control plane while the workers
/// are parked; with fewer clients than workers (slots shared) the driver does not write it during a run.
public struct Connection {
    /// Requests the driver handed to the sink on this connection (every client that held the slot).
    public var requests: UInt64
    /// The intended start of the last of them, in simulated nanoseconds.
    public var lastStartNanoseconds: UInt64
    /// Calls that ended on this connection.
    public var callsEnded: UInt64
    /// The sink's words (``sinkStateBytes`` bytes), zero until the sink writes them.
    var sinkState: (UInt64, UInt64, UInt64, UInt64, UInt64)

    /// Bytes a sink may keep per connection.
    public static var sinkStateBytes: Int { 40 }
    /// Where the sink's words start in the line.
    @usableFromInline static var sinkStateOffset: Int { 24 }
}

extension UnsafeMutablePointer where Pointee == Connection {
    /// Stores `value` (at most ``Connection/sinkStateBytes`` bytes, alignment ≤ 8) as the sink's per-connection
    /// state. Traps on a larger value.
    @inlinable @inline(__always)
    public func storeSinkState<T: BitwiseCopyable>(_ value: T) {
        precondition(
            MemoryLayout<T>.size <= Connection.sinkStateBytes && MemoryLayout<T>.alignment <= 8,
            "a connection keeps at most \(Connection.sinkStateBytes) bytes for its sink")
        UnsafeMutableRawPointer(self).storeBytes(of: value, toByteOffset: Connection.sinkStateOffset, as: T.self)
    }

    /// The sink's per-connection state stored by ``storeSinkState(_:)`` as `T`.
    @inlinable @inline(__always)
    public func sinkState<T: BitwiseCopyable>(as type: T.Type) -> T {
        UnsafeRawPointer(self).load(fromByteOffset: Connection.sinkStateOffset, as: T.self)
    }
}

/// The driver's connections, one ``Connection`` per client slot, zeroed, each on its own cache line.
///
/// A table of 2 MiB or more (32,768 slots) is on transparent huge pages (``StatsCore/HugePages``): with a
/// 4 KiB page per 64 connections, the read-ahead of uniformly random clients missed the TLB on nearly every
/// request at 1 M clients, and the page walk held up the prefetch that was meant to hide the miss.
final class ConnectionTable: @unchecked Sendable {
    let base: UnsafeMutablePointer<Connection>
    let count: Int

    init(slots: Int) {
        count = max(1, slots)
        let bytes = count * 64
        let raw = HugePages.allocate(byteCount: bytes, alignment: 64)
        raw.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
        base = raw.bindMemory(to: Connection.self, capacity: count)
    }

    deinit { base.deallocate() }

    /// The connection of `slot`.
    @inline(__always)
    subscript(slot: Int) -> UnsafeMutablePointer<Connection> { base + slot }

    /// The requests counted over every connection.
    var requests: UInt64 { (0..<count).reduce(0) { $0 &+ base[$1].requests } }
    /// The calls ended over every connection.
    var callsEnded: UInt64 { (0..<count).reduce(0) { $0 &+ base[$1].callsEnded } }
}
