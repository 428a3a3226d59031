import Foundation

extension Distribution {
    /// Validates `spec` and builds its sampler.
    ///
    /// An empirical spec's file is read here, once: a relative path is resolved against `baseDirectory` (the
    /// scenario file's directory), or against the current directory when it is `nil`. A mixture of mixtures
    /// is flattened into one list of leaves, so a draw picks its leaf with a single uniform value.
    ///
    /// - Throws: ``DistributionError`` naming the parameter, or the file and line, that is wrong.
    public init(_ spec: DistributionSpec, baseDirectory: URL?) throws(DistributionError) {
        var tables = SamplerTables()
        var components: [(weight: Double, leaf: SamplerLeaf)] = []
        try Self.collectLeaves(of: spec, weight: 1, baseDirectory: baseDirectory, tables: &tables, into: &components)
        switch components.count {
        case 1:
            self.init(shape: .single(components[0].leaf), tables: tables, spec: spec)
        case 2:
            let shape = SamplerShape.pair(
                first: components[0].leaf, second: components[1].leaf, firstWeight: components[0].weight)
            self.init(shape: shape, tables: tables, spec: spec)
        default:
            let weightStart = tables.values.count
            var total = 0.0
            for component in components {
                total += component.weight
                tables.values.append(total)
            }
            tables.values[tables.values.count - 1] = 1
            let leafStart = tables.leaves.count
            tables.leaves += components.map(\.leaf)
            let shape = SamplerShape.mixture(weightStart: weightStart, leafStart: leafStart, count: components.count)
            self.init(shape: shape, tables: tables, spec: spec)
        }
    }

    /// Appends the leaves of `spec`, each with its overall probability (`weight` × its share in `spec`).
    private static func collectLeaves(
        of spec: DistributionSpec, weight: Double, baseDirectory: URL?, tables: inout SamplerTables,
        into components: inout [(weight: Double, leaf: SamplerLeaf)]
    ) throws(DistributionError) {
        switch spec {
        case .bimodal(let first, let second, let firstWeight):
            try require(firstWeight, "bimodal", "firstWeight", firstWeight >= 0 && firstWeight <= 1, "within 0 ... 1")
            try collectLeaves(
                of: first, weight: weight * firstWeight, baseDirectory: baseDirectory, tables: &tables,
                into: &components)
            try collectLeaves(
                of: second, weight: weight * (1 - firstWeight), baseDirectory: baseDirectory, tables: &tables,
                into: &components)
        default:
            components.append((weight, try leaf(for: spec, baseDirectory: baseDirectory, tables: &tables)))
        }
    }

    /// The validated leaf for a spec that is not a mixture.
    private static func leaf(
        for spec: DistributionSpec, baseDirectory: URL?, tables: inout SamplerTables
    ) throws(DistributionError) -> SamplerLeaf {
        let positive = "a finite number above 0"
        switch spec {
        case .constant(let value):
            try require(value, "constant", "value", true, "a finite number")
            return .constant(value)
        case .uniform(let minimum, let maximum):
            try require(minimum, "uniform", "minimum", true, "a finite number")
            try require(maximum, "uniform", "maximum", true, "a finite number")
            guard minimum <= maximum else { throw .invalidRange(minimum: minimum, maximum: maximum) }
            return .uniform(minimum: minimum, width: maximum - minimum)
        case .exponential(let mean):
            try require(mean, "exponential", "mean", mean > 0, positive)
            return .exponential(mean: mean)
        case .lognormal(let median, let sigma):
            try require(median, "lognormal", "median", median > 0, positive)
            try require(sigma, "lognormal", "sigma", sigma > 0, positive)
            return .lognormal(logMedian: Foundation.log(median), sigma: sigma)
        case .pareto(let minimum, let alpha):
            try require(minimum, "pareto", "minimum", minimum > 0, positive)
            try require(alpha, "pareto", "alpha", alpha > 0, positive)
            return .pareto(minimum: minimum, inverseAlpha: 1 / alpha)
        case .empirical(let path):
            let samples = try EmpiricalSamples.load(path: path, baseDirectory: baseDirectory)
            tables.values += samples
            return .empirical(start: tables.values.count - samples.count, count: samples.count)
        case .bimodal:
            preconditionFailure("mixtures are flattened by collectLeaves")
        }
    }

    /// Throws ``DistributionError/invalidParameter(distribution:parameter:value:requirement:)`` unless `value`
    /// is finite and `condition` holds.
    private static func require(
        _ value: Double, _ distribution: String, _ parameter: String, _ condition: Bool, _ requirement: String
    ) throws(DistributionError) {
        guard value.isFinite && condition else {
            throw .invalidParameter(
                distribution: distribution, parameter: parameter, value: value, requirement: requirement)
        }
    }
}
