import Foundation

/// The call-cost attributes of one request of a method that calls a model.
public struct SimulatedCall: Sendable, Hashable {
    /// Index of the model in ``CallCostModel/models``.
    public var model: Int
    /// Input tokens.
    public var inputTokens: UInt64
    /// Output tokens.
    public var outputTokens: UInt64
    /// Whether the input was served from the cache.
    public var cacheHit: Bool
    /// What the call cost, in micro-units (a cache hit pays only for the output tokens).
    public var actualMicroUnits: Int64
    /// What it would have cost without the cache, in micro-units.
    public var wouldBeMicroUnits: Int64
}

/// Draws the cost attributes of requests to methods with a `cost:` section, deterministically from the
/// request itself (so the same event always gets the same call, whatever the worker count): each call draws
/// from a stream of the seed keyed by ``RandomSubstream/callCosts`` and named by the request's start and
/// latency. Build it once per plan (empirical token files are read then); it holds no state.
package struct CallCostModel: Sendable {
    package struct Row: Sendable {
        let model: Int
        let input: Distribution
        let output: Distribution
        let cacheHitRate: Double
        let microUnitsPerToken: Double
    }

    /// Per method: its cost row, or `nil` when it calls no model.
    package let rows: [Row?]
    /// The distinct model names, in first-use order.
    package let models: [String]
    private let seed: UInt64

    /// The model for `methods`, or `nil` when no method has a cost.
    ///
    /// - Throws: ``WorkloadError`` naming the method's `cost` when a token distribution cannot be built.
    package init?(methods: [MethodSpec], seed: UInt64, baseDirectory: URL?) throws(WorkloadError) {
        var models: [String] = []
        var rows: [Row?] = []
        for method in methods {
            guard let cost = method.cost else {
                rows.append(nil)
                continue
            }
            if !models.contains(cost.model) { models.append(cost.model) }
            let model = models.firstIndex(of: cost.model) ?? models.count
            do {
                rows.append(
                    Row(
                        model: model, input: try Distribution(cost.inputTokens, baseDirectory: baseDirectory),
                        output: try Distribution(cost.outputTokens, baseDirectory: baseDirectory),
                        cacheHitRate: cost.cacheHitRate, microUnitsPerToken: cost.costPerToken * 1e6))
            } catch {
                throw WorkloadError(path: "requests.methods[\(method.name)].cost", reason: "\(error)")
            }
        }
        guard !models.isEmpty else { return nil }
        self.rows = rows
        self.models = models
        self.seed = seed ^ RandomSubstream.callCosts.rawValue
    }

    /// The call of `request`, or `nil` when its method calls no model.
    @inline(__always)
    package func call(for request: SimulatedRequest) -> SimulatedCall? {
        guard let row = rows[Int(request.methodIndex)] else { return nil }
        let latency = request.latencySeconds.bitPattern
        var random = RandomStream(
            seed: seed, stream: request.intendedStartNanoseconds ^ (latency << 17 | latency >> 47))
        let input = Self.tokens(row.input.sample(using: &random))
        let output = Self.tokens(row.output.sample(using: &random))
        let hit = random.nextUnit() < row.cacheHitRate
        let wouldBe = CheckedConversion.microUnits(Double(input + output) * row.microUnitsPerToken)
        let actual = hit ? CheckedConversion.microUnits(Double(output) * row.microUnitsPerToken) : wouldBe
        return SimulatedCall(
            model: row.model, inputTokens: input, outputTokens: output, cacheHit: hit, actualMicroUnits: actual,
            wouldBeMicroUnits: wouldBe)
    }

    /// A token draw as a whole number of tokens: rounded, clamped to `0 ... ScenarioLimits.tokens` (10⁷; the tail
    /// of a lognormal, exponential or Pareto distribution goes past it) so that a call's cost has a bound the
    /// validator can hold the run to (``CallCostSpec/largestCallMicroUnits``). NaN becomes 0.
    @inline(__always)
    package static func tokens(_ value: Double) -> UInt64 {
        value > 0 ? UInt64(min(value, ScenarioLimits.tokens).rounded()) : 0
    }

    /// The largest number of tokens a draw of `spec` gives after ``tokens(_:)``: a constant's value, a uniform
    /// distribution's maximum, the larger of a bimodal's two, and ``ScenarioLimits/tokens`` for the others (their
    /// draws, or an empirical file's samples, reach it).
    static func largestTokens(_ spec: DistributionSpec) -> UInt64 {
        switch spec {
        case .constant(let value): return tokens(value)
        case .uniform(_, let maximum): return tokens(maximum)
        case .bimodal(let first, let second, _): return max(largestTokens(first), largestTokens(second))
        case .exponential, .lognormal, .pareto, .empirical: return tokens(ScenarioLimits.tokens)
        }
    }
}

extension CallCostSpec {
    /// The most one call can cost, in micro-units: its input and output distributions' largest token draws
    /// (``CallCostModel/tokens(_:)`` clamps every draw to ``ScenarioLimits/tokens``) at `cost-per-token` — the
    /// call's would-be cost, which its actual cost (a cache hit pays for the output only) never exceeds.
    public var largestCallMicroUnits: Double {
        let tokens = CallCostModel.largestTokens(inputTokens) + CallCostModel.largestTokens(outputTokens)
        return Double(CheckedConversion.microUnits(Double(tokens) * costPerToken * 1e6))
    }
}
