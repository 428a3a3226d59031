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
/// - ``allTimeSnapshot(series:)`` is everything ever recorded: ``rotate()`` folds the spare slot into a
///   running total just before it clears it, so no slot is ever lost, however many boundaries one clock move
///   passes, and the record path pays nothing for it.
///
/// The window holds the current slot and the `slotCount − 1` slots before it; the ring holds one more, the
/// spare, which left the window at the last rotation and is folded and cleared at the next.
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
        /// Per series: the complete slots of the window (ages 1 to `slotCount − 1`).
        var perSeries: [HistogramSnapshot]
        /// ``perSeries`` merged.
        var allSeries: HistogramSnapshot
        /// Per series: every slot cleared so far (folded just before its reset).
        var retired: [HistogramSnapshot]
        /// Per series: ``retired`` plus the window's complete slots plus the spare — all but the current slot.
        var allTimeBeforeCurrent: [HistogramSnapshot]
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
        let perSeries = Array(repeating: empty, count: series)
        self.completed = Mutex(
            Completed(perSeries: perSeries, allSeries: empty, retired: perSeries, allTimeBeforeCurrent: perSeries))
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
    ///
    /// The spare slot (the one that left the window a full slot ago) is folded into the all-time totals, then
    /// cleared and made current; the caches of the window's complete slots and of the all-time totals are
    /// rebuilt. Everything happens under the cache's lock, so ``allTimeSnapshot(series:)`` never sees a slot
    /// missing or counted twice.
    public func rotate() {
        completed.withLock { completed in
            let next = (current.load(ordering: .relaxed) + 1) % ring
            for index in 0..<series {
                histogram.accumulate(bank: index * ring + next, into: &completed.retired[index])
                histogram.reset(bank: index * ring + next)
            }
            current.store(next, ordering: .releasing)
            // The complete slots now in the window: the slotCount − 1 before the new current one; the new spare
            // is the slot just before them.
            var allSeries = HistogramSnapshot(layout: layout)
            for index in 0..<series {
                var merged = HistogramSnapshot(layout: layout)
                for age in 1..<slotCount {
                    histogram.accumulate(bank: index * ring + (next - age + ring) % ring, into: &merged)
                }
                allSeries.merge(sameLayout: merged)
                completed.perSeries[index] = merged
                var beforeCurrent = completed.retired[index]
                beforeCurrent.merge(sameLayout: merged)
                histogram.accumulate(bank: index * ring + (next - slotCount + ring) % ring, into: &beforeCurrent)
                completed.allTimeBeforeCurrent[index] = beforeCurrent
            }
            completed.allSeries = allSeries
        }
    }

    /// Everything ever recorded into `series` (every series together when `nil`): the slots already cleared,
    /// the window's complete slots and the spare as of the last rotation, plus the current slot read live.
    ///
    /// Counts only grow from one call to the next. A record racing the rotation that ends its slot lands in
    /// that slot's bank and is counted from the next rotation on (never twice); records made before a
    /// rotation that the caller waited for are all counted. Like the window itself, this assumes no record is
    /// still in flight when its slot is cleared, `slotCount` rotations later (a record takes nanoseconds, a
    /// slot typically a second): a record stalled that long could write a stale count back after the clear.
    public func allTimeSnapshot(series: Int? = nil) -> HistogramSnapshot {
        completed.withLock { completed in
            let slot = current.load(ordering: .acquiring)
            var result = HistogramSnapshot(layout: layout)
            for index in series.map({ [$0] }) ?? Array(0..<self.series) {
                result.merge(sameLayout: completed.allTimeBeforeCurrent[index])
                histogram.accumulate(bank: index * ring + slot, into: &result)
            }
            return result
        }
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
