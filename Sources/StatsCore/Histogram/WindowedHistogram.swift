import Synchronization

/// A histogram over a sliding window, built by rotation rather than by sorting: a ring of per-slot
/// ``ExponentialHistogram``s (e.g. 60 slots of 1 s), of which workers record into the current one.
///
/// - Recording is one relaxed load of the current slot number plus an ``ExponentialHistogram`` record: no
///   lock, no allocation, no clock read. Time is not read on the record path at all: whoever owns the clock
///   (a ticker, or the simulation) calls ``rotate()`` at each slot boundary.
/// - ``rotate()`` (cold) clears the spare slot — the one that left the window a full slot ago, which nobody
///   records into any more — makes it current, and re-merges the complete slots into a cached snapshot.
/// - ``snapshot()`` is the cached merge plus the live current slot: its cost is fixed by the layout and the
///   shard count, whatever the number of values in the window (10 thousand or 10 million).
///
/// The window holds the current slot and the `slotCount − 1` slots before it.
public final class WindowedHistogram: Sendable {
    /// Slots covered by the window, the current one included.
    public let slotCount: Int
    /// The bucket layout of every slot.
    public let layout: HistogramLayout

    @usableFromInline let slots: [ExponentialHistogram]
    @usableFromInline let current = Atomic<Int>(0)
    private let completed: Mutex<HistogramSnapshot>

    /// Creates an empty window of `slotCount` slots (at least 1) with one shard per worker of `registry`.
    public init(slotCount: Int, layout: HistogramLayout = .seconds, registry: WorkerRegistry) {
        precondition(slotCount >= 1, "WindowedHistogram needs at least one slot, got \(slotCount)")
        self.slotCount = slotCount
        self.layout = layout
        // One spare beyond the window: it is cleared while out of the window, before it becomes current.
        self.slots = (0...slotCount).map { _ in ExponentialHistogram(layout: layout, registry: registry) }
        self.completed = Mutex(HistogramSnapshot(layout: layout))
    }

    /// Index (in `0...slotCount`) of the slot being recorded now; advances by one per ``rotate()``, wrapping.
    public var currentSlot: Int { current.load(ordering: .relaxed) }

    /// Records `value` into the current slot.
    @inlinable
    public func record(_ value: Double, worker: WorkerID) {
        slots[current.load(ordering: .relaxed)].record(value, worker: worker)
    }

    /// Starts the next slot: the oldest leaves the window. Call from one thread (the ticker) at a time.
    public func rotate() {
        let ring = slotCount + 1
        let next = (current.load(ordering: .relaxed) + 1) % ring
        slots[next].reset()
        current.store(next, ordering: .releasing)
        // The complete slots now in the window: the slotCount − 1 before the new current one.
        var merged = HistogramSnapshot(layout: layout)
        for age in 1..<slotCount {
            slots[(next - age + ring) % ring].accumulate(into: &merged)
        }
        completed.withLock { $0 = merged }
    }

    /// Everything in the window: the complete slots (merged at the last rotation) plus the current slot.
    public func snapshot() -> HistogramSnapshot {
        var result = completedSnapshot()
        accumulateCurrentSlot(into: &result)
        return result
    }

    /// The complete slots of the window, as merged at the last rotation (the current slot excluded).
    public func completedSnapshot() -> HistogramSnapshot {
        completed.withLock { $0 }
    }

    /// Adds the current slot's figures to `snapshot` (same layout).
    public func accumulateCurrentSlot(into snapshot: inout HistogramSnapshot) {
        slots[current.load(ordering: .acquiring)].accumulate(into: &snapshot)
    }
}
