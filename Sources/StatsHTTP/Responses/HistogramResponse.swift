import StatsCore

/// `GET /health/performance/histogram[?method=NAME]`: the all-time latency histogram at full resolution, so
/// that a client can merge several servers' histograms exactly (bucket by bucket, by `index`) and compute
/// quantiles of the merge — what `scripts/prometheus-integration.sh` checks Prometheus against.
public struct HistogramResponse: Codable, Sendable, Hashable {
    /// The method, or `null` for all methods together.
    public var method: String?
    /// Sub-buckets per octave are `2^scale`.
    public var scale: Int
    /// Values at or below this are underflow; above ``highestBound``, overflow (seconds).
    public var lowestBound, highestBound: Double
    /// The largest relative error of a quantile taken from a bucket.
    public var relativeErrorBound: Double
    /// Values recorded (NaN excluded) and their sum (seconds).
    public var count: UInt64
    /// Sum of the values, in seconds.
    public var sum: Double
    /// Exact extremes, `null` when empty.
    public var minimum, maximum: Double?
    /// Values outside the buckets: zero, negative, at or below the lowest bound, above the highest bound.
    public var zeroCount, negativeCount, underflowCount, overflowCount: UInt64
    /// The non-empty buckets, ascending: values in `(lower-bound, upper-bound]`.
    public var buckets: [Bucket]

    /// One non-empty bucket.
    public struct Bucket: Codable, Sendable, Hashable {
        /// Index in the layout (the same index means the same bounds on every server with this layout).
        public var index: Int
        /// Exclusive lower bound, seconds.
        public var lowerBound: Double
        /// Inclusive upper bound, seconds.
        public var upperBound: Double
        /// Values in the bucket.
        public var count: UInt64
    }

    /// The dump of `snapshot`.
    public init(method: String?, snapshot: HistogramSnapshot) {
        self.method = method
        scale = snapshot.layout.scale
        lowestBound = snapshot.layout.lowestBound
        highestBound = snapshot.layout.highestBound
        relativeErrorBound = snapshot.layout.relativeErrorBound
        count = snapshot.count
        sum = snapshot.sum
        minimum = snapshot.minimum
        maximum = snapshot.maximum
        zeroCount = snapshot.zeroCount
        negativeCount = snapshot.negativeCount
        underflowCount = snapshot.underflowCount
        overflowCount = snapshot.overflowCount
        buckets = snapshot.nonEmptyBuckets.map {
            Bucket(index: $0.index, lowerBound: $0.lowerBound, upperBound: $0.upperBound, count: $0.count)
        }
    }

    /// Encodes `method`, `minimum` and `maximum` as `null` when absent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(method, forKey: .method)
        try container.encode(scale, forKey: .scale)
        try container.encode(lowestBound, forKey: .lowestBound)
        try container.encode(highestBound, forKey: .highestBound)
        try container.encode(relativeErrorBound, forKey: .relativeErrorBound)
        try container.encode(count, forKey: .count)
        try container.encode(sum, forKey: .sum)
        try container.encode(minimum, forKey: .minimum)
        try container.encode(maximum, forKey: .maximum)
        try container.encode(zeroCount, forKey: .zeroCount)
        try container.encode(negativeCount, forKey: .negativeCount)
        try container.encode(underflowCount, forKey: .underflowCount)
        try container.encode(overflowCount, forKey: .overflowCount)
        try container.encode(buckets, forKey: .buckets)
    }
}
