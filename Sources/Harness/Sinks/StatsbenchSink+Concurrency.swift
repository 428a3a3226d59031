import ServerStats
import Simulation
import StatsCore

/// The concurrent-call figures (current and peak calls in flight, server-wide and per client).
///
/// A call is in flight from its intended start until its end (start + latency), in simulated time. The runner's
/// worker loops keep each worker's calls in flight (``InFlightCalls``: the same bookkeeping for every sink, so
/// the `none` sink's drive subtracts it from the overhead) and tell the sink when a call begins and ends; the
/// sink only moves the pipeline's figures (``ServerStats/StatsPipeline/beginCall(client:)``: relaxed atomic
/// adds, no lock, allocation or clock read).
extension StatsbenchSink {
    /// A call of the client in `slot` begins.
    @inline(__always)
    public func beginCall(slot: Int, worker: Int) {
        pipeline.beginCall(client: handles[slot])
    }

    /// A call of the client in `slot` ends.
    @inline(__always)
    public func endCall(slot: Int, worker: Int) {
        pipeline.endCall(client: handles[slot])
    }

    /// A call of the client in `slot` begins; its handle from the connection.
    @inline(__always)
    public func beginCall(slot: Int, connection: UnsafeMutablePointer<Connection>, worker: Int) {
        pipeline.beginCall(client: connection.sinkState(as: ClientHandle.self))
    }

    /// A call of the client in `slot` ends; its handle from the connection.
    @inline(__always)
    public func endCall(slot: Int, connection: UnsafeMutablePointer<Connection>, worker: Int) {
        pipeline.endCall(client: connection.sinkState(as: ClientHandle.self))
    }

    /// The conservation checks of the concurrent-call figures against the generator's account (`calls`).
    ///
    /// Each worker's own peak (the most of its calls overlapping in simulated time, kept by its worker loop,
    /// independently of the pipeline's atomics) is the ground truth. Workers run independently within an
    /// epoch, so their simulated clocks differ at any real moment: the server-wide peak is exactly the true
    /// maximum with one worker, and with several it lies between the largest worker peak and the sum of them.
    /// The current figure is exactly the calls in flight across workers.
    func concurrencyChecks(server: ServerSnapshot, calls: CallOverlap) -> [ConservationCheck] {
        let largest = UInt64(calls.workerPeaks.max() ?? 0)
        let sum = calls.workerPeaks.reduce(UInt64(0)) { $0 + UInt64($1) }
        let peak = server.apiConcurrentCallsPeak
        let single = calls.workerPeaks.count <= 1
        let bounded = single ? largest : min(max(peak, largest), sum)
        return [
            ConservationCheck(
                sink: SinkKind.statsbench.name, name: "concurrent calls now == calls in flight",
                expected: calls.inFlight,
                actual: server.apiConcurrentCallsCurrent),
            ConservationCheck(
                sink: SinkKind.statsbench.name,
                name: single
                    ? "concurrent-call peak == true maximum overlap"
                    : "concurrent-call peak within [largest worker's true maximum, sum of workers' true maxima]",
                expected: bounded, actual: peak),
            ConservationCheck(
                sink: SinkKind.statsbench.name, name: "calls ended early (in-flight storage full)", expected: 0,
                actual: calls.endedEarly),
        ]
    }
}
