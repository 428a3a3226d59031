import ServerStats
import Simulation
import StatsCore

/// The concurrent-call figures (`api-concurrent-calls-current/peak`, server-wide and per client).
///
/// A call is in flight from its intended start until its end (start + latency), in simulated time. Each worker
/// keeps its own calls in flight (``InFlightCalls``, storage allocated once): before a request is recorded, the
/// worker ends every call of its own that ended by the request's start, then begins the request's call
/// (``ServerStats/StatsPipeline/beginCall(client:)``: relaxed atomic adds, no lock, allocation or clock read).
/// A call ending exactly when another starts does not overlap it. A call with no duration (0, negative, NaN)
/// is never in flight. The control plane ends the calls that ended by each epoch's end, and those of a client
/// that leaves (before its record is released).
extension StatsbenchSink {
    /// Calls one worker can hold in flight; beyond it the earliest is ended early (counted, a conservation
    /// failure).
    static var inFlightCapacity: Int { 16_384 }

    @inline(__always)
    func trackCall(_ request: SimulatedRequest, worker: Int) {
        let calls = inFlight + worker
        let start = request.intendedStartNanoseconds
        while let end = calls.pointee.earliestEnd, end <= start {
            pipeline.endCall(client: handles[Int(calls.pointee.popEarliest())])
        }
        let latency = request.latencySeconds
        guard latency > 0, latency < 1e9 else { return }
        if calls.pointee.isFull { pipeline.endCall(client: handles[Int(calls.pointee.endEarly())]) }
        pipeline.beginCall(client: handles[Int(request.clientIndex)])
        calls.pointee.push(end: start &+ UInt64(latency * 1e9), slot: request.clientIndex)
    }

    /// Ends every call, on every worker, that ended by `runNanoseconds` (control plane; workers parked).
    func endCalls(endingBy runNanoseconds: UInt64) {
        for worker in 0..<workerIDs.count {
            let calls = inFlight + worker
            while let end = calls.pointee.earliestEnd, end <= runNanoseconds {
                pipeline.endCall(client: handles[Int(calls.pointee.popEarliest())])
            }
        }
    }

    /// Ends the calls in flight of the client in `slot`, which is leaving (control plane; workers parked).
    func endCalls(ofSlot slot: Int) {
        for worker in 0..<workerIDs.count {
            let removed = inFlight[worker].removeAll(slot: UInt32(truncatingIfNeeded: slot))
            for _ in 0..<removed { pipeline.endCall(client: handles[slot]) }
        }
    }

    /// The conservation checks of the concurrent-call figures.
    ///
    /// Each worker's own peak (the most of its calls overlapping in simulated time, computed by its in-flight
    /// heap, independently of the pipeline's atomics) is the ground truth. Workers run independently within an
    /// epoch, so their simulated clocks differ at any real moment: the server-wide peak is exactly the true
    /// maximum with one worker, and with several it lies between the largest worker peak and the sum of them.
    /// The current figure is exactly the calls in flight across workers.
    func concurrencyChecks(server: ServerSnapshot) -> [ConservationCheck] {
        var inFlightNow: UInt64 = 0
        var truncated: UInt64 = 0
        var largest: UInt64 = 0
        var sum: UInt64 = 0
        for worker in 0..<workerIDs.count {
            inFlightNow += UInt64(inFlight[worker].count)
            truncated += inFlight[worker].truncated
            largest = max(largest, UInt64(inFlight[worker].peak))
            sum += UInt64(inFlight[worker].peak)
        }
        let peak = server.apiConcurrentCallsPeak
        let bounded = workerIDs.count == 1 ? largest : min(max(peak, largest), sum)
        return [
            ConservationCheck(
                sink: "statsbench", name: "concurrent calls now == calls in flight", expected: inFlightNow,
                actual: server.apiConcurrentCallsCurrent),
            ConservationCheck(
                sink: "statsbench",
                name: workerIDs.count == 1
                    ? "concurrent-call peak == true maximum overlap"
                    : "concurrent-call peak within [largest worker's true maximum, sum of workers' true maxima]",
                expected: bounded, actual: peak),
            ConservationCheck(
                sink: "statsbench", name: "calls ended early (in-flight storage full)", expected: 0, actual: truncated),
        ]
    }
}
