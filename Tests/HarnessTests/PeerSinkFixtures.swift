import Harness
import Simulation
import StatsCore

/// A request for the peer-sink tests: `milliseconds` of latency, intended start `at` nanoseconds.
func makeRequest(
    milliseconds: Double, method: UInt16, at start: UInt64 = 0, client: UInt32 = 0, failed: Bool = false,
    requestBytes: UInt32 = 0, responseBytes: UInt32 = 0
) -> SimulatedRequest {
    SimulatedRequest(
        intendedStartNanoseconds: start, latencySeconds: milliseconds / 1000, requestBytes: requestBytes,
        responseBytes: responseBytes, clientIndex: client, methodIndex: method, outcome: failed ? .failure : .success)
}

/// The hand-made run: latencies 1 … 1000 ms, even ones on method 0 ("get"), odd ones on method 1 ("put");
/// every multiple of 7 fails (71 per method); request bytes = ms, response bytes = 2 ms; all within 1 s.
enum HandMadeRun {
    static let methods = ["get", "put"]
    static let quantiles = [0.5, 0.9, 0.99, 0.999, 1.0]
    static let totals = SinkTotals(
        requests: 1000, failures: 142, requestsPerMethod: [500, 500], requestBytes: 500_500,
        responseBytes: 1_001_000)

    static var requests: [SimulatedRequest] {
        (1...1000).map { (ms: Int) -> SimulatedRequest in
            let start = UInt64(ms) * 1_000_000
            let failed = ms % 7 == 0
            return makeRequest(
                milliseconds: Double(ms), method: UInt16(ms % 2), at: start, client: UInt32(ms % 3), failed: failed,
                requestBytes: UInt32(ms), responseBytes: UInt32(2 * ms))
        }
    }

    /// Exact nearest-rank quantiles of each method's latencies, in seconds.
    static var exact: [[Double]] {
        let latencies = (0..<2).map { method in
            requests.filter { $0.methodIndex == method }.map(\.latencySeconds).sorted()
        }
        return latencies.map { sorted in quantiles.map { NearestRank.quantile($0, ofSorted: sorted)! } }
    }

    /// Records the run into `sink`, worker 0.
    static func record(into sink: some Sink) {
        for request in requests { sink.record(request, worker: 0) }
    }
}

/// Two windows of 1 s: window 1 has method 0 at 1 … 100 ms and method 1 at 100 … 200 ms; window 2 only
/// method 0, at 500 … 600 ms. `check` runs after each window's `advance` (window index 1, then 2).
func recordTwoWindows(into sink: some Sink, check: (Int) throws -> Void) rethrows {
    for ms in 1...100 { sink.record(makeRequest(milliseconds: Double(ms), method: 0, at: 10_000_000), worker: 0) }
    for ms in 100...200 { sink.record(makeRequest(milliseconds: Double(ms), method: 1, at: 20_000_000), worker: 0) }
    sink.advance(toNanoseconds: 1_000_000_000)
    try check(1)
    for ms in 500...600 {
        sink.record(makeRequest(milliseconds: Double(ms), method: 0, at: 1_500_000_000), worker: 0)
    }
    sink.advance(toNanoseconds: 2_000_000_000)
    try check(2)
}

/// `|estimate − exact| ≤ tolerance × exact`.
func isClose(_ estimate: Double?, _ exact: Double, relative tolerance: Double) -> Bool {
    guard let estimate else { return false }
    return abs(estimate - exact) <= tolerance * abs(exact)
}

/// The error `S(setup:)` throws for `setup`, or `nil` when it accepts it.
func setupError<S: Sink>(_ sink: S.Type, _ setup: SinkSetup) -> HarnessError? {
    do {
        _ = try S(setup: setup)
        return nil
    } catch {
        return error
    }
}
