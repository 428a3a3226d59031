import Logging
import Synchronization

/// One alert from the moment a metric left its normal level until it came back: what `/health/alerts` lists.
public struct AlertEpisode: Sendable, Equatable, Codable {
    /// The metric that alerted.
    public var metric: AlertMetric
    /// The level it is at now (`warning` or `critical`), or, once resolved, `resolved`.
    public var severity: AlertSeverity
    /// The highest level it reached during the episode.
    public var highestSeverity: AlertSeverity
    /// When it left the normal level (the time of the input that raised it).
    public var startedAt: StatsTime
    /// When it came back to normal, or `nil` while active.
    public var resolvedAt: StatsTime?
    /// The value at the latest change (seconds for latency, percent otherwise).
    public var value: Double
    /// The threshold of the latest change (see ``Alert/threshold``).
    public var threshold: Double
    /// The latest change's sentence.
    public var message: String

    /// Writes `resolvedAt` as `null` while active.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(metric, forKey: .metric)
        try container.encode(severity, forKey: .severity)
        try container.encode(highestSeverity, forKey: .highestSeverity)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(resolvedAt, forKey: .resolvedAt)
        try container.encode(value, forKey: .value)
        try container.encode(threshold, forKey: .threshold)
        try container.encode(message, forKey: .message)
    }
}

/// The alerts of a running server: an ``AlertManager`` (rules, logging, subscribers) plus what is firing now and
/// a bounded history of resolved episodes.
///
/// Cold path: evaluated once per collection, read per request; one `Mutex` guards the episodes.
///
/// ```swift
/// let board = AlertBoard(thresholds: try AlertThresholds(cpuPercent: AlertLevels(warning: 80, critical: 95)))
/// board.evaluate(AlertInput(sample: sample, requests: pipeline.requestStatistics()))
/// board.active()     // [AlertEpisode] firing now, in metric order
/// ```
public final class AlertBoard: Sendable {
    /// The manager that applies the rules, logs each change and delivers it to subscribers.
    public let manager: AlertManager
    /// Resolved episodes kept, newest last; older ones are dropped.
    public let historyLimit: Int
    private let state = Mutex(BoardState())

    private struct BoardState {
        var active: [AlertMetric: AlertEpisode] = [:]
        var resolved: [AlertEpisode] = []
        var evaluations: UInt64 = 0
        var changes: UInt64 = 0
    }

    /// A board applying `thresholds`, logging each change to `logger`, keeping `historyLimit` (at least 1)
    /// resolved episodes.
    public init(
        thresholds: AlertThresholds = .defaults, logger: Logger = Logger(label: "statsbench.alerts"),
        historyLimit: Int = 100
    ) {
        manager = AlertManager(thresholds: thresholds, logger: logger)
        self.historyLimit = max(1, historyLimit)
    }

    /// The thresholds applied.
    public var thresholds: AlertThresholds { manager.thresholds }

    /// Evaluates `input` (see ``AlertEvaluator`` for the rules), updates the episodes and returns the changes.
    @discardableResult
    public func evaluate(_ input: AlertInput) -> [Alert] {
        let alerts = manager.evaluate(input)
        state.withLock { state in
            state.evaluations += 1
            state.changes += UInt64(alerts.count)
            for alert in alerts { apply(alert, to: &state) }
        }
        return alerts
    }

    private func apply(_ alert: Alert, to state: inout BoardState) {
        switch alert.severity {
        case .resolved:
            guard var episode = state.active.removeValue(forKey: alert.metric) else { return }
            episode.severity = .resolved
            episode.resolvedAt = alert.timestamp
            episode.value = alert.value
            episode.threshold = alert.threshold
            episode.message = alert.message
            state.resolved.append(episode)
            if state.resolved.count > historyLimit { state.resolved.removeFirst(state.resolved.count - historyLimit) }
        case .warning, .critical:
            if var episode = state.active[alert.metric] {
                episode.severity = alert.severity
                episode.highestSeverity = max(episode.highestSeverity, alert.severity)
                episode.value = alert.value
                episode.threshold = alert.threshold
                episode.message = alert.message
                state.active[alert.metric] = episode
            } else {
                state.active[alert.metric] = AlertEpisode(
                    metric: alert.metric, severity: alert.severity, highestSeverity: alert.severity,
                    startedAt: alert.timestamp, resolvedAt: nil, value: alert.value, threshold: alert.threshold,
                    message: alert.message)
            }
        }
    }

    /// The episodes firing now, in ``AlertMetric/all`` order.
    public func active() -> [AlertEpisode] {
        state.withLock { state in AlertMetric.all.compactMap { state.active[$0] } }
    }

    /// The resolved episodes kept, oldest first.
    public func resolved() -> [AlertEpisode] {
        state.withLock { $0.resolved }
    }

    /// Evaluations so far.
    public var evaluations: UInt64 { state.withLock { $0.evaluations } }

    /// Level changes (raised, escalated, de-escalated, resolved) so far.
    public var changes: UInt64 { state.withLock { $0.changes } }

    /// Whether `metric` is firing at exactly `severity` now.
    public func isFiring(_ metric: AlertMetric, severity: AlertSeverity) -> Bool {
        state.withLock { $0.active[metric]?.severity == severity }
    }
}
