import ServerStats
import StatsCore
import Synchronization

/// All-time latency histograms of a pipeline, per method: every completed slot of the request monitor's
/// window folded into a running total, plus the slot being recorded.
///
/// The request monitor keeps only a sliding window, whose bucket counts fall as slots expire — fine for
/// dashboards, wrong for Prometheus's `rate()` and `histogram_quantile` over `sum by (le)`, which need
/// counters that only grow. This type adds no cost to the record path: it reads each slot once, right after
/// the rotation that completed it.
///
/// **Driving it.** Whoever moves the pipeline's clock does so inside ``advance(_:)``, which runs the body
/// (e.g. `pipeline.tick(to:)`) and then folds the slots that the move completed, under the same lock as the
/// readers — so a reader never sees a completed slot missing or counted twice.
///
/// **Limits.** A clock move that passes more slot boundaries than the window holds loses the oldest of them
/// (counted in ``lostSlots``). A record racing the very rotation that completes its slot can be missed (never
/// double counted); with the harness's epoch barrier no record races a rotation.
///
/// ```swift
/// let latency = CumulativeLatency(pipeline: pipeline)
/// latency.advance { pipeline.tick(to: .wallClockNow()) }   // the ticker, every slot
/// let everything = latency.snapshot()                       // an HTTP handler
/// ```
public final class CumulativeLatency: Sendable {
    /// The pipeline whose window is folded.
    public let pipeline: StatsPipeline
    private let slotNanoseconds: UInt64
    private let state: Mutex<State>

    private struct State {
        var folded: [HistogramSnapshot]
        var boundariesFolded: UInt64 = 0
        var lostSlots: UInt64 = 0
    }

    /// Starts folding `pipeline`'s window from its current slot on (create it before any slot completes).
    public init(pipeline: StatsPipeline) {
        self.pipeline = pipeline
        let (seconds, attoseconds) = pipeline.monitor.slotDuration.components
        slotNanoseconds = max(1, UInt64(seconds) * 1_000_000_000 + UInt64(attoseconds / 1_000_000_000))
        let layout = pipeline.configuration.latencyLayout
        var initial = State(folded: Array(repeating: HistogramSnapshot(layout: layout), count: pipeline.methods.count))
        initial.boundariesFolded = Self.boundaries(
            at: pipeline.clock.now, start: pipeline.startTime, slot: slotNanoseconds)
        state = Mutex(initial)
    }

    /// Runs `body`, which may move the pipeline's clock and rotate its window, then folds every slot that
    /// completed meanwhile. Readers wait while it runs.
    public func advance<Result>(_ body: () throws -> Result) rethrows -> Result {
        try state.withLock { state in
            let result = try body()
            let boundaries = Self.boundaries(at: pipeline.clock.now, start: pipeline.startTime, slot: slotNanoseconds)
            guard boundaries > state.boundariesFolded else { return result }
            let passed = boundaries - state.boundariesFolded
            let readable = min(passed, UInt64(pipeline.monitor.slotCount - 1))
            state.lostSlots += passed - readable
            state.boundariesFolded = boundaries
            guard readable > 0 else { return result }
            for method in state.folded.indices {
                for age in stride(from: Int(readable), through: 1, by: -1) {
                    // Same layout by construction: merging cannot fail.
                    try! state.folded[method].merge(
                        pipeline.monitor.slotSnapshot(age: age, method: MethodID(index: method)))
                }
            }
            return result
        }
    }

    /// Every latency recorded so far for `method` (all methods when `nil`): the folded slots plus the
    /// current one.
    public func snapshot(method: MethodID? = nil) -> HistogramSnapshot {
        state.withLock { state in
            var result = HistogramSnapshot(layout: pipeline.configuration.latencyLayout)
            for index in state.folded.indices where method == nil || method?.index == index {
                try! result.merge(state.folded[index])  // same layout
            }
            try! result.merge(pipeline.monitor.slotSnapshot(age: 0, method: method))
            return result
        }
    }

    /// ``snapshot(method:)`` of every method, in the method table's order.
    public func snapshotsPerMethod() -> [HistogramSnapshot] {
        pipeline.methods.ids.map { snapshot(method: $0) }
    }

    /// Slots that completed but were rotated out of the window before they could be folded.
    public var lostSlots: UInt64 { state.withLock { $0.lostSlots } }

    private static func boundaries(at time: StatsTime, start: StatsTime, slot: UInt64) -> UInt64 {
        time.nanosecondsSinceEpoch > start.nanosecondsSinceEpoch
            ? (time.nanosecondsSinceEpoch - start.nanosecondsSinceEpoch) / slot : 0
    }
}
