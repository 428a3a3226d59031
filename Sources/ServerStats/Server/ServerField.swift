/// The server-wide counters kept in per-worker shards (a ``StatsCore/CounterGroup``).
///
/// Fields marked *maximum* hold the largest value recorded (merged by `max`, not summed). Figures that are sums
/// or differences of these are derived on read, not recorded: successes (`total − failure`) and bytes
/// transferred (`requests + responses + events`).
/// `apiFastestKey` holds the complement of the fastest duration's bits so that it, too, is a maximum.
@usableFromInline
enum ServerField: Int, CaseIterable {
    case clientsConnectedTotal, clientsDisconnectedTotal
    case clientsDisconnectedGraceful, clientsDisconnectedError, clientsDisconnectedTimeout
    case connectionDurationTotalNanoseconds
    case apiCallsTotal, apiCallsFailure
    case serverEventsSent, pieceEventsSent, connectEventsSent, disconnectEventsSent, eventsSentTotal
    case eventsDroppedTotal, eventQueuesOverflowTotal, eventDeliveryAttempts, eventDeliverySuccesses
    case bytesApiRequestsTotal, bytesApiResponsesTotal, bytesEventsTotal
    case conversionErrors, serializationErrors, networkErrors, internalErrors, timeoutErrors
    case clientErrors, serverErrors
    case pieceSubscriptionsTotal, subscriptionChangesTotal
    /// Maximum fields.
    case largestApiRequestBytes, largestApiResponseBytes, largestEventMessageBytes
    case apiSlowestKey, apiFastestKey
}
