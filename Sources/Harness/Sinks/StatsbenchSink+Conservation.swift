import ServerStats
import Simulation
import StatsCore

extension StatsbenchSink: ConservationReporting {
    /// The pipeline's books: clients' figures add up to the server's, connects and disconnects match the churn,
    /// every event offered is dropped, delivered, still queued or discarded with its client's queue, and the
    /// history and interval reports kept pace with the windows.
    func conservationChecks(generated: GeneratorTotals, outcome: DriveOutcome) -> [ConservationCheck] {
        let server = pipeline.serverSnapshot()
        var live = DepartedTotals()
        for client in pipeline.clientSnapshots() { live.add(client) }
        var checks: [ConservationCheck] = []
        func check(_ name: String, expected: UInt64, actual: UInt64) {
            checks.append(
                ConservationCheck(sink: SinkKind.statsbench.name, name: name, expected: expected, actual: actual))
        }
        check(
            "client calls (live + departed) == server calls", expected: server.apiCallsTotal,
            actual: live.calls + departed.calls)
        check(
            "client failures (live + departed) == server failures", expected: server.apiCallsFailure,
            actual: live.failures + departed.failures)
        check(
            "client request bytes (live + departed) == server", expected: server.bytesApiRequestsTotal,
            actual: live.requestBytes + departed.requestBytes)
        check(
            "client response bytes (live + departed) == server", expected: server.bytesApiResponsesTotal,
            actual: live.responseBytes + departed.responseBytes)
        let methodErrors = (0..<pipeline.methods.count).reduce(0) {
            $0 + pipeline.allTimeCounts(method: MethodID(index: $1)).errors
        }
        check("method errors (all time) == generated failures", expected: generated.failures, actual: methodErrors)
        let replacements = UInt64(outcome.replacements)
        check(
            "clients connected == slots + replacements", expected: UInt64(slotCount) + replacements,
            actual: server.clientsConnectedTotal)
        check("clients disconnected == replacements", expected: replacements, actual: server.clientsDisconnectedTotal)
        check("clients connected now == slots", expected: UInt64(slotCount), actual: server.clientsConnectedCurrent)
        check(
            "graceful disconnects == churn's", expected: UInt64(outcome.disconnectsByReason["graceful"] ?? 0),
            actual: server.clientsDisconnectedGraceful)
        check(
            "error disconnects == churn's", expected: UInt64(outcome.disconnectsByReason["error"] ?? 0),
            actual: server.clientsDisconnectedError)
        check(
            "timeout disconnects == churn's", expected: UInt64(outcome.disconnectsByReason["timeout"] ?? 0),
            actual: server.clientsDisconnectedTimeout)
        check("departed clients == disconnects", expected: server.clientsDisconnectedTotal, actual: departed.clients)
        if let events {
            check("subscriptions refused by the pipeline", expected: 0, actual: events.subscribeFailures)
            let queued = events.queues.reduce(UInt64(0)) { $0 + UInt64($1?.depth ?? 0) }
            check("events sent (server) == offered", expected: events.offered, actual: server.eventsSentTotal)
            check("events dropped (server) == overflows", expected: events.dropped, actual: server.eventsDroppedTotal)
            check(
                "events delivered (server) == polled", expected: events.delivered, actual: server.eventDeliverySuccesses
            )
            check(
                "sent − dropped == delivered + queued + discarded at disconnect",
                expected: events.offered - events.dropped,
                actual: events.delivered + queued + events.discardedAtDisconnect)
            check(
                "client events sent (live + departed) == server", expected: server.eventsSentTotal,
                actual: live.eventsSent + departed.eventsSent)
            check(
                "client events dropped (live + departed) == server", expected: server.eventsDroppedTotal,
                actual: live.eventsDropped + departed.eventsDropped)
            check(
                "client events delivered (live + departed) == server", expected: server.eventDeliverySuccesses,
                actual: live.eventsDelivered + departed.eventsDelivered)
        }
        let calls = ledgerTotals()
        if calls.calls > 0 || generated.calls > 0 {
            check("ledger calls == generated model calls", expected: generated.calls, actual: calls.calls)
            check("ledger input tokens == generated", expected: generated.inputTokens, actual: calls.inputTokens)
            check("ledger output tokens == generated", expected: generated.outputTokens, actual: calls.outputTokens)
            check("ledger cache hits == generated", expected: generated.cacheHits, actual: calls.cacheHits)
            check(
                "ledger actual cost (µ-units) == generated", expected: UInt64(bitPattern: generated.actualMicroUnits),
                actual: UInt64(bitPattern: calls.actualCost.microUnits))
            check(
                "ledger would-be cost (µ-units) == generated",
                expected: UInt64(bitPattern: generated.wouldBeMicroUnits),
                actual: UInt64(bitPattern: calls.wouldBeCost.microUnits))
        }
        checks += concurrencyChecks(server: server, calls: outcome.calls)
        let windows = UInt64(outcome.windowCount)
        check("history samples collected == windows", expected: windows, actual: history.collectedSamples)
        check("interval reports == windows", expected: windows, actual: UInt64(intervalReportCount))
        if let last = lastIntervalReport {
            check(
                "interval report cumulative calls == server calls", expected: server.apiCallsTotal,
                actual: last.cumulative.apiCalls)
        }
        return checks
    }

    /// Every model's ledger figures added up.
    func ledgerTotals() -> CallFigures {
        Set(callModels.compactMap { $0 }).reduce(CallFigures.zero) { $0 + ledger.figures(for: $1) }
    }

    /// The pipeline's end-of-run figures for the report.
    func pipelineFigures() -> PipelineFigures {
        let server = pipeline.serverSnapshot()
        let window = pipeline.requestStatistics()
        return PipelineFigures(
            requests: server.apiCallsTotal, eventsSent: server.eventsSentTotal,
            eventsDropped: server.eventsDroppedTotal,
            eventsDelivered: server.eventDeliverySuccesses, clientsConnected: server.clientsConnectedTotal,
            disconnectsGraceful: server.clientsDisconnectedGraceful, disconnectsError: server.clientsDisconnectedError,
            disconnectsTimeout: server.clientsDisconnectedTimeout, subscriptionsActive: server.pieceSubscriptionsActive,
            historySamples: history.collectedSamples, intervalReports: intervalReportCount,
            modelCalls: ledgerTotals().calls, modelCostMicroUnits: ledgerTotals().actualCost.microUnits,
            modelSavingsMicroUnits: ledgerTotals().savings.microUnits,
            windowP50: window.p50, windowP99: window.p99, windowP99History: windowP99History.points)
    }
}
