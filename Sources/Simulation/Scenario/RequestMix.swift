/// The requests a scenario generates (`requests:`): a weighted mix of API methods.
public struct RequestMix: Sendable, Hashable {
    /// The methods, in file order, with distinct names (`methods:`, at least one).
    public var methods: [MethodSpec]

    /// Creates a mix of `methods`.
    public init(methods: [MethodSpec]) {
        self.methods = methods
    }
}

/// One API method of the request mix (`requests.methods[i]`).
public struct MethodSpec: Sendable, Hashable {
    /// The method name (`name:`), unique in the mix.
    public var name: String
    /// Relative weight in the mix (`weight:`, default 1, not negative; the weights must sum to more than 0).
    public var weight: Double
    /// Service latency in seconds (`latency:`, required).
    public var latency: DistributionSpec
    /// Fraction of requests that fail, 0…1 (`error-rate:`, default 0; `0.5%` or `0.005`).
    public var errorRate: Double
    /// Request size in bytes (`request-size:`, default constant 0).
    public var requestSize: DistributionSpec
    /// Response size in bytes (`response-size:`, default constant 0).
    public var responseSize: DistributionSpec
    /// Call cost attributes for model calls (`cost:`, default `nil`: the method records no cost).
    public var cost: CallCostSpec?

    /// Creates a method; the defaults are those of a scenario file that omits the fields.
    public init(
        name: String,
        weight: Double = 1,
        latency: DistributionSpec,
        errorRate: Double = 0,
        requestSize: DistributionSpec = .constant(value: 0),
        responseSize: DistributionSpec = .constant(value: 0),
        cost: CallCostSpec? = nil
    ) {
        self.name = name
        self.weight = weight
        self.latency = latency
        self.errorRate = errorRate
        self.requestSize = requestSize
        self.responseSize = responseSize
        self.cost = cost
    }
}

/// The cost attributes of a method that calls a model (`requests.methods[i].cost`).
public struct CallCostSpec: Sendable, Hashable {
    /// The model identifier recorded with each call (`model:`, required).
    public var model: String
    /// Input tokens per call (`input-tokens:`, required).
    public var inputTokens: DistributionSpec
    /// Output tokens per call (`output-tokens:`, required).
    public var outputTokens: DistributionSpec
    /// Fraction of calls served from the cache, 0…1 (`cache-hit-rate:`, default 0).
    public var cacheHitRate: Double
    /// Cost of one token in dollars (`cost-per-token:`, default 0, not negative).
    public var costPerToken: Double

    /// Creates cost attributes; the defaults are those of a scenario file that omits the fields.
    public init(
        model: String,
        inputTokens: DistributionSpec,
        outputTokens: DistributionSpec,
        cacheHitRate: Double = 0,
        costPerToken: Double = 0
    ) {
        self.model = model
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cacheHitRate = cacheHitRate
        self.costPerToken = costPerToken
    }
}
