import ServerStats
import StatsExport

/// `GET /health`: always open. `status` is `ok` while the server answers.
public struct HealthResponse: Codable, Sendable, Hashable {
    /// `ok`.
    public var status: String
    /// Seconds since the pipeline started (its clock's time minus its start time).
    public var uptimeSeconds: Double
    /// The server's version.
    public var version: String
    /// The simulated load behind the figures (`statsbench serve --scenario`), `null` when there is none.
    public var load: LoadStatus?

    /// Encodes `load` as `null` when there is none.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(status, forKey: .status)
        try container.encode(uptimeSeconds, forKey: .uptimeSeconds)
        try container.encode(version, forKey: .version)
        try container.encode(load, forKey: .load)
    }
}

/// The state of a simulated load feeding the pipeline.
public struct LoadStatus: Codable, Sendable, Hashable {
    /// The scenario's name.
    public var scenario: String
    /// True while the load is generating requests; false once it finished its runs or was stopped.
    public var running: Bool
    /// Runs of the scenario completed so far.
    public var runsCompleted: Int

    /// Creates a status.
    public init(scenario: String, running: Bool, runsCompleted: Int) {
        self.scenario = scenario
        self.running = running
        self.runsCompleted = runsCompleted
    }
}

/// `GET /health/server`: the server summary, the raw server-wide figures and the derived ones, all from one snapshot
/// taken for this request.
public struct ServerHealthResponse: Codable, Sendable, Hashable {
    /// The server summary.
    public var server: ServerSummary
    /// Every raw server-wide figure (durations in seconds; times as `{"nanoseconds-since-epoch": N}`).
    public var statistics: ServerSnapshot
    /// The derived figures (``ServerStats/ServerAnalytics``).
    public var analytics: ServerAnalytics
    /// How stats file writes and state saves went since start (`null` when the server writes neither).
    public var persistence: PersistenceCounts?

    /// Encodes `persistence` as `null` when there is none.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(server, forKey: .server)
        try container.encode(statistics, forKey: .statistics)
        try container.encode(analytics, forKey: .analytics)
        try container.encode(persistence, forKey: .persistence)
    }
}

/// The server summary, with its field names.
public struct ServerSummary: Codable, Sendable, Hashable {
    /// Uptime in hours.
    public var uptimeHours: Double
    /// Clients connected now.
    public var clientsConnected: UInt64
    /// Most clients connected at once.
    public var clientsPeak: UInt64
    /// API calls since start.
    public var apiCallsTotal: UInt64
    /// Successful / all API calls (1 with none).
    public var apiSuccessRate: Double
    /// Events offered to client queues.
    public var eventsSent: UInt64
    /// Bytes transferred in GB (10^9 bytes).
    public var bytesTransferredGB: Double
    /// The composite health score in 0...1.
    public var healthScore: Double

    /// The summary of `snapshot` with its derived `analytics`.
    public init(_ snapshot: ServerSnapshot, analytics: ServerAnalytics) {
        uptimeHours = analytics.uptimeSeconds / 3600
        clientsConnected = snapshot.clientsConnectedCurrent
        clientsPeak = snapshot.clientsConnectedPeak
        apiCallsTotal = snapshot.apiCallsTotal
        apiSuccessRate = analytics.apiSuccessRate
        eventsSent = snapshot.eventsSentTotal
        bytesTransferredGB = Double(snapshot.bytesTransferredTotal) / 1e9
        healthScore = analytics.healthScore
    }
}
