/// The per-client fields of seed 003, as word offsets in a client's ``StatsCore/RecordHandle``.
///
/// Times are ``StatsTime`` nanoseconds; `lastApiMethod` is the method's index + 1 (0 = none);
/// `lastEventKind` is the ``EventKind`` raw value + 1; `fastestKey` holds the complement of the fastest
/// duration's bits, so that it is recorded as a maximum.
@usableFromInline
enum ClientField: Int, CaseIterable {
    case connectedAt, lastActivity
    case apiCallsTotal, apiCallsSuccess, apiCallsFailure, lastApiCall, lastApiMethod, slowestKey, fastestKey
    case concurrentCallsCurrent, concurrentCallsPeak
    case eventsSent, eventsDropped, serverEventsReceived, pieceEventsReceived, connectEventsReceived
    case disconnectEventsReceived, lastEventTime, lastEventKind
    /// Under drop-oldest every offer is accepted and each overflow drops exactly one event, so the seed's
    /// offer attempts/successes equal `eventsSent` and its overflow counts equal `eventsDropped`: derived on
    /// read instead of stored (32 bytes less per client).
    case queueSizeCurrent, queueSizePeak, queueConsumerLagNanoseconds, eventsDelivered
    case bytesSent, bytesReceived, bytesEvents, bytesApiRequests, bytesApiResponses
    case largestRequestBytes, largestResponseBytes, largestEventBytes
    /// Error counters in ``RequestOutcome`` order (conversion … server).
    case conversionErrors, serializationErrors, networkErrors, internalErrors, timeoutErrors, clientErrors
    case serverErrors
    case lastErrorTime, lastErrorKind
    /// Active subscriptions are `adds − removes`, derived on read.
    case subscriptionAddCount, subscriptionRemoveCount, peakSubscriptionCount
}
