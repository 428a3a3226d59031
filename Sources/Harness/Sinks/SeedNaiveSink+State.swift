import DequeModule
import ServerStats
import Simulation
import StatsCore

/// One request as the request monitor keeps it (`RequestRecord`): when, how long, which method, whether it failed.
struct SeedSample: Sendable {
    /// The request's intended start, nanoseconds since the run's start (the seed's `Instant::now()`).
    var timestamp: UInt64
    /// Latency in seconds.
    var latencySeconds: Double
    /// Index into ``SinkSetup/methods``.
    var method: UInt16
    /// Whether the request failed.
    var failed: Bool
}

/// The monitor's sliding window: every sample of the last 60 s in arrival order, evicted from the front on record.
struct SeedRequestWindow: Sendable {
    /// The window's samples, roughly oldest first (two workers interleave, as the seed's callers did).
    var samples = Deque<SeedSample>()
    /// The newest timestamp seen: the seed's `Instant::now()` at record time.
    var newest: UInt64 = 0
    /// Samples dropped from the front so far; once non-zero the whole run is no longer held.
    var evicted: UInt64 = 0

    /// Appends `sample`, then pops samples older than `newest − retention` from the front, stopping at the first
    /// younger one, exactly like the seed's `while front.timestamp < cutoff { pop_front() }`.
    mutating func append(_ sample: SeedSample, retention: UInt64) {
        samples.append(sample)
        newest = max(newest, sample.timestamp)
        guard newest > retention else { return }
        let cutoff = newest - retention
        while let first = samples.first, first.timestamp < cutoff {
            samples.removeFirst()
            evicted &+= 1
        }
    }

    /// Exact nearest-rank quantiles per method of the samples `include` accepts: collect, sort, index — the
    /// seed's `stats()`, at O(n log n) per call.
    func quantiles(_ quantiles: [Double], methods: Int, include: (SeedSample) -> Bool) -> [[Double?]] {
        var latencies = [[Double]](repeating: [], count: methods)
        for sample in samples where include(sample) {
            latencies[Int(sample.method)].append(sample.latencySeconds)
        }
        return latencies.map { values in
            let sorted = values.sorted()
            return quantiles.map { NearestRank.quantile($0, ofSorted: sorted) }
        }
    }
}

/// The per-client `:metadata` (the API call and byte fields), one struct per connected client.
struct SeedClientStatistics: Sendable {
    /// When the client connected (simulated nanoseconds).
    var connectedAt: UInt64
    /// The last request's intended start.
    var lastActivity: UInt64 = 0
    /// API calls made, succeeded and failed.
    var apiCallsTotal: UInt64 = 0
    var apiCallsSuccess: UInt64 = 0
    var apiCallsFailure: UInt64 = 0
    /// The most recent method called.
    var lastAPIMethod: UInt16 = 0
    /// Slowest and fastest calls, in seconds.
    var slowestCallSeconds: Double = 0
    var fastestCallSeconds: Double = .infinity
    /// Bytes received from and sent to the client, and the largest request.
    var bytesAPIRequests: UInt64 = 0
    var bytesAPIResponses: UInt64 = 0
    var largestRequestBytes: UInt32 = 0

    /// Counts one request of this client.
    mutating func record(_ request: SimulatedRequest) {
        let latency = request.latencySeconds
        lastActivity = request.intendedStartNanoseconds
        apiCallsTotal += 1
        if request.outcome == .failure { apiCallsFailure += 1 } else { apiCallsSuccess += 1 }
        lastAPIMethod = request.methodIndex
        slowestCallSeconds = max(slowestCallSeconds, latency)
        fastestCallSeconds = min(fastestCallSeconds, latency)
        bytesAPIRequests += UInt64(request.requestBytes)
        bytesAPIResponses += UInt64(request.responseBytes)
        largestRequestBytes = max(largestRequestBytes, request.requestBytes)
    }
}

/// The `server-statistics` atom (connection, API call and byte aggregates, plus the method usage map)
/// and its connection registry of per-client statistics, kept together behind one lock.
struct SeedServerStatistics: Sendable {
    var clientsConnectedTotal: UInt64 = 0
    var clientsConnectedCurrent: UInt64 = 0
    var clientsConnectedPeak: UInt64 = 0
    var clientsDisconnected: [DisconnectReason: UInt64] = [:]
    var apiCallsTotal: UInt64 = 0
    var apiCallsSuccess: UInt64 = 0
    var apiCallsFailure: UInt64 = 0
    var apiCallsPerMethod: [UInt64]
    var apiSlowestCallSeconds: Double = 0
    var apiFastestCallSeconds: Double = .infinity
    var bytesAPIRequestsTotal: UInt64 = 0
    var bytesAPIResponsesTotal: UInt64 = 0
    var largestAPIRequestBytes: UInt32 = 0
    var largestAPIResponseBytes: UInt32 = 0
    /// The connection registry: client slot → that client's statistics.
    var clients: [Int: SeedClientStatistics] = [:]

    init(methods: Int) { apiCallsPerMethod = [UInt64](repeating: 0, count: methods) }

    /// Updates the server-wide aggregates and the client's entry (created if the slot was never connected).
    mutating func record(_ request: SimulatedRequest) {
        let failed = request.outcome == .failure
        let latency = request.latencySeconds
        apiCallsTotal += 1
        if failed { apiCallsFailure += 1 } else { apiCallsSuccess += 1 }
        apiCallsPerMethod[Int(request.methodIndex)] += 1
        apiSlowestCallSeconds = max(apiSlowestCallSeconds, latency)
        apiFastestCallSeconds = min(apiFastestCallSeconds, latency)
        bytesAPIRequestsTotal += UInt64(request.requestBytes)
        bytesAPIResponsesTotal += UInt64(request.responseBytes)
        largestAPIRequestBytes = max(largestAPIRequestBytes, request.requestBytes)
        largestAPIResponseBytes = max(largestAPIResponseBytes, request.responseBytes)

        // One hash lookup, updated in place (the registry's `swap!` of `update-in [client-id :metadata]`).
        clients[Int(request.clientIndex), default: SeedClientStatistics(connectedAt: 0)].record(request)
    }

    /// A client takes `slot` at simulated time `now`.
    mutating func connect(slot: Int, now: UInt64) {
        clients[slot] = SeedClientStatistics(connectedAt: now)
        clientsConnectedTotal += 1
        clientsConnectedCurrent += 1
        clientsConnectedPeak = max(clientsConnectedPeak, clientsConnectedCurrent)
    }

    /// The client in `slot` leaves; its entry leaves the registry, the server-wide aggregates stay.
    mutating func disconnect(slot: Int, reason: DisconnectReason) {
        guard clients.removeValue(forKey: slot) != nil else { return }
        clientsConnectedCurrent -= 1
        clientsDisconnected[reason, default: 0] += 1
    }
}
