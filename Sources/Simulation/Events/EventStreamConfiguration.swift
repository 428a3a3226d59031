import Foundation

/// Everything an ``EventStream`` needs: the request mix, the clients, the arrival process and the seed.
///
/// Self-contained on purpose: the scenario parser maps a scenario's request mix onto it.
///
/// ```swift
/// let configuration = EventStreamConfiguration(
///     methods: [
///         .init(name: "get", weight: 9, latency: .lognormal(median: 0.002, sigma: 0.5), errorRate: 0.01),
///         .init(name: "put", weight: 1, latency: .pareto(minimum: 0.005, alpha: 1.5), errorRate: 0.05),
///     ],
///     clients: 1_000, arrival: .poisson(ratePerSecond: 100_000), seed: 42)
/// ```
public struct EventStreamConfiguration: Sendable, Hashable {
    /// One method of the request mix.
    public struct Method: Sendable, Hashable {
        /// The method's name (for reports; the stream only uses its index).
        public var name: String
        /// Relative weight: the method is chosen with probability `weight / Σ weights`. Finite, 0 or more.
        public var weight: Double
        /// Latency in seconds, measured from the intended start.
        public var latency: DistributionSpec
        /// Request size in bytes.
        public var requestBytes: DistributionSpec
        /// Response size in bytes.
        public var responseBytes: DistributionSpec
        /// Probability in `0 ... 1` that a request fails.
        public var errorRate: Double

        /// Creates a method; sizes default to 0 bytes and the error rate to 0.
        public init(
            name: String, weight: Double, latency: DistributionSpec,
            requestBytes: DistributionSpec = .constant(value: 0), responseBytes: DistributionSpec = .constant(value: 0),
            errorRate: Double = 0
        ) {
            self.name = name
            self.weight = weight
            self.latency = latency
            self.requestBytes = requestBytes
            self.responseBytes = responseBytes
            self.errorRate = errorRate
        }
    }

    /// The request mix (1 ... 65 535 methods).
    public var methods: [Method]
    /// How many simulated clients send requests (each request's client is uniform over them).
    public var clients: Int
    /// When requests arrive.
    public var arrival: ArrivalSpec
    /// The seed that fixes the whole stream.
    public var seed: UInt64
    /// Where relative paths of empirical distributions are resolved (the scenario's directory).
    public var baseDirectory: URL?

    /// Creates a configuration.
    public init(methods: [Method], clients: Int, arrival: ArrivalSpec, seed: UInt64, baseDirectory: URL? = nil) {
        self.methods = methods
        self.clients = clients
        self.arrival = arrival
        self.seed = seed
        self.baseDirectory = baseDirectory
    }
}
