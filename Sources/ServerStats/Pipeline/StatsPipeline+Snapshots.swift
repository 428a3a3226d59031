import StatsCore

extension StatsPipeline {
    /// The server-wide figures now. Queue health counts classify every connected client's queue.
    public func serverSnapshot() -> ServerSnapshot {
        let now = clock.now
        let totals = server.loadAll()
        func total(_ field: ServerField) -> UInt64 { totals[field.rawValue] }
        func largest(_ field: ServerField) -> UInt64 { server.maximum(field.rawValue) }
        let mostSubscribed = clients.withLock { UInt64($0.subscribersByPiece.values.max() ?? 0) }
        let connections = connected.load()
        let queueHealth = self.queueHealth.counts(connected: connections.current)
        let calls = concurrentCalls.load()
        let subscriptions = activeSubscriptions.load()
        let sessionRange = sessions.load()
        let slowest = largest(.apiSlowestKey)
        let fastest = ~largest(.apiFastestKey)
        return ServerSnapshot(
            takenAt: now, serverStartTime: startTime, serverRestartCount: configuration.restartCount,
            clientsConnectedTotal: total(.clientsConnectedTotal),
            clientsConnectedCurrent: UInt64(max(0, connections.current)),
            clientsConnectedPeak: UInt64(max(0, connections.peak)),
            clientsDisconnectedTotal: total(.clientsDisconnectedTotal),
            clientsDisconnectedGraceful: total(.clientsDisconnectedGraceful),
            clientsDisconnectedError: total(.clientsDisconnectedError),
            clientsDisconnectedTimeout: total(.clientsDisconnectedTimeout),
            connectionDurationTotal: Double(total(.connectionDurationTotalNanoseconds)) / 1e9,
            shortestSession: sessionRange?.minimum, longestSession: sessionRange?.maximum,
            apiCallsTotal: total(.apiCallsTotal), apiCallsSuccess: total(.apiCallsTotal) &- total(.apiCallsFailure),
            apiCallsFailure: total(.apiCallsFailure),
            apiConcurrentCallsCurrent: UInt64(max(0, calls.current)),
            apiConcurrentCallsPeak: UInt64(max(0, calls.peak)),
            apiSlowestCall: Self.duration(fromKey: slowest), apiFastestCall: Self.duration(fromKey: fastest),
            serverEventsSent: total(.serverEventsSent), pieceEventsSent: total(.pieceEventsSent),
            connectEventsSent: total(.connectEventsSent), disconnectEventsSent: total(.disconnectEventsSent),
            eventsSentTotal: total(.eventsSentTotal), eventsDroppedTotal: total(.eventsDroppedTotal),
            eventQueuesOverflowTotal: total(.eventQueuesOverflowTotal),
            eventQueuesHealthyCount: queueHealth[.healthy] ?? 0, eventQueuesWarningCount: queueHealth[.warning] ?? 0,
            eventQueuesCriticalCount: queueHealth[.critical] ?? 0,
            eventDeliveryAttempts: total(.eventDeliveryAttempts),
            eventDeliverySuccesses: total(.eventDeliverySuccesses),
            bytesTransferredTotal: total(.bytesApiRequestsTotal) &+ total(.bytesApiResponsesTotal)
                &+ total(.bytesEventsTotal), bytesApiRequestsTotal: total(.bytesApiRequestsTotal),
            bytesApiResponsesTotal: total(.bytesApiResponsesTotal), bytesEventsTotal: total(.bytesEventsTotal),
            largestApiRequestBytes: largest(.largestApiRequestBytes),
            largestApiResponseBytes: largest(.largestApiResponseBytes),
            largestEventMessageBytes: largest(.largestEventMessageBytes),
            conversionErrorsTotal: total(.conversionErrors), serializationErrorsTotal: total(.serializationErrors),
            networkErrorsTotal: total(.networkErrors), internalErrorsTotal: total(.internalErrors),
            timeoutErrorsTotal: total(.timeoutErrors), clientErrorsTotal: total(.clientErrors),
            serverErrorsTotal: total(.serverErrors), lastErrorTime: errors.lastErrorTime,
            errorFreeDuration: errors.errorFreeSeconds(at: now),
            longestErrorFreePeriod: errors.longestErrorFreeSeconds(at: now),
            pieceSubscriptionsTotal: total(.pieceSubscriptionsTotal),
            pieceSubscriptionsActive: UInt64(max(0, subscriptions.current)),
            pieceSubscriptionsPeak: UInt64(max(0, subscriptions.peak)),
            mostSubscribedPieceCount: mostSubscribed, subscriptionChangesTotal: total(.subscriptionChangesTotal)
        )
    }

    /// A client's figures from its record (called under the directory lock).
    func snapshot(of entry: ClientDirectory.Entry) -> ClientSnapshot {
        let client = entry.handle
        let id = entry.id
        func value(_ field: ClientField) -> UInt64 { client.load(field) }
        func time(_ field: ClientField) -> StatsTime? {
            let nanoseconds = value(field)
            return nanoseconds == 0 ? nil : StatsTime(nanosecondsSinceEpoch: nanoseconds)
        }
        let extremes = value(.extremes)
        let calls = value(.concurrentCalls)
        let lastCall = value(.lastApiCall)
        let lastCallTime = LastCall.nanoseconds(lastCall).map(StatsTime.init(nanosecondsSinceEpoch:))
        let method = LastCall.methodIndex(lastCall)
        let eventKind = value(.lastEventKind)
        let errorKind = value(.lastErrorKind)
        return ClientSnapshot(
            clientID: id, connectedAt: StatsTime(nanosecondsSinceEpoch: value(.connectedAt)),
            lastActivity: [lastCallTime, time(.lastEventTime)].compactMap { $0 }.max(),
            apiCallsTotal: value(.apiCallsTotal), apiCallsSuccess: value(.apiCallsTotal) &- value(.apiCallsFailure),
            apiCallsFailure: value(.apiCallsFailure),
            lastApiCall: lastCallTime,
            lastApiMethod: method.flatMap { $0 < methods.count ? methods.names[$0] : nil },
            slowestApiCall: CallExtremes.slowest(extremes),
            fastestApiCall: CallExtremes.fastest(extremes),
            concurrentApiCallsCurrent: ConcurrentCalls.current(calls),
            concurrentApiCallsPeak: ConcurrentCalls.peak(calls),
            eventsSent: value(.eventsSent), eventsDropped: value(.eventsDropped),
            eventsDelivered: value(.eventsDelivered),
            serverEventsReceived: value(.serverEventsReceived), pieceEventsReceived: value(.pieceEventsReceived),
            connectEventsReceived: value(.connectEventsReceived),
            disconnectEventsReceived: value(.disconnectEventsReceived), lastEventTime: time(.lastEventTime),
            lastEventKind: eventKind == 0 ? nil : EventKind(rawValue: UInt8(truncatingIfNeeded: eventKind - 1)),
            queueSizeCurrent: value(.queueSizeCurrent), queueSizePeak: value(.queueSizePeak),
            queueOverflowCount: value(.eventsDropped),
            queueOverflowEventsDropped: value(.eventsDropped),
            queueOfferAttempts: value(.eventsSent), queueOfferSuccesses: value(.eventsSent),
            queueConsumerLag: Double(value(.queueConsumerLagNanoseconds)) / 1e9,
            bytesSent: value(.bytesApiResponses) &+ value(.bytesEvents), bytesReceived: value(.bytesApiRequests),
            bytesEvents: value(.bytesEvents),
            bytesApiRequests: value(.bytesApiRequests), bytesApiResponses: value(.bytesApiResponses),
            largestRequestBytes: value(.largestRequestBytes), largestResponseBytes: value(.largestResponseBytes),
            largestEventBytes: value(.largestEventBytes), conversionErrors: value(.conversionErrors),
            serializationErrors: value(.serializationErrors), networkErrors: value(.networkErrors),
            internalErrors: value(.internalErrors), timeoutErrors: value(.timeoutErrors),
            clientErrors: value(.clientErrors), serverErrors: value(.serverErrors), lastErrorTime: time(.lastErrorTime),
            lastError: errorKind == 0 ? nil : RequestOutcome(code: UInt8(truncatingIfNeeded: errorKind)).description,
            subscriptionAddCount: value(.subscriptionAddCount),
            subscriptionRemoveCount: value(.subscriptionRemoveCount),
            activeSubscriptions: value(.subscriptionAddCount) &- value(.subscriptionRemoveCount),
            peakSubscriptionCount: value(.peakSubscriptionCount)
        )
    }

    /// The duration a slowest/fastest key holds (bits with the sign bit set), or `nil` for "none yet"
    /// (0 for a slowest key; all ones, the complement of 0, for a fastest key).
    static func duration(fromKey key: UInt64) -> Double? {
        key & (1 << 63) == 0 || key == .max ? nil : Double(bitPattern: key & ~(1 << 63))
    }
}
