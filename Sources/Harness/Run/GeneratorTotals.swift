import Simulation

/// What the generator produced: the ground truth of every count a sink should report.
public struct GeneratorTotals: Sendable, Hashable, Codable {
    /// Requests generated.
    public var requests: UInt64 = 0
    /// Failed requests generated.
    public var failures: UInt64 = 0
    /// Request bytes generated.
    public var requestBytes: UInt64 = 0
    /// Response bytes generated.
    public var responseBytes: UInt64 = 0
    /// Requests generated per method.
    public var requestsPerMethod: [UInt64]
    /// Model calls generated (requests to methods with a `cost:` section), and their sums.
    public var calls: UInt64 = 0
    /// Input and output tokens of those calls.
    public var inputTokens: UInt64 = 0, outputTokens: UInt64 = 0
    /// Calls whose input came from the cache.
    public var cacheHits: UInt64 = 0
    /// Actual and would-be cost of the calls, in micro-units. Like every sum here it wraps on overflow; a run
    /// cannot reach it: validation (and ``RunPlan`` at its scale) holds a run's calls to
    /// `ScenarioLimits.runCostMicroUnits` (9 × 10¹⁸) in all.
    public var actualMicroUnits: Int64 = 0, wouldBeMicroUnits: Int64 = 0

    /// Zero totals for `methods` methods.
    public init(methods: Int) {
        self.requestsPerMethod = Array(repeating: 0, count: methods)
    }

    /// Counts one model call.
    @inline(__always)
    mutating func count(_ call: SimulatedCall) {
        calls &+= 1
        inputTokens &+= call.inputTokens
        outputTokens &+= call.outputTokens
        cacheHits &+= call.cacheHit ? 1 : 0
        actualMicroUnits &+= call.actualMicroUnits
        wouldBeMicroUnits &+= call.wouldBeMicroUnits
    }

    /// Adds another worker's totals.
    public mutating func add(_ other: GeneratorTotals) {
        requests &+= other.requests
        failures &+= other.failures
        requestBytes &+= other.requestBytes
        responseBytes &+= other.responseBytes
        calls &+= other.calls
        inputTokens &+= other.inputTokens
        outputTokens &+= other.outputTokens
        cacheHits &+= other.cacheHits
        actualMicroUnits &+= other.actualMicroUnits
        wouldBeMicroUnits &+= other.wouldBeMicroUnits
        for index in requestsPerMethod.indices {
            requestsPerMethod[index] &+= other.requestsPerMethod[index]
        }
    }
}
