/// The per-client fields of seed 003, as word offsets in a client's ``StatsCore/RecordHandle``.
///
/// Figures derivable from others are not stored: successes (`total − failure`), bytes received
/// (`= bytesApiRequests`), bytes sent (`bytesApiResponses + bytesEvents`) and last activity (the later of the
/// last API call and the last event). Times are ``StatsTime`` nanoseconds; `lastApiMethod` is the method's index + 1 (0 = none);
/// `lastEventKind` is the ``EventKind`` raw value + 1; `fastestKey` holds the complement of the fastest
/// duration's bits, so that it is recorded as a maximum.
@usableFromInline
enum ClientField: Int, CaseIterable {
    case connectedAt
    case apiCallsTotal, apiCallsFailure, lastApiCall, lastApiMethod, slowestKey, fastestKey
    case concurrentCallsCurrent, concurrentCallsPeak
    case eventsSent, eventsDropped, serverEventsReceived, pieceEventsReceived, connectEventsReceived
    case disconnectEventsReceived, lastEventTime, lastEventKind
    /// Under drop-oldest every offer is accepted and each overflow drops exactly one event, so the seed's
    /// offer attempts/successes equal `eventsSent` and its overflow counts equal `eventsDropped`: derived on
    /// read instead of stored (32 bytes less per client).
    case queueSizeCurrent, queueSizePeak, queueConsumerLagNanoseconds, eventsDelivered
    case bytesEvents, bytesApiRequests, bytesApiResponses
    case largestRequestBytes, largestResponseBytes, largestEventBytes
    /// Error counters in ``RequestOutcome`` order (conversion … server).
    case conversionErrors, serializationErrors, networkErrors, internalErrors, timeoutErrors, clientErrors
    case serverErrors
    case lastErrorTime, lastErrorKind
    /// Active subscriptions are `adds − removes`, derived on read.
    case subscriptionAddCount, subscriptionRemoveCount, peakSubscriptionCount
}
