import ServerStats
import Simulation
import StatsCore
import StatsExport
import Synchronization

/// The ``StatsbenchSink`` of a live load: forwards everything and shifts each run's simulated time after the
/// previous run's so that the pipeline's clock keeps moving forward across repeated runs (its all-time
/// latencies, ``ServerStats/StatsPipeline/allTimeLatency(method:)``, keep growing across them).
///
/// Sendable as the compiler checks it: its own control-plane state (`offset`, `lastAdvance`) is atomic
/// (touched only by the driving thread, so relaxed), and the inner sink is Sendable on its own terms.
final class PacedSink: Sink, Sendable {
    let inner: StatsbenchSink
    /// Simulated nanoseconds of the runs before the current one.
    private let offset = Atomic<UInt64>(0)
    /// The current run's newest simulated nanosecond.
    private let lastAdvance = Atomic<UInt64>(0)

    init(setup: SinkSetup) throws(HarnessError) {
        inner = try StatsbenchSink(setup: setup)
    }

    @inline(__always)
    func record(_ request: SimulatedRequest, worker: Int) { inner.record(request, worker: worker) }

    @inline(__always)
    func record(_ request: SimulatedRequest, call: SimulatedCall, worker: Int) {
        inner.record(request, call: call, worker: worker)
    }

    @inline(__always)
    func beginCall(slot: Int, worker: Int) { inner.beginCall(slot: slot, worker: worker) }

    @inline(__always)
    func endCall(slot: Int, worker: Int) { inner.endCall(slot: slot, worker: worker) }

    func connect(slot: Int) { inner.connect(slot: slot) }

    func disconnect(slot: Int, reason: DisconnectReason) { inner.disconnect(slot: slot, reason: reason) }

    func advance(toNanoseconds nanoseconds: UInt64) {
        lastAdvance.store(nanoseconds, ordering: .relaxed)
        inner.advance(toNanoseconds: offset.load(ordering: .relaxed) &+ nanoseconds)
    }

    func quantiles(_ quantiles: [Double], scope: QuantileScope) -> [[Double?]]? {
        inner.quantiles(quantiles, scope: scope)
    }

    func quantileEstimates(_ quantiles: [Double], scope: QuantileScope) -> [[QuantileEstimate?]]? {
        inner.quantileEstimates(quantiles, scope: scope)
    }

    func totals() -> SinkTotals { inner.totals() }

    /// Simulated nanoseconds since the first run's start, at the current run's `nanoseconds`.
    func elapsed(atRunNanoseconds nanoseconds: UInt64) -> UInt64 { offset.load(ordering: .relaxed) &+ nanoseconds }

    /// Starts a run: the clients a previous run left connected leave gracefully (the run connects its own).
    func startRun(slots: Int) {
        for slot in 0..<slots { inner.disconnect(slot: slot, reason: .graceful) }
    }

    /// Ends a run: the next run's simulated time starts where this one stopped.
    func finishRun() {
        offset.wrappingAdd(lastAdvance.exchange(0, ordering: .relaxed), ordering: .relaxed)
    }
}
