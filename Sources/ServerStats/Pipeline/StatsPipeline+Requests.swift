import StatsCore
import Synchronization

extension StatsPipeline {
    /// Records one finished API call: the server-wide counters in `worker`'s shard, the client's record and
    /// the method's window histogram. No lock, no allocation; the only time read is the coarse clock's word.
    ///
    /// - Parameters:
    ///   - seconds: how long the call took (measured by the caller, who already has the times).
    ///   - requestBytes: size of the request as received; `responseBytes`: as sent.
    ///   - outcome: `.success` or the error category.
    @inlinable
    public func recordRequest(
        method: MethodID, seconds: Double, requestBytes: UInt64, responseBytes: UInt64, outcome: RequestOutcome,
        client: ClientHandle, worker: WorkerID
    ) {
        let now = clock.nanoseconds.load(ordering: .relaxed)
        let failed = outcome.isFailure
        // Slowest/fastest keep the duration's bits with the sign bit set: ordered like the durations and never 0
        // ("none yet"). Only a non-negative, finite duration may set them; NaN, negative and infinite ones are
        // still counted (the window histogram keeps them apart) but cannot become a bogus extreme.
        let validDuration = seconds >= 0 && seconds <= .greatestFiniteMagnitude
        let durationKey = seconds.bitPattern | (1 << 63)
        // Server-wide, in this worker's shard (successes and bytes transferred are derived on read).
        let shard = server.writer(for: worker)
        shard.increment(ServerField.apiCallsTotal.rawValue)
        shard.increment(ServerField.bytesApiRequestsTotal.rawValue, by: requestBytes)
        shard.increment(ServerField.bytesApiResponsesTotal.rawValue, by: responseBytes)
        shard.recordMaximum(ServerField.largestApiRequestBytes.rawValue, requestBytes)
        shard.recordMaximum(ServerField.largestApiResponseBytes.rawValue, responseBytes)
        if validDuration {
            shard.recordMaximum(ServerField.apiSlowestKey.rawValue, durationKey)
            shard.recordMaximum(ServerField.apiFastestKey.rawValue, ~durationKey)
        }
        // The window.
        monitor.record(method: method, seconds: seconds, failed: failed, worker: worker)
        // The client: only its record's first line (successes, bytes sent/received and last activity are derived
        // on read).
        let record = client.record.writer()
        record.increment(ClientField.apiCallsTotal.rawValue)
        record.increment(ClientField.bytesApiRequests.rawValue, by: requestBytes)
        record.increment(ClientField.bytesApiResponses.rawValue, by: responseBytes)
        record.recordMaximum(ClientField.largestRequestBytes.rawValue, requestBytes)
        record.recordMaximum(ClientField.largestResponseBytes.rawValue, responseBytes)
        if validDuration {
            let extremesKey = CallExtremes.key(seconds)
            record.update(ClientField.extremes.rawValue) { CallExtremes.merged($0, key: extremesKey) }
        }
        record.store(ClientField.lastApiCall.rawValue, LastCall.pack(nanoseconds: now, methodIndex: method.index))
        if failed {
            recordFailure(outcome, client: client, worker: worker, at: now)
        }
    }

    /// The error path: category counters and the error timeline (an atomic exchange).
    @usableFromInline
    func recordFailure(_ outcome: RequestOutcome, client: ClientHandle, worker: WorkerID, at now: UInt64) {
        server.increment(ServerField.apiCallsFailure.rawValue, worker: worker)
        server.increment(ServerField.conversionErrors.rawValue + outcome.errorOffset, worker: worker)
        client.add(.apiCallsFailure)
        client.add(ClientField(rawValue: ClientField.conversionErrors.rawValue + outcome.errorOffset)!)
        client.store(.lastErrorTime, now)
        client.store(.lastErrorKind, UInt64(outcome.code))
        errors.recordError(at: StatsTime(nanosecondsSinceEpoch: now))
    }

    /// Marks a call as started, for the concurrent-call figures (current and peak, server-wide and for the
    /// client). Optional: ``recordRequest(method:seconds:requestBytes:responseBytes:outcome:client:worker:)``
    /// does not need it. Pair every call with ``endCall(client:)``.
    public func beginCall(client: ClientHandle) {
        concurrentCalls.add(1)
        client.record.update(ClientField.concurrentCalls.rawValue, ConcurrentCalls.began)
    }

    /// Marks a call begun with ``beginCall(client:)`` as finished.
    public func endCall(client: ClientHandle) {
        concurrentCalls.add(-1)
        client.record.update(ClientField.concurrentCalls.rawValue, ConcurrentCalls.ended)
    }
}
