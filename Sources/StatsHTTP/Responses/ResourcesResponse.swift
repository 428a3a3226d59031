import ServerStats

/// `GET /health/resources`: the latest resource sample: this process and the watched one.
/// Every figure that could not be read is `null`; `sample` itself is `null` before the first sample.
public struct ResourcesResponse: Codable, Sendable, Equatable {
    /// The latest sample (`ResourceSample` writes every unknown figure as `null`).
    public var sample: ResourceSample?
    /// Samples the history ring holds (0 without a history collector).
    public var samplesHeld: Int

    /// Encodes `sample` as `null` when there is none.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sample, forKey: .sample)
        try container.encode(samplesHeld, forKey: .samplesHeld)
    }
}
