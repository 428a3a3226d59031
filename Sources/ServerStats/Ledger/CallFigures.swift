/// Aggregate figures of a set of calls: one model's, or all models' together.
///
/// Every field is an exact integer sum; ``savings`` is always `wouldBeCost - actualCost` (the ledger derives it
/// instead of counting it, which is exact because the costs are integers). Sums wrap on overflow, like the
/// counters they come from.
public struct CallFigures: Sendable, Hashable, Codable {
    /// Number of calls.
    public let calls: UInt64
    /// Number of calls answered from the cache.
    public let cacheHits: UInt64
    /// Input (prompt) tokens over all calls.
    public let inputTokens: UInt64
    /// Output (completion) tokens over all calls.
    public let outputTokens: UInt64
    /// What the calls cost.
    public let actualCost: Cost
    /// What the calls would have cost without the cache.
    public let wouldBeCost: Cost
    /// `wouldBeCost - actualCost`: what the cache saved (negative if cached calls cost more).
    public let savings: Cost

    /// Figures with the given sums; ``savings`` is derived from the two costs.
    public init(
        calls: UInt64, cacheHits: UInt64, inputTokens: UInt64, outputTokens: UInt64, actualCost: Cost,
        wouldBeCost: Cost
    ) {
        self.calls = calls
        self.cacheHits = cacheHits
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.actualCost = actualCost
        self.wouldBeCost = wouldBeCost
        self.savings = wouldBeCost - actualCost
    }

    /// No calls.
    public static var zero: CallFigures {
        CallFigures(calls: 0, cacheHits: 0, inputTokens: 0, outputTokens: 0, actualCost: .zero, wouldBeCost: .zero)
    }

    /// Field-by-field sum (wrapping), e.g. a restored baseline plus the live figures.
    public static func + (left: CallFigures, right: CallFigures) -> CallFigures {
        CallFigures(
            calls: left.calls &+ right.calls,
            cacheHits: left.cacheHits &+ right.cacheHits,
            inputTokens: left.inputTokens &+ right.inputTokens,
            outputTokens: left.outputTokens &+ right.outputTokens,
            actualCost: left.actualCost + right.actualCost,
            wouldBeCost: left.wouldBeCost + right.wouldBeCost
        )
    }

    /// Fraction of calls answered from the cache, or `nil` when there were no calls.
    public var cacheHitRatio: Double? {
        calls == 0 ? nil : Double(cacheHits) / Double(calls)
    }

    /// Why these figures cannot be real (decoded from a damaged file), or `nil` when they can.
    func inconsistency() -> String? {
        if savings != wouldBeCost - actualCost {
            return "savings \(savings) != wouldBeCost \(wouldBeCost) - actualCost \(actualCost)"
        }
        if cacheHits > calls { return "cacheHits \(cacheHits) > calls \(calls)" }
        return nil
    }
}
