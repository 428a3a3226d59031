import Histogram
import Simulation
import Synchronization

/// hdrhistogram-swift 0.2.0 behind a `Mutex`: the "existing library" peer with relative-error buckets.
///
/// - **Record:** one `Histogram<UInt64>` per method (1 ns … 1 h, 3 significant digits) in nanoseconds (latency ×
///   1e9 rounded, clamped to `1 ... 1 h`). The library is a non-thread-safe value type, so each method's
///   histogram sits behind its own `Mutex` together with that method's failure and byte counters (requests =
///   the histogram's `totalCount`): one lock acquisition per request, shared by every worker recording that
///   method.
/// - **Quantiles:** `valueAtPercentile(q × 100) / 1e9`, computed under the lock. The library ranks like
///   nearest-rank (count `⌈q·n⌉`, with `q` nudged one ulp down) and answers the *highest equivalent value* of
///   the bucket (≤ 0.1 % above any value in it at 3 digits), clamped to the recorded min/max; `q = 1`
///   (`valueAtPercentile(100)`) is the exact recorded maximum (`maxRecorded`, not the rounded-up `max`).
/// - **Windows:** the library has no subtraction, but iterates counts (`recordedValues()`) and looks them up
///   (`countForValue`). At each `.window` query the sink walks the live histogram's non-empty buckets under
///   the lock, records each bucket's increase over the previous query's copy into a scratch histogram (at the
///   bucket's highest equivalent value), then refreshes the copy with `reset()` + `add(live)` (no copy-on-write
///   left for the record path). Cost per method and window: O(counts array) ≈ 34 k slots, ~270 KB per copy,
///   all on the control plane; the window's max is the bucket's highest equivalent, not exact.
///
/// ```swift
/// let sink = try HDRHistogramSink(setup: SinkSetup(methods: ["get"], workers: 2, clients: 10))
/// sink.record(request, worker: 0)
/// ```
public final class HDRHistogramSink: Sink {
    /// The highest latency tracked: one hour, in nanoseconds. Longer latencies are recorded as one hour.
    public static let highestTrackableNanoseconds: UInt64 = 3_600_000_000_000

    private let recorders: [HDRMethodRecorder]
    /// ``highestTrackableNanoseconds`` as a `Double`, held by the instance so that the record path reads no global.
    private let highestTrackable: Double
    /// Per method: the live histogram as it was at the previous `.window` query, plus one scratch histogram.
    private let windows: Mutex<HDRWindowState>

    /// Creates one locked histogram per method; fails when there are no methods.
    public init(setup: SinkSetup) throws(HarnessError) {
        try setup.validateForPeerSink(.hdrHistogram)
        let empty = Histogram<UInt64>(
            highestTrackableValue: Self.highestTrackableNanoseconds, numberOfSignificantValueDigits: .three)
        recorders = setup.methods.map { _ in HDRMethodRecorder(empty) }
        highestTrackable = Double(Self.highestTrackableNanoseconds)
        windows = Mutex(
            HDRWindowState(
                previous: [Histogram<UInt64>](repeating: empty, count: setup.methods.count), scratch: empty))
    }

    /// Records the latency and the method's counters under the method's lock.
    public func record(_ request: SimulatedRequest, worker: Int) {
        let nanoseconds = UInt64(min(max((request.latencySeconds * 1e9).rounded(), 1), highestTrackable))
        recorders[Int(request.methodIndex)].state.withLock { state in
            state.histogram.record(nanoseconds)
            if request.outcome == .failure {
                state.failures &+= 1
            }
            state.requestBytes &+= UInt64(request.requestBytes)
            state.responseBytes &+= UInt64(request.responseBytes)
        }
    }

    /// `valueAtPercentile` per method over the whole run (`.run`) or over the values recorded since the previous
    /// `.window` query (`.window`); an inner `nil` for a method with no values.
    public func quantiles(_ quantiles: [Double], scope: QuantileScope) -> [[Double?]]? {
        switch scope {
        case .run:
            return recorders.map { recorder in
                recorder.state.withLock { Self.quantiles(quantiles, of: $0.histogram) }
            }
        case .window:
            return windows.withLock { windows in
                recorders.indices.map { method in
                    recorders[method].state.withLock { windows.advance(method: method, live: $0.histogram) }
                    return Self.quantiles(quantiles, of: windows.scratch)
                }
            }
        }
    }

    /// Requests (histogram counts), failures and bytes, summed over the methods.
    public func totals() -> SinkTotals {
        let states = recorders.map { recorder in
            recorder.state.withLock { ($0.histogram.totalCount, $0.failures, $0.requestBytes, $0.responseBytes) }
        }
        let perMethod = states.map(\.0)
        return SinkTotals(
            requests: perMethod.reduce(0, +), failures: states.reduce(0) { $0 + $1.1 }, requestsPerMethod: perMethod,
            requestBytes: states.reduce(0) { $0 + $1.2 }, responseBytes: states.reduce(0) { $0 + $1.3 })
    }

    private static func quantiles(_ quantiles: [Double], of histogram: Histogram<UInt64>) -> [Double?] {
        guard histogram.totalCount > 0 else { return quantiles.map { _ in nil } }
        return quantiles.map { Double(histogram.valueAtPercentile($0 * 100)) / 1e9 }
    }
}

/// One method's histogram and counters behind their lock (a class, because `Mutex` cannot live in an array).
final class HDRMethodRecorder: Sendable {
    /// What the lock guards.
    struct State: Sendable {
        var histogram: Histogram<UInt64>
        var failures: UInt64 = 0
        var requestBytes: UInt64 = 0
        var responseBytes: UInt64 = 0
    }

    /// The method's state.
    let state: Mutex<State>

    init(_ histogram: Histogram<UInt64>) { state = Mutex(State(histogram: histogram)) }
}

/// The `.window` bookkeeping: a copy of each live histogram at the previous window query, and a scratch
/// histogram that receives one window's increases.
struct HDRWindowState: Sendable {
    var previous: [Histogram<UInt64>]
    var scratch: Histogram<UInt64>

    /// Fills ``scratch`` with what `live` gained since the last call for `method`, then remembers `live`.
    mutating func advance(method: Int, live: Histogram<UInt64>) {
        scratch.reset()
        for bucket in live.recordedValues() {
            let before = previous[method].countForValue(bucket.value)
            if bucket.count > before {
                scratch.record(bucket.value, count: bucket.count - before)
            }
        }
        previous[method].reset()
        previous[method].add(live)
    }
}
