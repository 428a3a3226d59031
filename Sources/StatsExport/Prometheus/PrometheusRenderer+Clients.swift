import ServerStats

extension PrometheusRenderer {
    /// Appends per-client series (a `client` label) — only when ``PrometheusOptions/perClientSeries`` is on,
    /// and for at most ``PrometheusOptions/clientSeriesLimit`` clients, the first by id. A comment line says
    /// how many of how many clients are rendered, so a capped page says so.
    public mutating func appendClients(_ clients: [ClientSnapshot]) {
        guard options.perClientSeries else { return }
        let shown = Array(clients.sorted { $0.clientID < $1.clientID }.prefix(max(0, options.clientSeriesLimit)))
        appendComment(
            "per-client series for \(shown.count) of \(clients.count) connected clients "
                + "(capped at \(options.clientSeriesLimit), first by client id)")
        func each(_ value: (ClientSnapshot) -> UInt64) -> [(labels: [(String, String)], value: UInt64)] {
            shown.map { ([("client", $0.clientID)], value($0)) }
        }
        appendFamily(
            qualified("client_api_calls_total"), help: "API calls of the client.", type: .counter,
            each { $0.apiCallsTotal })
        appendFamily(
            qualified("client_api_call_failures_total"), help: "Failed API calls of the client.", type: .counter,
            each { $0.apiCallsFailure })
        appendFamily(
            qualified("client_received_bytes_total"), help: "Bytes received from the client.", type: .counter,
            each { $0.bytesReceived })
        appendFamily(
            qualified("client_sent_bytes_total"), help: "Bytes sent to the client.", type: .counter,
            each { $0.bytesSent })
        appendFamily(
            qualified("client_events_sent_total"), help: "Events offered to the client's queue.", type: .counter,
            each { $0.eventsSent })
        appendFamily(
            qualified("client_events_dropped_total"), help: "Events dropped from the client's queue.",
            type: .counter, each { $0.eventsDropped })
        appendFamily(
            qualified("client_queue_size"), help: "Events waiting in the client's queue now.", type: .gauge,
            each { $0.queueSizeCurrent })
    }
}
