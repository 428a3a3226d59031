/// Aggregate figures of a set of calls: one model's, or all models' together.
///
/// Every field is an exact integer sum; ``savings`` is always `wouldBeCost - actualCost` (the ledger derives it
/// instead of counting it, which is exact because the costs are integers). Sums wrap on overflow, like the
/// counters they come from; figures read from outside (a snapshot being restored) are summed exactly, and a sum
/// beyond its range is refused.
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

    /// The field-by-field sum, exact: the sum and `nil`, or the name of the first field (`calls`, `cacheHits`,
    /// `inputTokens`, `outputTokens`, `actualCost`, `wouldBeCost`) whose sum is beyond its range (`UInt64` counts,
    /// `Int64` micro-units) with the rest of the sum unspecified. For figures read from outside, where ``+``'s
    /// wrap-around would be silent damage.
    package func addingReportingOverflow(_ other: CallFigures) -> (sum: CallFigures, overflowingField: String?) {
        let calls = self.calls.addingReportingOverflow(other.calls)
        let cacheHits = self.cacheHits.addingReportingOverflow(other.cacheHits)
        let inputTokens = self.inputTokens.addingReportingOverflow(other.inputTokens)
        let outputTokens = self.outputTokens.addingReportingOverflow(other.outputTokens)
        let actualCost = self.actualCost.microUnits.addingReportingOverflow(other.actualCost.microUnits)
        let wouldBeCost = self.wouldBeCost.microUnits.addingReportingOverflow(other.wouldBeCost.microUnits)
        let overflows = [
            ("calls", calls.overflow), ("cacheHits", cacheHits.overflow), ("inputTokens", inputTokens.overflow),
            ("outputTokens", outputTokens.overflow), ("actualCost", actualCost.overflow),
            ("wouldBeCost", wouldBeCost.overflow),
        ]
        let sum = CallFigures(
            calls: calls.partialValue, cacheHits: cacheHits.partialValue, inputTokens: inputTokens.partialValue,
            outputTokens: outputTokens.partialValue, actualCost: Cost(microUnits: actualCost.partialValue),
            wouldBeCost: Cost(microUnits: wouldBeCost.partialValue))
        return (sum, overflows.first { $0.1 }?.0)
    }

    /// The largest value of the field `name` (see ``addingReportingOverflow(_:)``), for messages: a count's
    /// `UInt64.max`, or a cost's `Int64.max` micro-units in units.
    package static func largest(ofField name: String) -> String {
        name.hasSuffix("Cost")
            ? "cost (\(Cost(microUnits: .max)) units, \(Int64.max) micro-units)" : "count (\(UInt64.max))"
    }

    /// Why these figures cannot be real (decoded from a damaged file), or `nil` when they can.
    func inconsistency() -> String? {
        if savings != wouldBeCost - actualCost {
            return "savings \(savings) != wouldBeCost \(wouldBeCost) - actualCost \(actualCost)"
        }
        if cacheHits > calls { return "cacheHits \(cacheHits) > calls \(calls)" }
        return nil
    }

    /// The first cost field (`actualCost`, `wouldBeCost`) that is negative, with its micro-units, or `nil`: what
    /// a call costs is never below 0 (only ``savings`` may be).
    func negativeCost() -> (field: String, microUnits: Int64)? {
        if actualCost.microUnits < 0 { return ("actualCost", actualCost.microUnits) }
        if wouldBeCost.microUnits < 0 { return ("wouldBeCost", wouldBeCost.microUnits) }
        return nil
    }
}
