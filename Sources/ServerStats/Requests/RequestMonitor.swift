import StatsCore
import Synchronization

/// The request monitor: totals, errors, error rate, requests per minute and avg/p50/p95/p99/max latency
/// over a sliding window, overall and per API method.
///
/// The window is a ring of per-slot histograms (``StatsCore/WindowedHistogram``, one series per method) plus per-slot
/// error counters, rotated in lockstep by ``advance(to:)``: the record path never reads a clock and a query
/// never sorts, so its cost does not depend on how many requests the window holds. All-time calls and errors
/// per method are kept beside the window, and the window folds every slot it clears into all-time latency
/// histograms (``allTimeLatency(method:)``).
public final class RequestMonitor: Sendable {
    /// The methods recorded.
    public let methods: MethodTable
    /// Length of one slot.
    public let slotDuration: Duration
    /// Slots in the window; the window spans `slotCount × slotDuration`.
    public let slotCount: Int

    /// One series per method.
    @usableFromInline let window: WindowedHistogram
    /// Per (slot, method): errors in that slot. Index `slot * methods + method`.
    @usableFromInline let slotErrors: CounterGroup
    /// Per method: all-time calls (index `2m`) and errors (`2m + 1`).
    @usableFromInline let allTime: CounterGroup
    @usableFromInline let methodCount: Int
    private let rotation: Mutex<Rotation>

    private struct Rotation {
        var slotStart: StatsTime
        var slotsStarted = 1
    }

    /// Creates a monitor whose window is `slotCount` slots of `slotDuration`, starting at `start`.
    public init(
        methods: MethodTable, slotDuration: Duration = .seconds(1), slotCount: Int = 60,
        layout: HistogramLayout = .seconds, registry: WorkerRegistry, start: StatsTime
    ) throws(StatsConfigurationError) {
        guard slotCount >= 1 else { throw .invalid("window.slots", "must be at least 1, got \(slotCount)") }
        guard slotDuration > .zero else { throw .invalid("window.slot", "must be positive, got \(slotDuration)") }
        self.methods = methods
        self.slotDuration = slotDuration
        self.slotCount = slotCount
        self.methodCount = methods.count
        self.window = WindowedHistogram(slotCount: slotCount, series: methods.count, layout: layout, registry: registry)
        self.slotErrors = CounterGroup(count: (slotCount + 1) * methods.count, registry: registry)
        self.allTime = CounterGroup(count: 2 * methods.count, registry: registry)
        self.rotation = Mutex(Rotation(slotStart: start))
    }

    /// Records one request of `method` that took `seconds`. No lock, no allocation, no clock read.
    @inlinable
    public func record(method: MethodID, seconds: Double, failed: Bool, worker: WorkerID) {
        window.record(seconds, series: method.index, worker: worker)
        allTime.increment(method.index &* 2, worker: worker)
        if failed {
            recordFailure(method: method, slot: window.currentSlot, worker: worker)
        }
    }

    /// The error path, kept out of line.
    @usableFromInline
    func recordFailure(method: MethodID, slot: Int, worker: WorkerID) {
        allTime.increment(method.index &* 2 &+ 1, worker: worker)
        slotErrors.increment(slot &* methodCount &+ method.index, worker: worker)
    }

    /// Rotates the window up to `time`: one rotation per slot boundary passed (at most `slotCount + 1`, which
    /// empties it). Call from the ticker or the simulation's clock, one thread at a time.
    public func advance(to time: StatsTime) {
        rotation.withLock { rotation in
            let slotNanoseconds = Self.nanoseconds(slotDuration)
            guard time.nanosecondsSinceEpoch >= rotation.slotStart.nanosecondsSinceEpoch + slotNanoseconds else {
                return
            }
            let passed = (time.nanosecondsSinceEpoch - rotation.slotStart.nanosecondsSinceEpoch) / slotNanoseconds
            for _ in 0..<min(passed, UInt64(slotCount + 1)) {
                let next = (window.currentSlot + 1) % (slotCount + 1)
                for method in 0..<methodCount {
                    slotErrors.reset(next * methodCount + method)
                }
                window.rotate()
            }
            rotation.slotStart = StatsTime(
                nanosecondsSinceEpoch: rotation.slotStart.nanosecondsSinceEpoch + passed * slotNanoseconds)
            rotation.slotsStarted += Int(min(passed, UInt64(slotCount + 1)))
        }
    }

    /// The window's figures at `time` for one method, or for all methods together when `method` is `nil`.
    ///
    /// Computed under the rotation lock, so a rotation cannot move a slot between the cached part and the
    /// current part while they are added up; recording never waits for it.
    public func statistics(method: MethodID? = nil, at time: StatsTime) -> RequestStatistics {
        let ids = method.map { [$0] } ?? methods.ids
        let (latencies, errors, slotStart, started) = rotation.withLock { rotation in
            var latencies = window.completedSnapshot(series: method?.index)
            window.accumulateCurrentSlot(series: method?.index, into: &latencies)
            var errors: UInt64 = 0
            let current = window.currentSlot
            for id in ids {
                for age in 0..<slotCount {
                    let slot = (current - age + slotCount + 1) % (slotCount + 1)
                    errors += slotErrors.load(slot * methodCount + id.index)
                }
            }
            return (latencies, errors, rotation.slotStart, rotation.slotsStarted)
        }
        let partial = max(0, time.seconds(since: slotStart))
        let slotSeconds = Double(Self.nanoseconds(slotDuration)) / 1e9
        let covered = Double(min(started, slotCount) - 1) * slotSeconds + min(partial, slotSeconds)
        return RequestStatistics(window: latencies, errors: errors, coveredSeconds: covered)
    }

    /// The window's merged latency histogram for one method, or for all methods together when `method` is
    /// `nil`: what exporters render as bucket lines. Read under the rotation lock, like ``statistics(method:at:)``.
    public func windowSnapshot(method: MethodID? = nil) -> HistogramSnapshot {
        rotation.withLock { _ in
            var latencies = window.completedSnapshot(series: method?.index)
            window.accumulateCurrentSlot(series: method?.index, into: &latencies)
            return latencies
        }
    }

    /// The latencies of one slot of the window for `method` (all methods when `nil`): `age` 0 is the slot being
    /// recorded, 1 the slot that ended at the last boundary, up to `slotCount − 1`. Taken under the rotation
    /// lock, so a rotation cannot move the slot while it is read.
    public func slotSnapshot(age: Int, method: MethodID? = nil) -> HistogramSnapshot {
        rotation.withLock { _ in
            var snapshot = HistogramSnapshot(layout: window.layout)
            window.accumulateSlot(age: age, series: method?.index, into: &snapshot)
            return snapshot
        }
    }

    /// Every latency recorded for `method` (all methods together when `nil`) since the monitor was created —
    /// the counterpart of ``allTimeCounts(method:)`` for latencies, and what Prometheus's `rate()` and
    /// `histogram_quantile` need (counts that only grow, unlike the window's).
    ///
    /// Kept by the window itself (``StatsCore/WindowedHistogram/allTimeSnapshot(series:)``): each rotation folds
    /// the slot it clears into a running total, so the record path pays nothing and no slot is lost, however
    /// many slot boundaries one ``advance(to:)`` passes. Cost: one merge plus one slot read per method.
    public func allTimeLatency(method: MethodID? = nil) -> HistogramSnapshot {
        window.allTimeSnapshot(series: method?.index)
    }

    /// All-time calls and errors of `method`.
    public func allTimeCounts(method: MethodID) -> (calls: UInt64, errors: UInt64) {
        (allTime.load(method.index * 2), allTime.load(method.index * 2 + 1))
    }

    static func nanoseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        return UInt64(seconds) * 1_000_000_000 + UInt64(attoseconds / 1_000_000_000)
    }
}
