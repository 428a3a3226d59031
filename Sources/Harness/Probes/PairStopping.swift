/// When the overhead measurement stops adding interleaved pairs: once the 95 % interval of the mean is within
/// its target half-width (the larger of `targetFraction` of the mean and `targetNanoseconds`), once the time
/// budget is spent, or at `maximumPairs` — never before the minimum number of pairs.
public struct PairStopping: Sendable, Equatable {
    /// Why the pairs stopped.
    public enum Reason: String, Sendable {
        /// The interval reached its target width.
        case target
        /// The time budget ran out before the interval did.
        case budget
        /// The pair limit was reached.
        case pairsLimit = "pairs limit"
        /// A fixed number of pairs was asked for.
        case fixed
    }

    /// Wall-clock seconds per sink for all its pairs; 0 runs exactly the minimum number of pairs.
    public var budgetSeconds: Double
    /// Target half-width as a fraction of the mean's magnitude (0.10 = ±10 %).
    public var targetFraction: Double = 0.10
    /// Target half-width floor in nanoseconds (a figure near 0 needs an absolute target).
    public var targetNanoseconds: Double = 2
    /// Upper bound on pairs per sink, whatever the budget.
    public var maximumPairs: Int = 500

    /// Exactly the minimum number of pairs.
    public static let fixed = PairStopping(budgetSeconds: 0)

    /// Stops after the minimum pairs once the interval is narrow enough or `budgetSeconds` have passed.
    public init(budgetSeconds: Double, targetFraction: Double = 0.10, targetNanoseconds: Double = 2) {
        self.budgetSeconds = budgetSeconds
        self.targetFraction = targetFraction
        self.targetNanoseconds = targetNanoseconds
    }

    /// The target half-width for a mean of `mean` nanoseconds.
    public func target(mean: Double) -> Double { max(targetFraction * abs(mean), targetNanoseconds) }

    /// "10 % or 2 ns", for progress lines.
    var describeTarget: String {
        "\(Formatting.percent(targetFraction)) or \(Formatting.duration(nanoseconds: targetNanoseconds))"
    }

    /// Why to stop after these pair differences, or `nil` to add another pair.
    func reason(_ differences: [Double], minimumPairs: Int, elapsedSeconds: Double) -> Reason? {
        guard differences.count >= max(2, minimumPairs) else { return nil }
        if budgetSeconds <= 0 { return .fixed }
        if Statistics.confidenceHalfWidth95(differences) <= target(mean: Statistics.mean(differences)) {
            return .target
        }
        if differences.count >= maximumPairs { return .pairsLimit }
        return elapsedSeconds >= budgetSeconds ? .budget : nil
    }
}
