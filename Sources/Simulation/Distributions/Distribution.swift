/// A sampler built from a ``DistributionSpec``: draws latencies, sizes or costs from a ``RandomStream``.
///
/// Building validates the spec and precomputes what each draw needs (`log(median)`, `1/α`, the range
/// width, a mixture's cumulative weights, ziggurat tables for normal and exponential draws), so
/// ``sample(using:)`` is a switch over a few plain cases — no existential call, no allocation, no lock, no
/// reference counting:
///
/// ```swift
/// let latency = try Distribution(.lognormal(median: 0.010, sigma: 1), baseDirectory: nil)
/// var random = RandomStream(seed: 7)
/// let seconds = latency.sample(using: &random)
/// ```
public struct Distribution: Sendable {
    /// How a draw proceeds (plain data; empirical samples and mixtures point into ``tables``).
    @usableFromInline let shape: SamplerShape
    /// Empirical samples and mixture components.
    @usableFromInline let tables: SamplerTables

    /// The spec this sampler was built from.
    public let spec: DistributionSpec

    @usableFromInline
    init(shape: SamplerShape, tables: SamplerTables, spec: DistributionSpec) {
        self.shape = shape
        self.tables = tables
        self.spec = spec
    }

    /// One value drawn from the distribution, advancing `random`.
    ///
    /// Costs one to three draws from `random` plus at most one `exp` (lognormal, Pareto); normal and
    /// exponential variates come from a ziggurat, which needs a `log` or `exp` only in about 1 % of draws.
    @inlinable
    public func sample(using random: inout RandomStream) -> Double {
        shape.sample(tables: tables, using: &random)
    }
}
