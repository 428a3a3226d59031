/// A metric's two alert levels: warning and critical. A value **at or above** a threshold reaches its level.
public struct AlertLevels: Sendable, Hashable, Codable {
    /// The value from which the metric is at warning level.
    public var warning: Double
    /// The value from which the metric is at critical level.
    public var critical: Double

    /// Levels for one metric; checked when given to ``AlertThresholds``.
    public init(warning: Double, critical: Double) {
        self.warning = warning
        self.critical = critical
    }
}

/// The alert levels of every metric, plus the hysteresis and cooldown that keep alerts from flapping.
///
/// Defaults: CPU 70 / 90 %, memory 75 / 90 %, disk 80 / 95 % used, error rate 1 / 5 %, p99 latency 0.5 / 2 s,
/// hysteresis 10 %, no cooldown. Values are validated once, here: each threshold finite and >= 0, warning <=
/// critical, hysteresis in `0 ..< 1`, cooldown finite and >= 0. See ``AlertEvaluator`` for how they are applied.
///
/// ```swift
/// let thresholds = try AlertThresholds(cpuPercent: AlertLevels(warning: 80, critical: 95))
/// ```
public struct AlertThresholds: Sendable, Hashable {
    /// The default thresholds.
    public static let defaults = AlertThresholds(
        validCPU: AlertLevels(warning: 70, critical: 90),
        memory: AlertLevels(warning: 75, critical: 90),
        disk: AlertLevels(warning: 80, critical: 95),
        errorRate: AlertLevels(warning: 1, critical: 5),
        latency: AlertLevels(warning: 0.5, critical: 2))

    /// CPU use in percent of one core.
    public let cpuPercent: AlertLevels
    /// Resident memory in percent of the machine's memory.
    public let memoryPercent: AlertLevels
    /// Used space of the fullest watched filesystem, in percent.
    public let diskPercent: AlertLevels
    /// Failed requests in percent.
    public let errorRatePercent: AlertLevels
    /// p99 request latency in seconds (default 500 / 2000 ms).
    public let p99LatencySeconds: AlertLevels
    /// Fraction of a threshold a value must fall below it before the level is left: a level reached at `t`
    /// is left only below `t × (1 − hysteresis)`.
    public let hysteresis: Double
    /// Minimum time a metric stays at a level it reached before it may de-escalate or resolve (0 = none);
    /// escalations are never delayed.
    public let cooldownSeconds: Double

    /// Thresholds with the given levels (each defaulting to ``defaults``'s level), validated.
    ///
    /// Throws ``AlertConfigurationError`` naming the metric and value that is wrong.
    public init(
        cpuPercent: AlertLevels = AlertThresholds.defaults.cpuPercent,
        memoryPercent: AlertLevels = AlertThresholds.defaults.memoryPercent,
        errorRatePercent: AlertLevels = AlertThresholds.defaults.errorRatePercent,
        p99LatencySeconds: AlertLevels = AlertThresholds.defaults.p99LatencySeconds,
        hysteresis: Double = 0.1,
        cooldownSeconds: Double = 0,
        diskPercent: AlertLevels = AlertThresholds.defaults.diskPercent
    ) throws(AlertConfigurationError) {
        let levels = [cpuPercent, memoryPercent, diskPercent, errorRatePercent, p99LatencySeconds]
        for (metric, level) in zip(AlertMetric.all, levels) {
            for (severity, value) in [(AlertSeverity.warning, level.warning), (.critical, level.critical)]
            where !value.isFinite || value < 0 {
                throw .invalidThreshold(metric: metric, severity: severity, value: value)
            }
            guard level.warning <= level.critical else {
                throw .warningAboveCritical(metric: metric, warning: level.warning, critical: level.critical)
            }
        }
        guard hysteresis >= 0, hysteresis < 1 else { throw .invalidHysteresis(hysteresis) }
        guard cooldownSeconds.isFinite, cooldownSeconds >= 0 else { throw .invalidCooldown(seconds: cooldownSeconds) }
        self.cpuPercent = cpuPercent
        self.memoryPercent = memoryPercent
        self.diskPercent = diskPercent
        self.errorRatePercent = errorRatePercent
        self.p99LatencySeconds = p99LatencySeconds
        self.hysteresis = hysteresis
        self.cooldownSeconds = cooldownSeconds
    }

    private init(
        validCPU: AlertLevels, memory: AlertLevels, disk: AlertLevels, errorRate: AlertLevels, latency: AlertLevels
    ) {
        cpuPercent = validCPU
        memoryPercent = memory
        diskPercent = disk
        errorRatePercent = errorRate
        p99LatencySeconds = latency
        hysteresis = 0.1
        cooldownSeconds = 0
    }

    /// The levels of `metric`.
    public func levels(for metric: AlertMetric) -> AlertLevels {
        switch metric.kind {
        case .cpu: cpuPercent
        case .memory: memoryPercent
        case .disk: diskPercent
        case .errorRate: errorRatePercent
        case .p99Latency: p99LatencySeconds
        }
    }
}
