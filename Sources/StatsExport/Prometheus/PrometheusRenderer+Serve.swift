import ServerStats

extension PrometheusRenderer {
    /// Appends the resource history's figures: `<namespace>_history_samples` (held now),
    /// `<namespace>_history_capacity_samples`, `<namespace>_history_interval_seconds`,
    /// `<namespace>_history_samples_collected_total` and `<namespace>_history_samples_failed_total`.
    public mutating func appendHistory(_ history: HistoryCollector) {
        gauge("history_samples", "Resource samples the history holds now.", Double(history.count))
        gauge(
            "history_capacity_samples", "Resource samples the history holds at most (the oldest is evicted beyond).",
            Double(history.configuration.capacity))
        gauge(
            "history_interval_seconds", "Time between two resource samples.", history.configuration.intervalSeconds)
        appendFamily(
            qualified("history_samples_collected_total"), help: "Resource samples taken since start.",
            type: .counter, [(labels: [], value: history.collectedSamples)])
        appendFamily(
            qualified("history_samples_failed_total"), help: "Resource samples that failed since start (each logged).",
            type: .counter, [(labels: [], value: history.failedSamples)])
    }

    /// Appends the call ledger's figures per model, as counters labelled `model`: calls, cache hits, input and
    /// output tokens, actual cost, would-be cost (without the cache) and savings, in dollars (the ledger's
    /// currency units). A ledger without models adds nothing.
    public mutating func appendCosts(_ snapshot: CallLedgerSnapshot) {
        func family(_ name: String, _ help: String, _ value: (CallFigures) -> Double) {
            appendFamily(
                qualified(name), help: help, type: .counter,
                snapshot.models.map { (labels: [("model", $0.model)], value: value($0.figures)) })
        }
        family("model_calls_total", "Model calls recorded in the call ledger.") { Double($0.calls) }
        family("model_cache_hits_total", "Model calls answered from the cache.") { Double($0.cacheHits) }
        family("model_input_tokens_total", "Input tokens of the model calls.") { Double($0.inputTokens) }
        family("model_output_tokens_total", "Output tokens of the model calls.") { Double($0.outputTokens) }
        family("model_cost_dollars_total", "What the model calls cost.") { $0.actualCost.dollars }
        family("model_would_be_cost_dollars_total", "What the model calls would have cost without the cache.") {
            $0.wouldBeCost.dollars
        }
        family("model_savings_dollars_total", "Would-be cost minus actual cost: what the cache saved.") {
            $0.savings.dollars
        }
    }

    /// Appends `<namespace>_alerts_firing{alert,severity}`: 1 for the level each metric is at, 0 for the other
    /// level, for every metric (so a resolved alert shows as 0, not as a missing series); and
    /// `<namespace>_alert_changes_total`.
    public mutating func appendAlerts(_ board: AlertBoard) {
        var samples: [(labels: [(String, String)], value: UInt64)] = []
        let active = board.active()
        for metric in AlertMetric.all {
            let level = active.first { $0.metric == metric }?.severity
            for severity in [AlertSeverity.warning, .critical] {
                samples.append(([("alert", metric.name), ("severity", severity.rawValue)], level == severity ? 1 : 0))
            }
        }
        appendFamily(
            qualified("alerts_firing"), help: "1 while the alert is firing at this severity, else 0.", type: .gauge,
            samples)
        appendFamily(
            qualified("alert_changes_total"), help: "Alert level changes (raised, escalated, de-escalated, resolved).",
            type: .counter, [(labels: [], value: board.changes)])
    }
}

extension Cost {
    /// The amount in currency units (dollars for USD), as a `Double`.
    public var dollars: Double { Double(microUnits) / 1_000_000 }
}
