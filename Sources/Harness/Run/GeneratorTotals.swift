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

    /// Zero totals for `methods` methods.
    public init(methods: Int) {
        self.requestsPerMethod = Array(repeating: 0, count: methods)
    }

    /// Adds another worker's totals.
    public mutating func add(_ other: GeneratorTotals) {
        requests &+= other.requests
        failures &+= other.failures
        requestBytes &+= other.requestBytes
        responseBytes &+= other.responseBytes
        for index in requestsPerMethod.indices {
            requestsPerMethod[index] &+= other.requestsPerMethod[index]
        }
    }
}
