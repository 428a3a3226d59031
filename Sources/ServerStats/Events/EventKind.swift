/// The kinds of server→client events.
public enum EventKind: UInt8, Sendable, Hashable, Codable, CaseIterable {
    /// A server-wide event.
    case server
    /// An event about a piece the client subscribes to.
    case piece
    /// Another client connected.
    case connect
    /// Another client disconnected.
    case disconnect

    @usableFromInline var serverField: ServerField {
        switch self {
        case .server: return .serverEventsSent
        case .piece: return .pieceEventsSent
        case .connect: return .connectEventsSent
        case .disconnect: return .disconnectEventsSent
        }
    }

    @usableFromInline var clientField: ClientField {
        switch self {
        case .server: return .serverEventsReceived
        case .piece: return .pieceEventsReceived
        case .connect: return .connectEventsReceived
        case .disconnect: return .disconnectEventsReceived
        }
    }
}
