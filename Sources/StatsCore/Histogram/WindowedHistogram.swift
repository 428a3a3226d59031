import Synchronization

/// Histograms over a sliding window, built by rotation rather than by sorting: for each of `series`
/// independent series (e.g. API methods), a ring of per-slot histograms (e.g. 60 slots of 1 s), of which
/// workers record into the current one. All slots of all series are banks of one ``ExponentialHistogram``.
///
/// - Recording is one relaxed load of the current slot number plus an ``ExponentialHistogram`` record: no
///   lock, no allocation, no clock read, no reference counting. Time is not read on the record path at all:
///   whoever owns the clock (a ticker, or the simulation) calls ``rotate()`` at each slot boundary.
/// - ``rotate()`` (cold) clears the spare slot — the one that left the window a full slot ago, which nobody
///   records into any more — makes it current, and re-merges the complete slots into cached snapshots (per
///   series and over all series).
/// - A snapshot is a cached merge plus the live current slot: its cost is fixed by the layout and the shard
///   count, whatever the number of values in the window (10 thousand or 10 million).
///
/// The window holds the current slot and the `slotCount − 1` slots before it.
public final class WindowedHistogram: Sendable {
    /// Slots covered by the window, the current one included.
    public let slotCount: Int
    /// Number of independent series.
    public let series: Int
    /// The bucket layout of every slot.
    public var layout: HistogramLayout { histogram.layout }

    @usableFromInline let histogram: ExponentialHistogram
    /// Slots per series in the ring: the window plus one spare.
    @usableFromInline let ring: Int
    @usableFromInline let current = Atomic<Int>(0)
    private let completed: Mutex<Completed>

    private struct Completed {
        var perSeries: [HistogramSnapshot]
        var allSeries: HistogramSnapshot
    }

    /// Creates `series` empty windows of `slotCount` slots (at least 1) with one shard per worker of `registry`.
    public init(slotCount: Int, series: Int = 1, layout: HistogramLayout = .seconds, registry: WorkerRegistry) {
        precondition(slotCount >= 1, "WindowedHistogram needs at least one slot, got \(slotCount)")
        precondition(series >= 1, "WindowedHistogram needs at least one series, got \(series)")
        self.slotCount = slotCount
        self.series = series
        // One spare beyond the window: it is cleared while out of the window, before it becomes current.
        self.ring = slotCount + 1
        self.histogram = ExponentialHistogram(layout: layout, registry: registry, banks: series * (slotCount + 1))
        let empty = HistogramSnapshot(layout: layout)
        self.completed = Mutex(Completed(perSeries: Array(repeating: empty, count: series), allSeries: empty))
    }

    /// Index (in `0...slotCount`) of the slot being recorded now; advances by one per ``rotate()``, wrapping.
    public var currentSlot: Int { current.load(ordering: .relaxed) }

    /// Records `value` into the current slot of `series` (default 0).
    @inlinable @inline(__always)
    public func record(_ value: Double, series: Int = 0, worker: WorkerID) {
        precondition(UInt(bitPattern: series) < UInt(bitPattern: self.series), "window series \(series) out of range")
        histogram.record(value, bank: series &* ring &+ current.load(ordering: .relaxed), worker: worker)
    }

    /// Starts the next slot: the oldest leaves the window. Call from one thread (the ticker) at a time.
    public func rotate() {
        let next = (current.load(ordering: .relaxed) + 1) % ring
        for index in 0..<series {
            histogram.reset(bank: index * ring + next)
        }
        current.store(next, ordering: .releasing)
        // The complete slots now in the window: the slotCount − 1 before the new current one.
        var perSeries: [HistogramSnapshot] = []
        var allSeries = HistogramSnapshot(layout: layout)
        for index in 0..<series {
            var merged = HistogramSnapshot(layout: layout)
            for age in 1..<slotCount {
                histogram.accumulate(bank: index * ring + (next - age + ring) % ring, into: &merged)
            }
            try! allSeries.merge(merged)  // same layout by construction
            perSeries.append(merged)
        }
        completed.withLock { $0 = Completed(perSeries: perSeries, allSeries: allSeries) }
    }

    /// Everything in the window of `series`, or of all series together when `nil`.
    public func snapshot(series: Int? = nil) -> HistogramSnapshot {
        var result = completedSnapshot(series: series)
        accumulateCurrentSlot(series: series, into: &result)
        return result
    }

    /// The complete slots of the window (the current slot excluded), as merged at the last rotation, for
    /// `series` or all series together when `nil`.
    public func completedSnapshot(series: Int? = nil) -> HistogramSnapshot {
        completed.withLock { completed in series.map { completed.perSeries[$0] } ?? completed.allSeries }
    }

    /// Adds the current slot of `series` (or of every series when `nil`) to `snapshot` (same layout).
    public func accumulateCurrentSlot(series: Int? = nil, into snapshot: inout HistogramSnapshot) {
        let slot = current.load(ordering: .acquiring)
        for index in series.map({ [$0] }) ?? Array(0..<self.series) {
            histogram.accumulate(bank: index * ring + slot, into: &snapshot)
        }
    }

    /// Adds one slot of `series` (or of every series when `nil`) to `snapshot`: `age` 0 is the current slot,
    /// 1 the slot completed at the last rotation, up to `slotCount − 1`, the oldest slot still in the window.
    public func accumulateSlot(age: Int, series: Int? = nil, into snapshot: inout HistogramSnapshot) {
        precondition(age >= 0 && age < slotCount, "slot age \(age) is outside the window of \(slotCount) slots")
        let slot = (current.load(ordering: .acquiring) - age + ring) % ring
        for index in series.map({ [$0] }) ?? Array(0..<self.series) {
            histogram.accumulate(bank: index * ring + slot, into: &snapshot)
        }
    }
}
