/// The server-wide raw statistics at one moment. Durations in seconds; derived figures
/// (uptime, rates, health scores) come from ``ServerAnalytics``.
public struct ServerSnapshot: Sendable, Hashable, Codable {
    /// When the snapshot was taken (the coarse clock's time).
    public var takenAt: StatsTime
    /// When the server started, and how many times it restarted before (from persistence).
    public var serverStartTime: StatsTime
    /// Restarts recorded before this run.
    public var serverRestartCount: UInt64

    /// Connections since start, now, and at most at once.
    public var clientsConnectedTotal, clientsConnectedCurrent, clientsConnectedPeak: UInt64
    /// Disconnections in all and by reason.
    public var clientsDisconnectedTotal, clientsDisconnectedGraceful: UInt64
    /// Disconnections by error and by timeout.
    public var clientsDisconnectedError, clientsDisconnectedTimeout: UInt64
    /// Sum of finished sessions' durations.
    public var connectionDurationTotal: Double
    /// Shortest and longest finished session; `nil` before the first disconnect.
    public var shortestSession, longestSession: Double?

    /// API calls in all, succeeded and failed.
    public var apiCallsTotal, apiCallsSuccess, apiCallsFailure: UInt64
    /// Calls being processed now and the most at once.
    public var apiConcurrentCallsCurrent, apiConcurrentCallsPeak: UInt64
    /// Slowest and fastest call ever; `nil` before the first call.
    public var apiSlowestCall, apiFastestCall: Double?

    /// Events offered, by kind and in all.
    public var serverEventsSent, pieceEventsSent, connectEventsSent, disconnectEventsSent, eventsSentTotal: UInt64
    /// Events dropped by queue overflow, and offers that overflowed.
    public var eventsDroppedTotal, eventQueuesOverflowTotal: UInt64
    /// Queues by health class now (see ``QueueHealth``).
    public var eventQueuesHealthyCount, eventQueuesWarningCount, eventQueuesCriticalCount: UInt64
    /// Delivery attempts (offers) and deliveries to clients.
    public var eventDeliveryAttempts, eventDeliverySuccesses: UInt64

    /// Bytes in all and by purpose.
    public var bytesTransferredTotal, bytesApiRequestsTotal, bytesApiResponsesTotal, bytesEventsTotal: UInt64
    /// Largest request, response and event message.
    public var largestApiRequestBytes, largestApiResponseBytes, largestEventMessageBytes: UInt64

    /// Errors by category.
    public var conversionErrorsTotal, serializationErrorsTotal, networkErrorsTotal, internalErrorsTotal: UInt64
    /// Errors by category (timeouts, client and server errors).
    public var timeoutErrorsTotal, clientErrorsTotal, serverErrorsTotal: UInt64
    /// The most recent error; `nil` before the first.
    public var lastErrorTime: StatsTime?
    /// Seconds since the last error (or the start).
    public var errorFreeDuration: Double
    /// The longest error-free stretch, the current one included.
    public var longestErrorFreePeriod: Double

    /// Subscriptions added in all, active now, at most at once.
    public var pieceSubscriptionsTotal, pieceSubscriptionsActive, pieceSubscriptionsPeak: UInt64
    /// Subscribers of the most-subscribed piece now.
    public var mostSubscribedPieceCount: UInt64
    /// Subscription adds and removes.
    public var subscriptionChangesTotal: UInt64
}
