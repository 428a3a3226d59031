import CoreMetrics
import StatsCore

/// A swift-metrics `Counter` backend: one StatsCore ``StatsCore/CounterGroup`` word, recorded through the
/// registry's shared worker id (an atomic add).
final class StatsCounterHandler: CounterHandler, Sendable {
    let key: MetricKey
    private let counter: CounterGroup
    private let worker: WorkerID

    init(key: MetricKey, registry: WorkerRegistry, worker: WorkerID) {
        self.key = key
        self.counter = CounterGroup(count: 1, registry: registry)
        self.worker = worker
    }

    /// Adds `amount`; a negative amount is ignored (a counter only goes up).
    func increment(by amount: Int64) {
        guard amount > 0 else { return }
        counter.increment(0, by: UInt64(amount), worker: worker)
    }

    func reset() { counter.reset(0) }

    var value: UInt64 { counter.load(0) }
}

/// A swift-metrics `FloatingPointCounter` backend: an atomic `Double` sum.
final class StatsFloatingPointCounterHandler: FloatingPointCounterHandler, Sendable {
    let key: MetricKey
    private let sum = AtomicDouble()

    init(key: MetricKey) { self.key = key }

    /// Adds `amount`; a negative or NaN amount is ignored (a counter only goes up).
    func increment(by amount: Double) {
        guard amount > 0 else { return }
        sum.add(amount)
    }

    func reset() { sum.store(0) }

    var value: Double { sum.load() }
}

/// A swift-metrics `Meter` backend: an atomic `Double`.
final class StatsMeterHandler: MeterHandler, Sendable {
    let key: MetricKey
    private let current = AtomicDouble()

    init(key: MetricKey) { self.key = key }

    func set(_ value: Int64) { current.store(Double(value)) }
    func set(_ value: Double) { current.store(value) }
    func increment(by amount: Double) { current.add(amount) }
    func decrement(by amount: Double) { current.add(-amount) }

    var value: Double { current.load() }
}

/// A swift-metrics `Recorder` backend. Aggregating: an ``StatsCore/ExponentialHistogram`` recorded through the
/// shared worker id. Not aggregating (`Gauge`): the last value, in an atomic `Double`.
final class StatsRecorderHandler: RecorderHandler, Sendable {
    let key: MetricKey
    private let histogram: ExponentialHistogram?
    private let last = AtomicDouble()
    private let worker: WorkerID

    init(key: MetricKey, aggregate: Bool, layout: HistogramLayout, registry: WorkerRegistry, worker: WorkerID) {
        self.key = key
        self.histogram = aggregate ? ExponentialHistogram(layout: layout, registry: registry) : nil
        self.worker = worker
    }

    func record(_ value: Int64) { record(Double(value)) }

    func record(_ value: Double) {
        if let histogram {
            histogram.record(value, worker: worker)
        } else {
            last.store(value)
        }
    }

    var value: MetricValue {
        histogram.map { .recorder($0.snapshot()) } ?? .gauge(last.load())
    }
}

/// A swift-metrics `Timer` backend: an ``StatsCore/ExponentialHistogram`` of nanoseconds.
final class StatsTimerHandler: TimerHandler, Sendable {
    let key: MetricKey
    private let histogram: ExponentialHistogram
    private let worker: WorkerID

    init(key: MetricKey, layout: HistogramLayout, registry: WorkerRegistry, worker: WorkerID) {
        self.key = key
        self.histogram = ExponentialHistogram(layout: layout, registry: registry)
        self.worker = worker
    }

    func recordNanoseconds(_ duration: Int64) {
        histogram.record(Double(duration), worker: worker)
    }

    var value: HistogramSnapshot { histogram.snapshot() }
}
