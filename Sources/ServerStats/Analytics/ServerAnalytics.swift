/// The derived server figures: pure functions of a ``ServerSnapshot``, computed when read.
///
/// Every ratio with a zero denominator is defined (documented per figure) rather than NaN.
public struct ServerAnalytics: Sendable, Hashable, Codable {
    /// `takenAt − serverStartTime`, in seconds (never negative).
    public var uptimeSeconds: Double
    /// `apiCallsSuccess / apiCallsTotal`; 1 when there were no calls (nothing failed).
    public var apiSuccessRate: Double
    /// `apiSlowestCall − apiFastestCall` in seconds; 0 before the first call.
    public var responseTimeRange: Double
    /// `(eventsSentTotal − eventsDroppedTotal) / eventsSentTotal`; 1 when no event was sent.
    public var eventDeliveryReliability: Double
    /// `apiCallsTotal / uptime hours`; 0 when the uptime is zero.
    public var apiCallsPerHour: Double
    /// `subscriptionChangesTotal / uptime hours`; 0 when the uptime is zero.
    public var subscriptionChurnPerHour: Double
    /// Share of queues not critical, warnings counting half: `(healthy + warning / 2) / all`; 1 with no queue.
    public var queueHealthScore: Double
    /// The composite health score in 0...1 (see ``init(_:)`` for the formula).
    public var healthScore: Double

    /// Derives every figure from `snapshot`.
    ///
    /// Health score = 0.4 × apiSuccessRate + 0.3 × eventDeliveryReliability + 0.3 × queueHealthScore: the share
    /// of calls that succeed, of events that arrive, and of queues keeping up, weighted towards the calls.
    public init(_ snapshot: ServerSnapshot) {
        uptimeSeconds = max(0, snapshot.takenAt.seconds(since: snapshot.serverStartTime))
        apiSuccessRate = Self.ratio(snapshot.apiCallsSuccess, snapshot.apiCallsTotal, empty: 1)
        responseTimeRange = Self.range(slowest: snapshot.apiSlowestCall, fastest: snapshot.apiFastestCall)
        eventDeliveryReliability = Self.reliability(
            sent: snapshot.eventsSentTotal, dropped: snapshot.eventsDroppedTotal)
        let hours = uptimeSeconds / 3600
        apiCallsPerHour = hours > 0 ? Double(snapshot.apiCallsTotal) / hours : 0
        subscriptionChurnPerHour = hours > 0 ? Double(snapshot.subscriptionChangesTotal) / hours : 0
        let queues =
            snapshot.eventQueuesHealthyCount + snapshot.eventQueuesWarningCount
            + snapshot.eventQueuesCriticalCount
        queueHealthScore =
            queues == 0
            ? 1
            : (Double(snapshot.eventQueuesHealthyCount) + Double(snapshot.eventQueuesWarningCount) / 2) / Double(queues)
        healthScore = 0.4 * apiSuccessRate + 0.3 * eventDeliveryReliability + 0.3 * queueHealthScore
    }

    /// `part / whole`, or `empty` when `whole` is zero.
    static func ratio(_ part: UInt64, _ whole: UInt64, empty: Double) -> Double {
        whole == 0 ? empty : Double(part) / Double(whole)
    }

    /// `slowest − fastest`, or 0 before the first call.
    static func range(slowest: Double?, fastest: Double?) -> Double {
        guard let slowest, let fastest else { return 0 }
        return slowest - fastest
    }

    /// `(sent − dropped) / sent`, or 1 when nothing was sent.
    static func reliability(sent: UInt64, dropped: UInt64) -> Double {
        ratio(sent &- min(dropped, sent), sent, empty: 1)
    }
}

/// The derived per-client figures: pure functions of a ``ClientSnapshot`` and the time of reading.
public struct ClientAnalytics: Sendable, Hashable, Codable {
    /// `apiCallsSuccess / apiCallsTotal`; 1 with no calls.
    public var apiSuccessRate: Double
    /// `slowest − fastest` call in seconds; 0 before the first call.
    public var responseTimeRange: Double
    /// `(eventsSent − eventsDropped) / eventsSent`; 1 when no event was sent.
    public var eventDeliveryReliability: Double
    /// `now − connectedAt` in seconds.
    public var connectionDuration: Double
    /// API calls per second of connection; 0 for a zero-length connection.
    public var apiCallFrequency: Double
    /// Events delivered per second of connection; 0 for a zero-length connection.
    public var eventConsumptionRate: Double
    /// The queue's health class for a queue of `queueCapacity`.
    public var queueHealth: QueueHealth

    /// Derives the figures of `snapshot` at `now` for a queue of `queueCapacity` events.
    public init(_ snapshot: ClientSnapshot, now: StatsTime, queueCapacity: Int) {
        apiSuccessRate = ServerAnalytics.ratio(snapshot.apiCallsSuccess, snapshot.apiCallsTotal, empty: 1)
        responseTimeRange = ServerAnalytics.range(slowest: snapshot.slowestApiCall, fastest: snapshot.fastestApiCall)
        eventDeliveryReliability = ServerAnalytics.reliability(
            sent: snapshot.eventsSent, dropped: snapshot.eventsDropped)
        connectionDuration = max(0, now.seconds(since: snapshot.connectedAt))
        apiCallFrequency = connectionDuration > 0 ? Double(snapshot.apiCallsTotal) / connectionDuration : 0
        eventConsumptionRate = connectionDuration > 0 ? Double(snapshot.eventsDelivered) / connectionDuration : 0
        queueHealth = QueueHealth(depth: snapshot.queueSizeCurrent, capacity: queueCapacity)
    }
}
