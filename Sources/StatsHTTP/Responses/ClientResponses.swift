import ServerStats

/// `GET /health/clients?limit=&offset=`: one page of the connected clients, ordered by id.
public struct ClientsPageResponse: Codable, Sendable, Hashable {
    /// Clients connected now (all pages).
    public var total: Int
    /// Index of the page's first client in the ordered list.
    public var offset: Int
    /// Most clients a page holds (as asked, default 50, at most 500).
    public var limit: Int
    /// The page: each client's summary.
    public var clients: [ClientSummary]
}

/// The per-client summary, with its field names.
public struct ClientSummary: Codable, Sendable, Hashable {
    /// The client's id.
    public var clientID: String
    /// Hours since it connected.
    public var connectedDurationHours: Double
    /// API calls it made.
    public var apiCalls: UInt64
    /// Events delivered to it.
    public var eventsReceived: UInt64
    /// Its queue's health class.
    public var queueHealth: QueueHealth

    /// The summary of `snapshot` with its derived `analytics`.
    public init(_ snapshot: ClientSnapshot, analytics: ClientAnalytics) {
        clientID = snapshot.clientID
        connectedDurationHours = analytics.connectionDuration / 3600
        apiCalls = snapshot.apiCallsTotal
        eventsReceived = snapshot.eventsDelivered
        queueHealth = analytics.queueHealth
    }
}

/// `GET /health/clients/{id}`: every raw figure of one client and the derived ones.
public struct ClientDetailResponse: Codable, Sendable, Hashable {
    /// The raw figures (``ServerStats/ClientSnapshot``).
    public var client: ClientSnapshot
    /// The derived figures (``ServerStats/ClientAnalytics``).
    public var analytics: ClientAnalytics
}
