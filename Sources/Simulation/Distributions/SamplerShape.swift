#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A distribution without components, ready to draw from. Plain data: copying one never touches a reference
/// count, which keeps the sampling path free of retains.
@usableFromInline
enum SamplerLeaf: Sendable {
    case constant(Double)
    case uniform(minimum: Double, width: Double)
    case exponential(mean: Double)
    case lognormal(logMedian: Double, sigma: Double)
    case pareto(minimum: Double, inverseAlpha: Double)
    /// `count` samples at `start` in ``SamplerTables/values``.
    case empirical(start: Int, count: Int)

    /// The same leaf with its table positions moved by `valueOffset`.
    func rebased(valueOffset: Int) -> SamplerLeaf {
        if case .empirical(let start, let count) = self { return .empirical(start: start + valueOffset, count: count) }
        return self
    }

    @inlinable @inline(__always)
    func sample(tables: SamplerTables, using random: inout RandomStream) -> Double {
        switch self {
        case .constant(let value):
            return value
        case .uniform(let minimum, let width):
            return minimum + width * random.nextUnit()
        case .exponential(let mean):
            return mean * tables.ziggurat.nextExponential(using: &random)
        case .lognormal(let logMedian, let sigma):
            return exp(logMedian + sigma * tables.ziggurat.nextNormal(using: &random))
        case .pareto(let minimum, let inverseAlpha):
            // Inversion x_m · u^(−1/α) with −log u = E ~ Exp(1): x_m · e^(E/α), one exp and no log.
            return minimum * exp(tables.ziggurat.nextExponential(using: &random) * inverseAlpha)
        case .empirical(let start, let count):
            return tables.values[start &+ Int(truncatingIfNeeded: random.nextIndex(below: UInt64(count)))]
        }
    }
}

/// How a draw proceeds: one leaf, a two-leaf mixture, or a flattened mixture of more leaves. Plain data.
@usableFromInline
enum SamplerShape: Sendable {
    case single(SamplerLeaf)
    case pair(first: SamplerLeaf, second: SamplerLeaf, firstWeight: Double)
    /// `count` leaves at `leafStart` in ``SamplerTables/leaves``; the cumulative probability at which each one
    /// ends at `weightStart` in ``SamplerTables/values`` (the last is 1).
    case mixture(weightStart: Int, leafStart: Int, count: Int)

    /// The same shape with its table positions moved by the offsets (when tables are concatenated).
    func rebased(valueOffset: Int, leafOffset: Int) -> SamplerShape {
        switch self {
        case .single(let leaf):
            return .single(leaf.rebased(valueOffset: valueOffset))
        case .pair(let first, let second, let firstWeight):
            return .pair(
                first: first.rebased(valueOffset: valueOffset), second: second.rebased(valueOffset: valueOffset),
                firstWeight: firstWeight)
        case .mixture(let weightStart, let leafStart, let count):
            return .mixture(weightStart: weightStart + valueOffset, leafStart: leafStart + leafOffset, count: count)
        }
    }

    @inlinable @inline(__always)
    func sample(tables: SamplerTables, using random: inout RandomStream) -> Double {
        switch self {
        case .single(let leaf):
            return leaf.sample(tables: tables, using: &random)
        case .pair(let first, let second, let firstWeight):
            return (random.nextUnit() < firstWeight ? first : second).sample(tables: tables, using: &random)
        case .mixture(let weightStart, let leafStart, let count):
            let u = random.nextUnit()
            var index = 0
            while index < count &- 1 && u >= tables.values[weightStart &+ index] { index &+= 1 }
            return tables.leaves[leafStart &+ index].sample(tables: tables, using: &random)
        }
    }
}

/// The tables of one or more samplers: empirical samples, mixture weights and leaves, and the ziggurat tables
/// for normal and exponential draws.
@usableFromInline
struct SamplerTables: Sendable {
    @usableFromInline var values: [Double] = []
    @usableFromInline var leaves: [SamplerLeaf] = []
    @usableFromInline let ziggurat = Ziggurat()

    init() {}

    /// Appends `other`'s tables; returns the offsets by which shapes built on `other` must be rebased.
    mutating func append(_ other: SamplerTables) -> (valueOffset: Int, leafOffset: Int) {
        let offsets = (values.count, leaves.count)
        values += other.values
        leaves += other.leaves.map { $0.rebased(valueOffset: offsets.0) }
        return offsets
    }
}
