/// The figures one worker (or all together) recorded: the per-worker statistics of a stats interval.
public struct WorkerFigures: Sendable, Hashable, Codable {
    /// API calls handled.
    public var apiCalls: UInt64 = 0
    /// API calls that failed.
    public var apiFailures: UInt64 = 0
    /// Bytes received in API requests.
    public var bytesReceived: UInt64 = 0
    /// Bytes sent in API responses and events.
    public var bytesSent: UInt64 = 0
    /// Events offered to client queues.
    public var eventsSent: UInt64 = 0
    /// Events dropped by queue overflow.
    public var eventsDropped: UInt64 = 0
    /// Events delivered to clients.
    public var eventsDelivered: UInt64 = 0
    /// Clients connected.
    public var clientsConnected: UInt64 = 0
    /// Clients disconnected.
    public var clientsDisconnected: UInt64 = 0

    /// All zero.
    public init() {}

    /// Reads the figures from one shard's server counters (indexed by `ServerField`).
    init(counters: [UInt64]) {
        func value(_ field: ServerField) -> UInt64 { counters[field.rawValue] }
        apiCalls = value(.apiCallsTotal)
        apiFailures = value(.apiCallsFailure)
        bytesReceived = value(.bytesApiRequestsTotal)
        bytesSent = value(.bytesApiResponsesTotal) &+ value(.bytesEventsTotal)
        eventsSent = value(.eventsSentTotal)
        eventsDropped = value(.eventsDroppedTotal)
        eventsDelivered = value(.eventDeliverySuccesses)
        clientsConnected = value(.clientsConnectedTotal)
        clientsDisconnected = value(.clientsDisconnectedTotal)
    }

    /// Field by field `self − earlier` (wrapping, as the counters do).
    func subtracting(_ earlier: WorkerFigures) -> WorkerFigures {
        var result = WorkerFigures()
        result.apiCalls = apiCalls &- earlier.apiCalls
        result.apiFailures = apiFailures &- earlier.apiFailures
        result.bytesReceived = bytesReceived &- earlier.bytesReceived
        result.bytesSent = bytesSent &- earlier.bytesSent
        result.eventsSent = eventsSent &- earlier.eventsSent
        result.eventsDropped = eventsDropped &- earlier.eventsDropped
        result.eventsDelivered = eventsDelivered &- earlier.eventsDelivered
        result.clientsConnected = clientsConnected &- earlier.clientsConnected
        result.clientsDisconnected = clientsDisconnected &- earlier.clientsDisconnected
        return result
    }

    /// Field by field sum (wrapping).
    static func + (left: WorkerFigures, right: WorkerFigures) -> WorkerFigures {
        var result = left
        result.apiCalls &+= right.apiCalls
        result.apiFailures &+= right.apiFailures
        result.bytesReceived &+= right.bytesReceived
        result.bytesSent &+= right.bytesSent
        result.eventsSent &+= right.eventsSent
        result.eventsDropped &+= right.eventsDropped
        result.eventsDelivered &+= right.eventsDelivered
        result.clientsConnected &+= right.clientsConnected
        result.clientsDisconnected &+= right.clientsDisconnected
        return result
    }
}
