import CoreMetrics
import StatsCore
import Synchronization

/// Identifies one metric: its kind, label and dimensions (sorted, so their order does not matter).
struct MetricKey: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case counter, floatingPointCounter, meter, recorder, gauge, timer
    }

    let kind: Kind
    let label: String
    let dimensions: [MetricDimension]

    init(_ kind: Kind, label: String, dimensions: [(String, String)]) {
        self.kind = kind
        self.label = label
        self.dimensions = dimensions.map { MetricDimension(key: $0.0, value: $0.1) }.sorted()
    }
}

/// A swift-metrics backend (`MetricsFactory`) that records into StatsCore primitives, so that libraries
/// instrumented with swift-metrics land in the same pipeline and the same Prometheus page.
///
/// - `Counter` → a ``StatsCore/CounterGroup`` word; `Timer` → an ``StatsCore/ExponentialHistogram`` with the
///   ``StatsCore/HistogramLayout/nanoseconds`` layout; aggregating `Recorder` → an `ExponentialHistogram` with
///   ``recorderLayout``; `Gauge` (non-aggregating recorder), `Meter` and `FloatingPointCounter` → one atomic
///   `Double` each.
/// - Handlers are deduplicated: the same kind, label and dimensions (in any order) return the same handler and
///   so the same storage. Creating one takes a lock; recording never does.
///
/// **Why the shared shard.** StatsCore's exclusive shards are single-writer: a record is a plain load and
/// store, correct only if one thread at a time owns the ``StatsCore/WorkerID``. swift-metrics calls handlers
/// from arbitrary threads (any task, any executor) and gives the backend no worker identity, so an exclusive
/// shard would lose increments. Every handler therefore records through the registry's *shared overflow*
/// id (``StatsCore/WorkerRegistry/registerShared()``), whose updates are atomic read-modify-writes: exact under
/// any number of threads, lock-free, about the cost of a contended atomic add — still several times cheaper
/// than a locked backend. Code on our own hot paths keeps using exclusive shards directly; this backend is for
/// third-party instrumentation. The cost: the registry's one exclusive shard stays unused, doubling each
/// primitive's memory (a timer holds two 21 KiB shards).
///
/// ```swift
/// let metrics = StatsMetricsFactory()
/// MetricsSystem.bootstrap(metrics)
/// Counter(label: "http_requests", dimensions: [("status", "200")]).increment()
/// renderer.appendMetrics(metrics.snapshot())
/// ```
public final class StatsMetricsFactory: MetricsFactory, Sendable {
    /// Layout of aggregating recorders' histograms.
    public let recorderLayout: HistogramLayout
    /// Layout of timers' histograms (nanoseconds).
    public let timerLayout: HistogramLayout

    private let registry: WorkerRegistry
    private let worker: WorkerID
    private let handlers = Mutex<[MetricKey: any Sendable & AnyObject]>([:])

    /// A factory whose recorders use `recorderLayout` (default scale 4 over `(2^-20, 2^44]`: 1024 buckets,
    /// ±2.2 %) and whose timers use `timerLayout` (default 1 ns ... 1 h at scale 6).
    public init(
        recorderLayout: HistogramLayout = try! HistogramLayout(scale: 4, lowestExponent: -20, highestExponent: 44),
        timerLayout: HistogramLayout = .nanoseconds
    ) {
        self.recorderLayout = recorderLayout
        self.timerLayout = timerLayout
        self.registry = WorkerRegistry(capacity: 1)
        self.worker = registry.registerShared()
    }

    /// The counter for `label` and `dimensions`, created on first use.
    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        handler(MetricKey(.counter, label: label, dimensions: dimensions)) {
            StatsCounterHandler(key: $0, registry: registry, worker: worker)
        }
    }

    /// The floating-point counter for `label` and `dimensions`, created on first use.
    public func makeFloatingPointCounter(
        label: String, dimensions: [(String, String)]
    ) -> any FloatingPointCounterHandler {
        handler(MetricKey(.floatingPointCounter, label: label, dimensions: dimensions)) {
            StatsFloatingPointCounterHandler(key: $0)
        }
    }

    /// The meter for `label` and `dimensions`, created on first use.
    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        handler(MetricKey(.meter, label: label, dimensions: dimensions)) { StatsMeterHandler(key: $0) }
    }

    /// The recorder (a histogram when `aggregate`, else a gauge) for `label` and `dimensions`.
    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        handler(MetricKey(aggregate ? .recorder : .gauge, label: label, dimensions: dimensions)) {
            StatsRecorderHandler(
                key: $0, aggregate: aggregate, layout: recorderLayout, registry: registry, worker: worker)
        }
    }

    /// The timer for `label` and `dimensions`, created on first use.
    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        handler(MetricKey(.timer, label: label, dimensions: dimensions)) {
            StatsTimerHandler(key: $0, layout: timerLayout, registry: registry, worker: worker)
        }
    }

    /// Forgets the counter: a later `makeCounter` with its label starts from zero.
    public func destroyCounter(_ handler: any CounterHandler) {
        forget((handler as? StatsCounterHandler)?.key, handler)
    }

    /// Forgets the floating-point counter.
    public func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
        forget((handler as? StatsFloatingPointCounterHandler)?.key, handler)
    }

    /// Forgets the meter.
    public func destroyMeter(_ handler: any MeterHandler) {
        forget((handler as? StatsMeterHandler)?.key, handler)
    }

    /// Forgets the recorder.
    public func destroyRecorder(_ handler: any RecorderHandler) {
        forget((handler as? StatsRecorderHandler)?.key, handler)
    }

    /// Forgets the timer.
    public func destroyTimer(_ handler: any TimerHandler) {
        forget((handler as? StatsTimerHandler)?.key, handler)
    }

    /// Every live metric's value, ordered by label, then dimensions, then kind.
    public func snapshot() -> MetricsSnapshot {
        let entries = handlers.withLock { Array($0.values) }
        let samples = entries.compactMap { entry -> (MetricKey, MetricValue)? in
            switch entry {
            case let counter as StatsCounterHandler: return (counter.key, .counter(counter.value))
            case let counter as StatsFloatingPointCounterHandler:
                return (counter.key, .floatingPointCounter(counter.value))
            case let meter as StatsMeterHandler: return (meter.key, .meter(meter.value))
            case let recorder as StatsRecorderHandler: return (recorder.key, recorder.value)
            case let timer as StatsTimerHandler: return (timer.key, .timer(timer.value))
            default: return nil
            }
        }
        return MetricsSnapshot(
            metrics:
                samples
                .sorted { left, right in
                    if left.0.label != right.0.label { return left.0.label < right.0.label }
                    if left.0.dimensions != right.0.dimensions {
                        return left.0.dimensions.lexicographicallyPrecedes(right.0.dimensions)
                    }
                    return "\(left.0.kind)" < "\(right.0.kind)"
                }
                .map { MetricSample(label: $0.0.label, dimensions: $0.0.dimensions, value: $0.1) })
    }

    /// The handler stored under `key`, or a new one from `make` (under the creation lock).
    private func handler<Handler: Sendable & AnyObject>(
        _ key: MetricKey, _ make: (MetricKey) -> Handler
    ) -> Handler {
        handlers.withLock { handlers in
            if let existing = handlers[key] as? Handler { return existing }
            let created = make(key)
            handlers[key] = created
            return created
        }
    }

    private func forget(_ key: MetricKey?, _ handler: AnyObject) {
        guard let key else { return }
        handlers.withLock { handlers in
            if let stored = handlers[key], stored === handler { handlers[key] = nil }
        }
    }
}
