import ServerStats
import StatsExport

/// `GET /health/history`: the resource history, oldest first, filtered by `since` and `latest`.
public struct HistoryResponse: Codable, Sendable, Equatable {
    /// Samples the history holds at most (the oldest is evicted beyond).
    public var capacity: Int
    /// Samples it holds now.
    public var count: Int
    /// Time between two samples, in seconds.
    public var intervalSeconds: Double
    /// Samples taken since start (evicted ones included).
    public var samplesCollected: UInt64
    /// Samples that failed since start.
    public var samplesFailed: UInt64
    /// Samples in this response (after `since` and `latest`).
    public var returned: Int
    /// The samples, oldest first.
    public var samples: [ResourceSample]
}

/// One model's figures, or all models' together, in `GET /health/costs`. Costs in dollars (currency units).
public struct ModelCosts: Codable, Sendable, Equatable {
    /// The model, or `null` for the totals.
    public var model: String?
    /// Calls recorded.
    public var calls: UInt64
    /// Input tokens.
    public var inputTokens: UInt64
    /// Output tokens.
    public var outputTokens: UInt64
    /// Calls answered from the cache.
    public var cacheHits: UInt64
    /// Cache hits / calls; `null` with no calls.
    public var cacheHitRate: Double?
    /// What the calls cost.
    public var actualCostDollars: Double
    /// What they would have cost without the cache.
    public var wouldBeCostDollars: Double
    /// Would-be minus actual cost.
    public var savingsDollars: Double

    /// The figures of `model` (`nil` for totals).
    public init(model: String?, _ figures: CallFigures) {
        self.model = model
        calls = figures.calls
        inputTokens = figures.inputTokens
        outputTokens = figures.outputTokens
        cacheHits = figures.cacheHits
        cacheHitRate = figures.calls == 0 ? nil : Double(figures.cacheHits) / Double(figures.calls)
        actualCostDollars = figures.actualCost.dollars
        wouldBeCostDollars = figures.wouldBeCost.dollars
        savingsDollars = figures.savings.dollars
    }

    /// Writes `model` and `cacheHitRate` as `null` when absent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(model, forKey: .model)
        try container.encode(calls, forKey: .calls)
        try container.encode(inputTokens, forKey: .inputTokens)
        try container.encode(outputTokens, forKey: .outputTokens)
        try container.encode(cacheHits, forKey: .cacheHits)
        try container.encode(cacheHitRate, forKey: .cacheHitRate)
        try container.encode(actualCostDollars, forKey: .actualCostDollars)
        try container.encode(wouldBeCostDollars, forKey: .wouldBeCostDollars)
        try container.encode(savingsDollars, forKey: .savingsDollars)
    }
}

/// `GET /health/costs`: the call ledger per model (registration order) and in total.
public struct CostsResponse: Codable, Sendable, Equatable {
    /// Every model, in the order they were first seen.
    public var models: [ModelCosts]
    /// All models together.
    public var totals: ModelCosts

    /// The response for `snapshot`.
    public init(_ snapshot: CallLedgerSnapshot) {
        models = snapshot.models.map { ModelCosts(model: $0.model, $0.figures) }
        totals = ModelCosts(model: nil, snapshot.totals)
    }
}

/// One metric's thresholds in `GET /health/alerts`.
public struct AlertThresholdFigures: Codable, Sendable, Equatable {
    /// The metric's name (`cpu`, `memory`, `disk`, `error_rate`, `p99_latency`).
    public var metric: String
    /// The unit of the values: `percent` or `seconds`.
    public var unit: String
    /// Warning level (reached at or above it).
    public var warning: Double
    /// Critical level.
    public var critical: Double
}

/// `GET /health/alerts`: the thresholds, the alerts firing now and the recent resolved ones.
public struct AlertsResponse: Codable, Sendable, Equatable {
    /// Every metric's levels.
    public var thresholds: [AlertThresholdFigures]
    /// Fraction of a threshold a value must fall below it to leave the level.
    public var hysteresis: Double
    /// Minimum seconds at a level before it may be lowered.
    public var cooldownSeconds: Double
    /// Evaluations so far (one per resource sample).
    public var evaluations: UInt64
    /// Alerts firing now, in metric order.
    public var active: [AlertEpisode]
    /// Resolved alerts kept, oldest first, with their start and resolve times.
    public var recent: [AlertEpisode]

    /// The response for `board`.
    public init(_ board: AlertBoard) {
        let thresholds = board.thresholds
        self.thresholds = AlertMetric.all.map { metric in
            let levels = thresholds.levels(for: metric)
            return AlertThresholdFigures(
                metric: metric.name, unit: metric == .p99Latency ? "seconds" : "percent", warning: levels.warning,
                critical: levels.critical)
        }
        hysteresis = thresholds.hysteresis
        cooldownSeconds = thresholds.cooldownSeconds
        evaluations = board.evaluations
        active = board.active()
        recent = board.resolved()
    }
}
