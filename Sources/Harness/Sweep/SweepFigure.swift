/// A figure measured at every sweep point, with its unit and the growth the design allows.
public enum SweepFigure: String, Sendable, Codable, CaseIterable {
    /// The statsbench sink's overhead per event against `none` (mean of the pairs), ns.
    case overhead = "overhead-ns"
    /// Sampled per-event record cost, 99th percentile, ns.
    case recordP99 = "record-p99-ns"
    /// Sampled per-event record cost, 99.9th percentile, ns.
    case recordP999 = "record-p999-ns"
    /// Net bytes allocated per connected client (the memory probe at the point's population), bytes.
    case bytesPerClient = "bytes-per-client"
    /// The process's resident set after the statsbench drive, bytes.
    case residentBytes = "rss-bytes"
    /// Heap allocations per event on the statsbench record path.
    case allocationsPerEvent = "allocations-per-event"
    /// The generator's own speed (plain `none` drives), events/s.
    case generatorEventsPerSecond = "generator-events-per-second"
    /// One server snapshot (`StatsPipeline.serverSnapshot()`), ns.
    case snapshot = "snapshot-ns"
    /// Rendering `/metrics` (Prometheus text) without per-client series, ns.
    case scrape = "scrape-ns"
    /// Rendering `/metrics` with per-client series on (at most the renderer's client limit), ns.
    case scrapePerClient = "scrape-per-client-ns"
    /// One `/health/clients` page (50 clients, JSON encoded), ns.
    case healthPage = "health-clients-page-ns"
    /// Writing one stats file (the last interval report) to a temporary directory, ns.
    case statsFile = "stats-file-ns"
    /// One window p99 query (`StatsPipeline.requestStatistics()`), ns.
    case windowQuery = "window-p99-query-ns"

    /// Words for reports: `bytes per client`, `snapshot`, …
    public var title: String {
        switch self {
        case .overhead: "overhead per event"
        case .recordP99: "record cost p99"
        case .recordP999: "record cost p99.9"
        case .bytesPerClient: "bytes per client"
        case .residentBytes: "RSS"
        case .allocationsPerEvent: "allocations per event"
        case .generatorEventsPerSecond: "generator speed"
        case .snapshot: "snapshot"
        case .scrape: "scrape /metrics (per-client series off)"
        case .scrapePerClient: "scrape /metrics (per-client series on)"
        case .healthPage: "/health/clients page"
        case .statsFile: "stats-file write"
        case .windowQuery: "window p99 query"
        }
    }

    /// The unit kind, for formatting.
    enum Unit { case nanoseconds, bytes, count, rate }

    var unit: Unit {
        switch self {
        case .bytesPerClient, .residentBytes: .bytes
        case .allocationsPerEvent: .count
        case .generatorEventsPerSecond: .rate
        default: .nanoseconds
        }
    }

    /// The fastest growth the design allows against the number of clients (`nil`: no expectation): constant for
    /// the record cost, the overhead per event, bytes per client and a scrape without per-client series; linear
    /// at most for the cold paths that walk every client.
    public var expectedGrowth: GrowthModel? {
        switch self {
        case .overhead, .recordP99, .recordP999, .bytesPerClient, .scrape: .constant
        case .snapshot, .healthPage, .statsFile, .scrapePerClient, .windowQuery, .residentBytes: .linear
        case .allocationsPerEvent, .generatorEventsPerSecond: nil
        }
    }

    /// `value` in the figure's unit: `481 B`, `12.4 µs`, `3.2 M/s`, `0.00`.
    public func format(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        switch unit {
        case .nanoseconds: return Formatting.duration(nanoseconds: value)
        case .bytes: return Formatting.bytes(value)
        case .count: return Formatting.fixed(value, digits: value == value.rounded() ? 0 : 3)
        case .rate: return Formatting.rate(value)
        }
    }
}
