import Hummingbird
import ServerStats
import StatsExport
import Synchronization

/// The HTTP face of a ``ServerStats/StatsPipeline``: the `/health…` endpoints as JSON and `/metrics`
/// as Prometheus text, computed per request from fresh snapshots (raw figures stored, derived figures
/// computed on read). docs/http-endpoints.md lists every endpoint and field.
///
/// ```swift
/// let endpoints = StatsEndpoints(pipeline: pipeline)
/// let app = endpoints.application(configuration: StatsHTTPConfiguration(port: 9464))
/// try await app.runService()   // until SIGINT/SIGTERM
/// ```
public final class StatsEndpoints: Sendable {
    /// The statistics served.
    public let pipeline: StatsPipeline
    /// Samples resources on request when there is no ``history``; `nil` for none.
    public let sampler: ResourceSampler?
    /// The resource history whose latest sample `/health/resources` shows; `nil` for none.
    public let history: HistoryCollector?
    /// The version `/health` reports.
    public let version: String
    /// A swift-metrics backend whose metrics `/metrics` renders too (`nil` for none).
    public let metrics: StatsMetricsFactory?
    /// The call ledger `/health/costs` and `/metrics` show; `nil` for none.
    public let ledger: CallLedger?
    /// The alerts `/health/alerts` and `/metrics` show; `nil` for none.
    public let alerts: AlertBoard?
    private let loadStatus: (@Sendable () -> LoadStatus?)?
    private let persistence: (@Sendable () -> PersistenceCounts)?
    private let renderer: Mutex<PrometheusRenderer>

    /// Endpoints over `pipeline`.
    ///
    /// - Parameters:
    ///   - sampler: resource sampler used when `history` is `nil`.
    ///   - history: resource history ring; its latest sample is shown.
    ///   - prometheus: options of the `/metrics` renderer.
    ///   - loadStatus: the state of a simulated load, shown by `/health`.
    ///   - metrics: a swift-metrics backend (what an app bootstrapped with `MetricsSystem.bootstrap`) whose
    ///     counters, timers and recorders `/metrics` renders after the pipeline's families.
    ///   - persistence: how the server's stats file writes and state saves went, shown by `/health/server`
    ///     (`persistence`) and `/metrics` (`…_stats_file_writes_failed_total`, …); `nil` when it writes neither.
    ///   - ledger: the call ledger shown by `/health/costs` and `/metrics` (`…_model_cost_dollars_total`, …).
    ///   - alerts: the alerts shown by `/health/alerts` and `/metrics` (`…_alerts_firing`).
    public init(
        pipeline: StatsPipeline, sampler: ResourceSampler? = nil,
        history: HistoryCollector? = nil, version: String = "unknown",
        prometheus: PrometheusOptions = PrometheusOptions(), loadStatus: (@Sendable () -> LoadStatus?)? = nil,
        metrics: StatsMetricsFactory? = nil, persistence: (@Sendable () -> PersistenceCounts)? = nil,
        ledger: CallLedger? = nil, alerts: AlertBoard? = nil
    ) {
        self.ledger = ledger
        self.alerts = alerts
        self.persistence = persistence
        self.metrics = metrics
        self.pipeline = pipeline
        self.sampler = sampler
        self.history = history
        self.version = version
        self.loadStatus = loadStatus
        self.renderer = Mutex(PrometheusRenderer(options: prometheus))
    }

    /// The router with every endpoint (each answers `GET` and `HEAD`), JSON errors (405 with `Allow` for a
    /// known path asked with another method) and, when `bearerToken` is set, the token check on every path but
    /// `/health`.
    ///
    /// With a swift-metrics backend, request metrics under Hummingbird's names (`hb.requests`, …) are recorded
    /// into it, and so reach `/metrics`. Their middleware is the outermost one: it sees the response the client
    /// receives, so every answered request is counted once with its final status (errors already turned into
    /// their JSON responses, refused tokens included).
    public func router(bearerToken: String? = nil) -> Router<BasicRequestContext> {
        let router = Router()
        if let metrics { router.add(middleware: RequestMetricsMiddleware(factory: metrics)) }
        router.add(middleware: HeadMiddleware())
        router.add(middleware: JSONErrorMiddleware())
        if let bearerToken { router.add(middleware: BearerTokenMiddleware(token: bearerToken)) }
        addRoutes(to: router)
        return router
    }

    /// A Hummingbird application serving ``router(bearerToken:)`` on the configured address. A request that
    /// does not keep its connection (HTTP/1.0 without `Connection: keep-alive`, or `Connection: close`) has it
    /// closed after the response.
    ///
    /// - Parameter onServerRunning: called with the bound port once the server listens (useful with port 0).
    public func application(
        configuration: StatsHTTPConfiguration, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(bearerToken: configuration.bearerToken),
            server: .http1(configuration: .init(additionalChannelHandlers: [HTTP1CloseInstaller()])),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: "statsbench"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) })
    }

    /// The load status, if a load is attached.
    var currentLoad: LoadStatus? { loadStatus?() }

    /// How stats file writes and state saves went, if the server writes either.
    var persistenceCounts: PersistenceCounts? { persistence?() }

    /// Renders `/metrics` as text with the shared renderer (its buffer is reused between scrapes). The server's
    /// own families come first and the swift-metrics backend's last, so an app's metric can never take the name
    /// of one of ours.
    func renderMetrics() -> String {
        renderMetrics(keepingStructure: false) { renderer in renderer.text }
    }

    /// Renders `/metrics` in `format`: the same families as the text, in the protobuf exposition when asked.
    ///
    /// - Throws: SwiftProtobuf's encoding error (never raised for these messages: none has required fields).
    func renderMetrics(format: PrometheusExpositionFormat) throws -> [UInt8] {
        switch format {
        case .text: return renderMetrics(keepingStructure: false) { renderer in renderer.bytes }
        case .protobuf:
            return try renderMetrics(keepingStructure: true) { renderer in try renderer.protobufExposition() }
        }
    }

    /// Renders every family into the shared renderer, then returns what `result` reads of it.
    private func renderMetrics<Result>(
        keepingStructure: Bool, _ result: (inout PrometheusRenderer) throws -> Result
    ) rethrows -> Result {
        let resources = history?.latest() ?? sampler?.sample(at: .wallClockNow())
        let allTime = pipeline.allTimeLatencyPerMethod()
        let counts = persistenceCounts
        let appMetrics = metrics?.snapshot()
        let costs = ledger?.snapshot()
        return try renderer.withLock { renderer in
            renderer.keepsStructure = keepingStructure
            _ = renderer.render(pipeline: pipeline, resources: resources)
            if let history { renderer.appendHistory(history) }
            if let costs { renderer.appendCosts(costs) }
            if let alerts { renderer.appendAlerts(alerts) }
            renderer.appendCumulativeLatency(methods: pipeline.methods.names, snapshots: allTime)
            if let counts { renderer.appendPersistence(counts) }
            if let appMetrics { renderer.appendMetrics(appMetrics) }
            return try result(&renderer)
        }
    }
}

/// Where and how the endpoints listen.
public struct StatsHTTPConfiguration: Sendable, Hashable {
    /// The address to bind (default loopback only: statistics are not for the whole network).
    public var host: String
    /// The port; 0 picks a free one (``StatsEndpoints/application(configuration:onServerRunning:)`` reports it).
    public var port: Int
    /// When set, every path but `/health` asks for `Authorization: Bearer <token>`.
    public var bearerToken: String?

    /// A configuration; throws when the port is outside 0...65535 or the token is empty.
    public init(host: String = "127.0.0.1", port: Int = 9464, bearerToken: String? = nil)
        throws(StatsHTTPConfigurationError)
    {
        guard (0...65535).contains(port) else { throw .invalid("port", "must be in 0...65535, got \(port)") }
        guard !host.isEmpty else { throw .invalid("host", "must not be empty") }
        if let bearerToken, bearerToken.isEmpty || bearerToken.contains(where: \.isWhitespace) {
            throw .invalid("token", "must be non-empty and without spaces")
        }
        self.host = host
        self.port = port
        self.bearerToken = bearerToken
    }
}

/// A ``StatsHTTPConfiguration`` value that cannot be used.
public enum StatsHTTPConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `field` is invalid, for `reason`.
    case invalid(_ field: String, _ reason: String)

    /// What was wrong and where.
    public var description: String {
        switch self {
        case .invalid(let field, let reason): return "invalid HTTP setting '\(field)': \(reason)"
        }
    }
}
