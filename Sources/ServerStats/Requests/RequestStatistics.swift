import StatsCore

/// The request statistics over the monitor's window. Latencies are in seconds.
public struct RequestStatistics: Sendable, Hashable, Codable {
    /// Requests in the window.
    public var total: UInt64
    /// Failed requests in the window.
    public var errors: UInt64
    /// `errors / total × 100`; 0 when the window is empty.
    public var errorRatePercent: Double
    /// `total` per minute of the time the window covers (0 when it covers no time yet).
    public var requestsPerMinute: Double
    /// Mean latency; `nil` when the window is empty.
    public var average: Double?
    /// Median latency (nearest rank, within the histogram's relative error).
    public var p50: Double?
    /// 95th percentile latency.
    public var p95: Double?
    /// 99th percentile latency.
    public var p99: Double?
    /// Largest latency, exact.
    public var maximum: Double?
    /// Seconds of time the window covered when computed.
    public var coveredSeconds: Double

    /// Derives the figures from a window's merged histogram and error count.
    public init(window: HistogramSnapshot, errors: UInt64, coveredSeconds: Double) {
        total = window.count
        self.errors = errors
        errorRatePercent = total == 0 ? 0 : Double(errors) / Double(total) * 100
        requestsPerMinute = coveredSeconds > 0 ? Double(total) / coveredSeconds * 60 : 0
        average = window.mean
        let quantiles = window.quantiles([0.50, 0.95, 0.99])
        p50 = quantiles[0]
        p95 = quantiles[1]
        p99 = quantiles[2]
        maximum = window.maximum
        self.coveredSeconds = coveredSeconds
    }
}
