import ServerStats
import Simulation
import Synchronization

/// The seeds' own designs, built the way their snippets build them: the baseline "mutex + sorted window" peer.
///
/// - **Request monitor**: `Mutex<Deque<Sample>>` holding every request of the last 60 s. A record
///   locks, appends and pops samples older than the newest timestamp − 60 s from the front. A quantile query
///   locks, collects the samples it covers, sorts them per method and indexes exact nearest-rank quantiles
///   (``StatsCore/NearestRank``), so it costs O(n log n) in the window's size.
/// - **Server and client statistics**: the `server-statistics` aggregates (calls, failures, bytes,
///   the method usage map, connection counts) and the connection registry (a dictionary client slot → struct of
///   calls/failures/bytes) behind *one* `Mutex` — the seed's two atoms are updated on every request back to back,
///   so one lock is the fair Swift rendering; a record therefore takes two locks (monitor, then statistics).
///
/// Quantiles: `.window` covers the samples whose timestamp lies in `[t − window, t)`, `t` being the time last
/// passed to ``advance(toNanoseconds:)`` (`nil` if the window is longer than the 60 s kept); `.run` is answered
/// from the deque only while nothing was evicted — the seed keeps 60 s, so a longer run has no run quantiles.
///
/// ```swift
/// let sink = try SeedNaiveSink(setup: SinkSetup(methods: ["get"], workers: 2, clients: 10))
/// sink.record(request, worker: 0)
/// ```
public final class SeedNaiveSink: Sink {
    /// How long the request monitor keeps a sample: the seed's 60 s window.
    public static let retentionNanoseconds: UInt64 = 60_000_000_000

    private let methodCount: Int
    private let windowNanoseconds: UInt64
    /// A copy of ``retentionNanoseconds`` in the instance, so that the record path reads no global.
    private let retention: UInt64 = SeedNaiveSink.retentionNanoseconds
    private let monitor: Mutex<SeedRequestWindow>
    private let statistics: Mutex<SeedServerStatistics>
    /// Simulated time of the last ``advance(toNanoseconds:)`` (control plane).
    private let now = Atomic<UInt64>(0)

    /// Creates the seed-style monitor and statistics for `setup`'s methods; fails when there are none.
    public init(setup: SinkSetup) throws(HarnessError) {
        try setup.validateForPeerSink(.seedNaive)
        methodCount = setup.methods.count
        windowNanoseconds = setup.windowNanoseconds
        monitor = Mutex(SeedRequestWindow())
        statistics = Mutex(SeedServerStatistics(methods: setup.methods.count))
    }

    /// Appends the request to the 60 s deque (evicting from the front), then updates the server-wide and the
    /// client's statistics: two lock acquisitions, both shared by every worker.
    public func record(_ request: SimulatedRequest, worker: Int) {
        let sample = SeedSample(
            timestamp: request.intendedStartNanoseconds, latencySeconds: request.latencySeconds,
            method: request.methodIndex, failed: request.outcome == .failure)
        monitor.withLock { $0.append(sample, retention: retention) }
        statistics.withLock { $0.record(request) }
    }

    /// Registers a new client in `slot` with fresh statistics.
    public func connect(slot: Int) {
        let time = now.load(ordering: .relaxed)
        statistics.withLock { $0.connect(slot: slot, now: time) }
    }

    /// Removes the client in `slot` from the registry and counts the disconnect by reason.
    public func disconnect(slot: Int, reason: DisconnectReason) {
        statistics.withLock { $0.disconnect(slot: slot, reason: reason) }
    }

    /// Remembers the simulated time, which ends the window `.window` queries answer for.
    public func advance(toNanoseconds nanoseconds: UInt64) {
        now.store(nanoseconds, ordering: .relaxed)
    }

    /// Exact nearest-rank quantiles per method, by sorting: see the type's documentation for what each scope
    /// covers and when it is `nil`.
    public func quantiles(_ quantiles: [Double], scope: QuantileScope) -> [[Double?]]? {
        let methods = methodCount
        switch scope {
        case .run:
            return monitor.withLock { window in
                guard window.evicted == 0 else { return nil }
                return window.quantiles(quantiles, methods: methods) { _ in true }
            }
        case .window:
            guard windowNanoseconds <= retention else { return nil }
            let end = now.load(ordering: .relaxed)
            let start = end - min(end, windowNanoseconds)
            return monitor.withLock { window in
                window.quantiles(quantiles, methods: methods) { $0.timestamp >= start && $0.timestamp < end }
            }
        }
    }

    /// The server-wide counters.
    public func totals() -> SinkTotals {
        statistics.withLock { statistics in
            SinkTotals(
                requests: statistics.apiCallsTotal, failures: statistics.apiCallsFailure,
                requestsPerMethod: statistics.apiCallsPerMethod, requestBytes: statistics.bytesAPIRequestsTotal,
                responseBytes: statistics.bytesAPIResponsesTotal)
        }
    }

    /// Samples evicted from the 60 s deque so far (zero while the whole run is held).
    public var evictedSamples: UInt64 {
        monitor.withLock { $0.evicted }
    }

    /// Clients currently in the connection registry.
    public var connectedClients: Int {
        statistics.withLock { $0.clients.count }
    }
}
