/// One client's raw statistics (the per-client fields) at one moment. Durations in seconds, times as
/// ``StatsTime``; derived figures come from ``ClientAnalytics``.
public struct ClientSnapshot: Sendable, Hashable, Codable {
    /// The client's id.
    public var clientID: String
    /// When it connected.
    public var connectedAt: StatsTime
    /// Its most recent API call or event.
    public var lastActivity: StatsTime?
    /// API calls made, succeeded and failed.
    public var apiCallsTotal, apiCallsSuccess, apiCallsFailure: UInt64
    /// Time of the most recent API call, rounded down to a multiple of 1.024 µs (it shares one word of the
    /// client's record with the method).
    public var lastApiCall: StatsTime?
    /// Name of the most recent method called.
    public var lastApiMethod: String?
    /// Slowest and fastest API call (seconds), kept as `Float` (relative error < 6 × 10⁻⁸); `nil` before the
    /// first call.
    public var slowestApiCall, fastestApiCall: Double?
    /// Calls in progress now and the most at once (each up to 2³² − 1).
    public var concurrentApiCallsCurrent, concurrentApiCallsPeak: UInt64
    /// Events offered to the client's queue ("sent"), dropped by overflow, and delivered to the client.
    public var eventsSent, eventsDropped, eventsDelivered: UInt64
    /// Events received, by kind.
    public var serverEventsReceived, pieceEventsReceived, connectEventsReceived, disconnectEventsReceived: UInt64
    /// Time and kind of the most recent event.
    public var lastEventTime: StatsTime?
    /// Kind of the most recent event.
    public var lastEventKind: EventKind?
    /// Queue depth now and at its highest.
    public var queueSizeCurrent, queueSizePeak: UInt64
    /// Offers that found the queue full, and events lost to them (equal under drop-oldest: one each).
    public var queueOverflowCount, queueOverflowEventsDropped: UInt64
    /// Insertions attempted and accepted (equal: drop-oldest accepts every offer).
    public var queueOfferAttempts, queueOfferSuccesses: UInt64
    /// Wait of the most recently delivered event between offer and delivery, in seconds.
    public var queueConsumerLag: Double
    /// Bytes to and from the client, and by purpose.
    public var bytesSent, bytesReceived, bytesEvents, bytesApiRequests, bytesApiResponses: UInt64
    /// Largest request, response and event.
    public var largestRequestBytes, largestResponseBytes, largestEventBytes: UInt64
    /// Failed calls by category.
    public var conversionErrors, serializationErrors, networkErrors, internalErrors, timeoutErrors: UInt64
    /// Failed calls by category (client and server errors).
    public var clientErrors, serverErrors: UInt64
    /// Time of the most recent error.
    public var lastErrorTime: StatsTime?
    /// Category of the most recent error.
    public var lastError: String?
    /// Subscriptions added and removed, active now and most at once.
    public var subscriptionAddCount, subscriptionRemoveCount, activeSubscriptions, peakSubscriptionCount: UInt64
}
