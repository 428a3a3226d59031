import ServerStats

extension PrometheusRenderer {
    /// Appends every server-wide statistic: monotonic totals as `_total` counters, figures that go
    /// up and down (current, peak, largest, extremes, times) as gauges, durations in seconds, times as Unix
    /// seconds. Categories are labels of one family (`reason`, `kind`, `category`, `health`). Figures that are
    /// `nil` (no session, call or error yet) are left out.
    public mutating func appendServer(_ server: ServerSnapshot) {
        counter("clients_connected_total", "Client connections since the server started.", server.clientsConnectedTotal)
        gauge("clients_connected", "Clients connected now.", server.clientsConnectedCurrent)
        gauge("clients_connected_peak", "Most clients connected at once.", server.clientsConnectedPeak)
        counter("clients_disconnected_total", "Client disconnections.", server.clientsDisconnectedTotal)
        appendFamily(
            qualified("clients_disconnected_by_reason_total"), help: "Client disconnections by reason.",
            type: .counter,
            [
                ([("reason", "graceful")], server.clientsDisconnectedGraceful),
                ([("reason", "error")], server.clientsDisconnectedError),
                ([("reason", "timeout")], server.clientsDisconnectedTimeout),
            ])
        counter(
            "connection_duration_seconds_total", "Summed duration of finished sessions.",
            server.connectionDurationTotal)
        gauge("session_shortest_seconds", "Shortest finished session.", server.shortestSession)
        gauge("session_longest_seconds", "Longest finished session.", server.longestSession)

        counter("api_calls_total", "API calls processed.", server.apiCallsTotal)
        counter("api_calls_success_total", "API calls that succeeded.", server.apiCallsSuccess)
        counter("api_calls_failure_total", "API calls that failed.", server.apiCallsFailure)
        gauge("api_concurrent_calls", "API calls being processed now.", server.apiConcurrentCallsCurrent)
        gauge("api_concurrent_calls_peak", "Most API calls processed at once.", server.apiConcurrentCallsPeak)
        gauge("api_slowest_call_seconds", "Slowest API call since start.", server.apiSlowestCall)
        gauge("api_fastest_call_seconds", "Fastest API call since start.", server.apiFastestCall)

        appendFamily(
            qualified("events_sent_by_kind_total"), help: "Events offered to client queues, by kind.",
            type: .counter,
            [
                ([("kind", "server")], server.serverEventsSent), ([("kind", "piece")], server.pieceEventsSent),
                ([("kind", "connect")], server.connectEventsSent),
                ([("kind", "disconnect")], server.disconnectEventsSent),
            ])
        counter("events_sent_total", "Events offered to client queues, all kinds.", server.eventsSentTotal)
        counter("events_dropped_total", "Events dropped by queue overflow.", server.eventsDroppedTotal)
        counter("event_queue_overflows_total", "Queue offers that overflowed.", server.eventQueuesOverflowTotal)
        appendFamily(
            qualified("event_queues"), help: "Client event queues by health class now.", type: .gauge,
            [
                ([("health", "healthy")], server.eventQueuesHealthyCount),
                ([("health", "warning")], server.eventQueuesWarningCount),
                ([("health", "critical")], server.eventQueuesCriticalCount),
            ])
        counter("event_delivery_attempts_total", "Event delivery attempts.", server.eventDeliveryAttempts)
        counter("event_delivery_successes_total", "Events delivered to clients.", server.eventDeliverySuccesses)

        counter("transferred_bytes_total", "Bytes transferred, all purposes.", server.bytesTransferredTotal)
        counter("api_request_bytes_total", "Bytes received in API requests.", server.bytesApiRequestsTotal)
        counter("api_response_bytes_total", "Bytes sent in API responses.", server.bytesApiResponsesTotal)
        counter("event_message_bytes_total", "Bytes sent in event messages.", server.bytesEventsTotal)
        gauge("largest_api_request_bytes", "Largest API request.", server.largestApiRequestBytes)
        gauge("largest_api_response_bytes", "Largest API response.", server.largestApiResponseBytes)
        gauge("largest_event_message_bytes", "Largest event message.", server.largestEventMessageBytes)

        appendFamily(
            qualified("errors_total"), help: "Failed API calls by error category.", type: .counter,
            [
                ([("category", "conversion")], server.conversionErrorsTotal),
                ([("category", "serialization")], server.serializationErrorsTotal),
                ([("category", "network")], server.networkErrorsTotal),
                ([("category", "internal")], server.internalErrorsTotal),
                ([("category", "timeout")], server.timeoutErrorsTotal),
                ([("category", "client")], server.clientErrorsTotal),
                ([("category", "server")], server.serverErrorsTotal),
            ])
        gauge(
            "last_error_timestamp_seconds", "Time of the most recent error (Unix seconds).",
            server.lastErrorTime?.secondsSinceEpoch)
        gauge("error_free_seconds", "Time since the last error, or since the start.", server.errorFreeDuration)
        gauge(
            "longest_error_free_seconds", "Longest stretch without an error, the current one included.",
            server.longestErrorFreePeriod)

        counter("piece_subscriptions_total", "Piece subscriptions added.", server.pieceSubscriptionsTotal)
        gauge("piece_subscriptions_active", "Piece subscriptions active now.", server.pieceSubscriptionsActive)
        gauge("piece_subscriptions_peak", "Most piece subscriptions active at once.", server.pieceSubscriptionsPeak)
        gauge(
            "most_subscribed_piece_subscribers", "Subscribers of the most-subscribed piece now.",
            server.mostSubscribedPieceCount)
        counter("subscription_changes_total", "Subscription adds and removes.", server.subscriptionChangesTotal)

        gauge(
            "server_start_timestamp_seconds", "When the server started (Unix seconds).",
            server.serverStartTime.secondsSinceEpoch)
        counter("server_restarts_total", "Restarts before this run (from persistence).", server.serverRestartCount)
    }

    /// One unlabelled counter family (`name` must end in `_total`).
    mutating func counter(_ name: String, _ help: String, _ value: UInt64) {
        appendFamily(qualified(name), help: help, type: .counter, [([], value)])
    }

    /// One unlabelled counter family with a fractional value.
    mutating func counter(_ name: String, _ help: String, _ value: Double) {
        appendFamily(qualified(name), help: help, type: .counter, [([], value)])
    }

    /// One unlabelled gauge family.
    mutating func gauge(_ name: String, _ help: String, _ value: UInt64) {
        appendFamily(qualified(name), help: help, type: .gauge, [([], value)])
    }

    /// One unlabelled gauge family; nothing when `value` is `nil`.
    mutating func gauge(_ name: String, _ help: String, _ value: Double?) {
        guard let value else { return }
        appendFamily(qualified(name), help: help, type: .gauge, [([], value)])
    }
}
