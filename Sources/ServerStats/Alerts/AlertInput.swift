/// The figures one alert evaluation looks at; `nil` means unknown and never raises, changes or resolves an alert.
public struct AlertInput: Sendable, Equatable {
    /// When the figures were taken; alerts carry this time, and the cooldown is measured with it.
    public var timestamp: StatsTime
    /// CPU use in percent of one core.
    public var cpuPercent: Double?
    /// Resident memory in percent of the machine's memory.
    public var memoryPercent: Double?
    /// Used space of the fullest watched filesystem, in percent of its size.
    public var diskPercent: Double?
    /// Failed requests in percent of all requests.
    public var errorRatePercent: Double?
    /// The 99th percentile of request latency, in seconds.
    public var p99LatencySeconds: Double?

    /// An input with the given figures; leave out what is unknown.
    public init(
        timestamp: StatsTime, cpuPercent: Double? = nil, memoryPercent: Double? = nil,
        errorRatePercent: Double? = nil, p99LatencySeconds: Double? = nil, diskPercent: Double? = nil
    ) {
        self.timestamp = timestamp
        self.diskPercent = diskPercent
        self.cpuPercent = cpuPercent
        self.memoryPercent = memoryPercent
        self.errorRatePercent = errorRatePercent
        self.p99LatencySeconds = p99LatencySeconds
    }

    /// An input with this process's CPU and memory and the fullest filesystem's used space from `sample`, and
    /// request figures from the request monitor.
    public init(sample: ResourceSample, errorRatePercent: Double? = nil, p99LatencySeconds: Double? = nil) {
        self.init(
            timestamp: sample.timestamp, cpuPercent: sample.cpuPercent, memoryPercent: sample.memoryPercent,
            errorRatePercent: errorRatePercent, p99LatencySeconds: p99LatencySeconds,
            diskPercent: sample.diskUsedPercent)
    }

    /// An input from a resource sample and the request monitor's window: the error rate is unknown (not 0)
    /// while the window holds no request, so an idle server neither raises nor resolves an error-rate alert.
    public init(sample: ResourceSample, requests: RequestStatistics) {
        self.init(
            sample: sample, errorRatePercent: requests.total == 0 ? nil : requests.errorRatePercent,
            p99LatencySeconds: requests.p99)
    }

    /// The value of `metric`, or `nil` when unknown (NaN counts as unknown).
    public func value(of metric: AlertMetric) -> Double? {
        let value: Double? =
            switch metric.kind {
            case .cpu: cpuPercent
            case .memory: memoryPercent
            case .disk: diskPercent
            case .errorRate: errorRatePercent
            case .p99Latency: p99LatencySeconds
            }
        guard let value, !value.isNaN else { return nil }
        return value
    }
}
