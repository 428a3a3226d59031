/// The per-client fields of seed 003, as word offsets in a client's ``StatsCore/RecordHandle``.
///
/// The first eight — everything ``StatsPipeline/recordRequest(method:seconds:requestBytes:responseBytes:outcome:client:worker:)``
/// touches on a successful call — share the record's first 64-byte line (``RecordTable`` starts every record on
/// a line), so a request costs one line of the client's record however many clients there are. The other 32
/// fields fill four more lines: 40 words, 320 bytes a client.
///
/// Figures derivable from others are not stored: successes (`total − failure`), bytes received
/// (`= bytesApiRequests`), bytes sent (`bytesApiResponses + bytesEvents`) and last activity (the later of the
/// last API call and the last event). Times are ``StatsTime`` nanoseconds; `lastEventKind` is the ``EventKind``
/// raw value + 1; `fastestKey` holds the complement of the fastest duration's bits, so that it is recorded as a
/// maximum; `lastApiCall` packs the call's time and method (``LastCall``).
@usableFromInline
enum ClientField: Int, CaseIterable {
    // The request line (words 0–7).
    case apiCallsTotal, bytesApiRequests, bytesApiResponses, largestRequestBytes, largestResponseBytes
    case slowestKey, fastestKey, lastApiCall
    // Everything else.
    case connectedAt, apiCallsFailure
    case concurrentCallsCurrent, concurrentCallsPeak
    case eventsSent, eventsDropped, serverEventsReceived, pieceEventsReceived, connectEventsReceived
    case disconnectEventsReceived, lastEventTime, lastEventKind
    /// Under drop-oldest every offer is accepted and each overflow drops exactly one event, so the seed's
    /// offer attempts/successes equal `eventsSent` and its overflow counts equal `eventsDropped`: derived on
    /// read instead of stored (32 bytes less per client).
    case queueSizeCurrent, queueSizePeak, queueConsumerLagNanoseconds, eventsDelivered
    case bytesEvents
    case largestEventBytes
    /// Error counters in ``RequestOutcome`` order (conversion … server).
    case conversionErrors, serializationErrors, networkErrors, internalErrors, timeoutErrors, clientErrors
    case serverErrors
    case lastErrorTime, lastErrorKind
    /// Active subscriptions are `adds − removes`, derived on read.
    case subscriptionAddCount, subscriptionRemoveCount, peakSubscriptionCount

    /// Fields on the record's first line: the ones a successful request touches.
    static var requestLine: Int { 8 }
}

/// The last API call's time and method in one word, so that a request stores both with one store (and a
/// reader never sees one call's time with another call's method): bits 12–63 hold the time in units of
/// 1024 ns (enough until the year 2116), bits 0–11 the method's index + 1 (0: no call yet), which is why a
/// ``MethodTable`` holds at most ``MethodTable/maximumCount`` methods. The time reads back rounded down to a
/// multiple of 1.024 µs.
@usableFromInline
enum LastCall {
    @usableFromInline static var methodBits: UInt64 { 12 }
    @usableFromInline static var timeShift: UInt64 { 10 }

    /// The word for a call to method `index` at `nanoseconds`.
    @inlinable @inline(__always)
    static func pack(nanoseconds: UInt64, methodIndex: Int) -> UInt64 {
        (nanoseconds &>> timeShift) &<< methodBits | UInt64(truncatingIfNeeded: methodIndex &+ 1)
    }

    /// The call's time in nanoseconds since the epoch (rounded down to 1024 ns), or `nil` for no call yet.
    static func nanoseconds(_ word: UInt64) -> UInt64? {
        word == 0 ? nil : (word &>> methodBits) &<< timeShift
    }

    /// The method's index, or `nil` for no call yet.
    static func methodIndex(_ word: UInt64) -> Int? {
        let stored = Int(word & ((1 << methodBits) - 1))
        return stored == 0 ? nil : stored - 1
    }
}
