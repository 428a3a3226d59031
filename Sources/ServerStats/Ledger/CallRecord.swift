/// One call as the ledger retained it: what ``CallLedger/recentCalls()`` returns.
public struct CallRecord: Sendable, Hashable, Codable {
    /// The model or method name.
    public let model: String
    /// Input (prompt) tokens.
    public let inputTokens: UInt64
    /// Output (completion) tokens.
    public let outputTokens: UInt64
    /// True when the call was answered from the cache.
    public let cacheHit: Bool
    /// What the call cost.
    public let actualCost: Cost
    /// What the call would have cost without the cache.
    public let wouldBeCost: Cost
    /// `wouldBeCost - actualCost`.
    public let savings: Cost
    /// When the call happened (as the caller passed it).
    public let timestamp: StatsTime

    /// A record; ``savings`` is derived from the two costs.
    public init(
        model: String, inputTokens: UInt64, outputTokens: UInt64, cacheHit: Bool, actualCost: Cost,
        wouldBeCost: Cost, timestamp: StatsTime
    ) {
        self.model = model
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cacheHit = cacheHit
        self.actualCost = actualCost
        self.wouldBeCost = wouldBeCost
        self.savings = wouldBeCost - actualCost
        self.timestamp = timestamp
    }
}

/// A call as a worker's retention ring stores it: plain words, the model as its index (no string).
@usableFromInline
struct StoredCall: BitwiseCopyable, Sendable {
    @usableFromInline var timestamp: UInt64
    @usableFromInline var inputTokens: UInt64
    @usableFromInline var outputTokens: UInt64
    @usableFromInline var actualCost: Int64
    @usableFromInline var wouldBeCost: Int64
    @usableFromInline var model: UInt32
    @usableFromInline var cacheHit: Bool

    @inlinable
    init(
        timestamp: UInt64, inputTokens: UInt64, outputTokens: UInt64, actualCost: Int64, wouldBeCost: Int64,
        model: UInt32, cacheHit: Bool
    ) {
        self.timestamp = timestamp
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.actualCost = actualCost
        self.wouldBeCost = wouldBeCost
        self.model = model
        self.cacheHit = cacheHit
    }
}
