/// The per-client fields, as word offsets in a client's ``StatsCore/RecordHandle``.
///
/// The first eight — everything ``StatsPipeline/recordRequest(method:seconds:requestBytes:responseBytes:outcome:client:worker:)``,
/// ``StatsPipeline/beginCall(client:)`` and ``StatsPipeline/endCall(client:)`` touch for a successful call —
/// share the record's first 64-byte line (``RecordTable`` starts every record on a line), so a call costs one
/// line of the client's record however many clients there are. The other fields fill four more lines: 40 words
/// (with two spare), 320 bytes a client.
///
/// Figures derivable from others are not stored: successes (`total − failure`), bytes received
/// (`= bytesApiRequests`), bytes sent (`bytesApiResponses + bytesEvents`) and last activity (the later of the
/// last API call and the last event). Times are ``StatsTime`` nanoseconds; `lastEventKind` is the ``EventKind``
/// raw value + 1; `fastestKey` holds the complement of the fastest duration's bits, so that it is recorded as a
/// maximum; `lastApiCall` packs the call's time and method (``LastCall``), `extremes` the slowest and fastest
/// durations (``CallExtremes``), `concurrentCalls` the calls in flight and their peak (``ConcurrentCalls``).
@usableFromInline
enum ClientField: Int, CaseIterable {
    // The request line (words 0–7).
    case apiCallsTotal, bytesApiRequests, bytesApiResponses, largestRequestBytes, largestResponseBytes
    case extremes, lastApiCall, concurrentCalls
    // Everything else.
    case connectedAt, apiCallsFailure
    case eventsSent, eventsDropped, serverEventsReceived, pieceEventsReceived, connectEventsReceived
    case disconnectEventsReceived, lastEventTime, lastEventKind
    /// Under drop-oldest every offer is accepted and each overflow drops exactly one event, so a queue's
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

/// The slowest and fastest durations of a client's calls in one word (a request updates both with one load and
/// at most one store): bits 32–63 hold the slowest duration's `Float` bits with the sign bit set, bits 0–31 the
/// complement of the fastest's, so both halves grow as their extreme does and 0 means "none yet". Durations are
/// kept as `Float`: 24 significant bits, a relative error below 6 × 10⁻⁸ (a 1 s call reads back within 60 ns);
/// one above `Float`'s range reads back as infinity.
@usableFromInline
enum CallExtremes {
    /// The key of a duration (non-negative and finite): its `Float` bits with the sign bit set (never 0).
    @inlinable @inline(__always)
    static func key(_ seconds: Double) -> UInt64 {
        UInt64(Float(seconds).bitPattern | 0x8000_0000)
    }

    /// `word` with `key` folded into both extremes.
    @inlinable @inline(__always)
    static func merged(_ word: UInt64, key: UInt64) -> UInt64 {
        let slowest = max(word &>> 32, key)
        let fastest = max(word & 0xFFFF_FFFF, ~key & 0xFFFF_FFFF)
        return slowest &<< 32 | fastest
    }

    /// The slowest duration in seconds, or `nil` for none yet.
    static func slowest(_ word: UInt64) -> Double? {
        let key = UInt32(truncatingIfNeeded: word &>> 32)
        return key == 0 ? nil : Double(Float(bitPattern: key & 0x7FFF_FFFF))
    }

    /// The fastest duration in seconds, or `nil` for none yet.
    static func fastest(_ word: UInt64) -> Double? {
        let stored = UInt32(truncatingIfNeeded: word)
        return stored == 0 ? nil : Double(Float(bitPattern: ~stored & 0x7FFF_FFFF))
    }
}

/// A client's calls in flight (bits 0–31) and their peak (bits 32–63) in one word, so that a call's begin
/// updates both with one load and one store.
@usableFromInline
enum ConcurrentCalls {
    /// `word` after a call began: one more in flight, the peak raised to it.
    @inlinable @inline(__always)
    static func began(_ word: UInt64) -> UInt64 {
        let current = (word & 0xFFFF_FFFF) &+ 1
        return max(word &>> 32, current) &<< 32 | (current & 0xFFFF_FFFF)
    }

    /// `word` after a call ended: one fewer in flight (never below 0: an end without a begin is ignored).
    @inlinable @inline(__always)
    static func ended(_ word: UInt64) -> UInt64 {
        word & 0xFFFF_FFFF == 0 ? word : word &- 1
    }

    /// Calls in flight.
    static func current(_ word: UInt64) -> UInt64 { word & 0xFFFF_FFFF }
    /// The most calls in flight at once.
    static func peak(_ word: UInt64) -> UInt64 { word &>> 32 }
}
