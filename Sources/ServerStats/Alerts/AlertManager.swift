import Logging
import Synchronization

/// Evaluates inputs against thresholds, logs every alert and delivers it to every subscriber.
///
/// Wraps an ``AlertEvaluator`` (which holds the rules: levels, hysteresis, cooldown) under a `Mutex` — a cold
/// path, evaluated once per stats interval. Each subscriber gets its own `AsyncStream` and receives every alert
/// emitted after it subscribed, in evaluation order. Alerts are logged at `critical` level for critical,
/// `warning` for warning and `notice` for resolved, with the alert's id, metric, value and threshold as metadata.
///
/// A subscriber that does not keep up loses its oldest buffered alerts beyond `bufferLimit` (counted in
/// ``droppedAlerts``); other subscribers are not affected. ``shutdown()`` finishes every stream.
///
/// ```swift
/// let alerts = AlertManager()
/// Task { for await alert in alerts.subscribe() { notify(alert.message) } }
/// alerts.evaluate(AlertInput(sample: sample, errorRatePercent: 0.4, p99LatencySeconds: 0.120))
/// ```
public final class AlertManager: Sendable {
    private let state: Mutex<ManagerState>
    private let logger: Logger
    private let bufferLimit: Int
    private let dropped = Atomic<UInt64>(0)

    /// Creates a manager with every metric at normal level.
    ///
    /// - Parameters:
    ///   - thresholds: levels, hysteresis and cooldown (default: ``AlertThresholds/defaults``).
    ///   - logger: where each alert is logged.
    ///   - bufferLimit: alerts buffered per subscriber that has not read them yet (at least 1); beyond it the
    ///     newest alerts are kept.
    public init(
        thresholds: AlertThresholds = .defaults,
        logger: Logger = Logger(label: "statsbench.alerts"),
        bufferLimit: Int = 1024
    ) {
        state = Mutex(ManagerState(evaluator: AlertEvaluator(thresholds: thresholds)))
        self.logger = logger
        self.bufferLimit = max(1, bufferLimit)
    }

    /// The thresholds applied.
    public var thresholds: AlertThresholds {
        state.withLock { $0.evaluator.thresholds }
    }

    /// The level `metric` is at: `.warning`, `.critical`, or `nil` when normal.
    public func activeSeverity(of metric: AlertMetric) -> AlertSeverity? {
        state.withLock { $0.evaluator.activeSeverity(of: metric) }
    }

    /// Evaluates `input`, delivers the resulting alerts to every subscriber and logs them.
    ///
    /// - Returns: the alerts emitted (empty when no metric changed level). Evaluation goes on after
    ///   ``shutdown()``; only delivery stops.
    @discardableResult
    public func evaluate(_ input: AlertInput) -> [Alert] {
        let alerts = state.withLock { state in
            let alerts = state.evaluator.evaluate(input)
            // Yield under the lock, so that concurrent evaluations reach every subscriber in the same order.
            for alert in alerts {
                for continuation in state.subscribers.values {
                    if case .dropped = continuation.yield(alert) {
                        dropped.add(1, ordering: .relaxed)
                    }
                }
            }
            return alerts
        }
        for alert in alerts { log(alert) }
        return alerts
    }

    /// A stream of every alert emitted from now on; it finishes at ``shutdown()`` (at once if already shut down).
    ///
    /// Stop reading by cancelling the consuming task or dropping the stream: the subscription is then removed.
    public func subscribe() -> AsyncStream<Alert> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: Alert.self, bufferingPolicy: .bufferingNewest(bufferLimit))
        let added = state.withLock { state -> Bool in
            guard !state.isShutDown else { return false }
            let id = state.nextSubscriberID
            state.nextSubscriberID += 1
            state.subscribers[id] = continuation
            continuation.onTermination = { [weak self] _ in self?.unsubscribe(id) }
            return true
        }
        if !added { continuation.finish() }
        return stream
    }

    /// Finishes every subscriber's stream; later subscriptions finish at once.
    public func shutdown() {
        let continuations = state.withLock { state in
            state.isShutDown = true
            defer { state.subscribers = [:] }
            return Array(state.subscribers.values)
        }
        // Outside the lock: finishing runs the termination handler, which takes the lock.
        for continuation in continuations { continuation.finish() }
    }

    /// Number of live subscriptions.
    public var subscriberCount: Int {
        state.withLock { $0.subscribers.count }
    }

    /// Alerts a slow subscriber's full buffer lost, over all subscribers.
    public var droppedAlerts: UInt64 {
        dropped.load(ordering: .relaxed)
    }

    private func unsubscribe(_ id: UInt64) {
        _ = state.withLock { $0.subscribers.removeValue(forKey: id) }
    }

    private func log(_ alert: Alert) {
        let level: Logger.Level =
            switch alert.severity {
            case .critical: .critical
            case .warning: .warning
            case .resolved: .notice
            }
        logger.log(
            level: level, "\(alert.message)",
            metadata: [
                "alert_id": "\(alert.id)", "metric": "\(alert.metric.name)", "value": "\(alert.value)",
                "threshold": "\(alert.threshold)",
            ])
    }
}

/// The manager's state: the rules' state and the subscribers' continuations.
struct ManagerState: Sendable {
    var evaluator: AlertEvaluator
    var subscribers: [UInt64: AsyncStream<Alert>.Continuation] = [:]
    var nextSubscriberID: UInt64 = 0
    var isShutDown = false
}
