import ServerStats
import StatsCore

/// `GET /health/performance`: the request monitor over its sliding window, overall and per method, and
/// the all-time latency figures when the server keeps them. Latencies are in seconds; unknown ones are `null`.
public struct PerformanceResponse: Codable, Sendable, Hashable {
    /// All methods together, over the window.
    public var window: WindowFigures
    /// All methods together, since start; `null` when the server keeps no all-time histogram.
    public var allTime: LatencyFigures?
    /// Per method, in the method table's order.
    public var methods: [MethodPerformance]

    /// Encodes `allTime` as `null` when absent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(window, forKey: .window)
        try container.encode(allTime, forKey: .allTime)
        try container.encode(methods, forKey: .methods)
    }
}

/// One method's figures.
public struct MethodPerformance: Codable, Sendable, Hashable {
    /// The method's name.
    public var method: String
    /// Calls since start.
    public var callsTotal: UInt64
    /// Failed calls since start.
    public var errorsTotal: UInt64
    /// Over the window.
    public var window: WindowFigures
    /// Since start; `null` when the server keeps no all-time histogram.
    public var allTime: LatencyFigures?

    /// Encodes `allTime` as `null` when absent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(method, forKey: .method)
        try container.encode(callsTotal, forKey: .callsTotal)
        try container.encode(errorsTotal, forKey: .errorsTotal)
        try container.encode(window, forKey: .window)
        try container.encode(allTime, forKey: .allTime)
    }
}

/// The request statistics over the sliding window.
public struct WindowFigures: Codable, Sendable, Hashable {
    /// Seconds of time the window covered.
    public var coveredSeconds: Double
    /// Requests in the window.
    public var requests: UInt64
    /// Requests per minute over the covered time.
    public var requestsPerMinute: Double
    /// Failed requests in the window.
    public var errors: UInt64
    /// Failed / all requests, in percent.
    public var errorRatePercent: Double
    /// Mean, median, 95th and 99th percentile (nearest rank) and largest latency; `null` when empty.
    public var averageSeconds, p50Seconds, p95Seconds, p99Seconds, maxSeconds: Double?

    /// The figures of `statistics`.
    public init(_ statistics: RequestStatistics) {
        coveredSeconds = statistics.coveredSeconds
        requests = statistics.total
        requestsPerMinute = statistics.requestsPerMinute
        errors = statistics.errors
        errorRatePercent = statistics.errorRatePercent
        averageSeconds = statistics.average
        p50Seconds = statistics.p50
        p95Seconds = statistics.p95
        p99Seconds = statistics.p99
        maxSeconds = statistics.maximum
    }

    /// Encodes unknown latencies as `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(coveredSeconds, forKey: .coveredSeconds)
        try container.encode(requests, forKey: .requests)
        try container.encode(requestsPerMinute, forKey: .requestsPerMinute)
        try container.encode(errors, forKey: .errors)
        try container.encode(errorRatePercent, forKey: .errorRatePercent)
        try container.encode(averageSeconds, forKey: .averageSeconds)
        try container.encode(p50Seconds, forKey: .p50Seconds)
        try container.encode(p95Seconds, forKey: .p95Seconds)
        try container.encode(p99Seconds, forKey: .p99Seconds)
        try container.encode(maxSeconds, forKey: .maxSeconds)
    }
}

/// Latency figures of a histogram (all-time): count, sum, extremes and quantiles (nearest rank, within the
/// histogram's relative error; the extremes exact).
public struct LatencyFigures: Codable, Sendable, Hashable {
    /// Latencies recorded.
    public var count: UInt64
    /// Their sum, in seconds.
    public var sumSeconds: Double
    /// Smallest, mean, p50, p90, p99, p99.9 and largest; `null` when empty.
    public var minSeconds, averageSeconds, p50Seconds, p90Seconds, p99Seconds, p999Seconds, maxSeconds: Double?

    /// The figures of `snapshot`.
    public init(_ snapshot: HistogramSnapshot) {
        count = snapshot.count
        sumSeconds = snapshot.sum
        minSeconds = snapshot.minimum
        averageSeconds = snapshot.mean
        let quantiles = snapshot.quantiles([0.5, 0.9, 0.99, 0.999])
        p50Seconds = quantiles[0]
        p90Seconds = quantiles[1]
        p99Seconds = quantiles[2]
        p999Seconds = quantiles[3]
        maxSeconds = snapshot.maximum
    }

    /// Encodes unknown figures as `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(count, forKey: .count)
        try container.encode(sumSeconds, forKey: .sumSeconds)
        try container.encode(minSeconds, forKey: .minSeconds)
        try container.encode(averageSeconds, forKey: .averageSeconds)
        try container.encode(p50Seconds, forKey: .p50Seconds)
        try container.encode(p90Seconds, forKey: .p90Seconds)
        try container.encode(p99Seconds, forKey: .p99Seconds)
        try container.encode(p999Seconds, forKey: .p999Seconds)
        try container.encode(maxSeconds, forKey: .maxSeconds)
    }
}
