import Foundation
import Hummingbird
import ServerStats
import StatsCore
import StatsExport

extension StatsEndpoints {
    /// The content type of `/metrics`: Prometheus text exposition format 0.0.4.
    public static var metricsContentType: String { "text/plain; version=0.0.4; charset=utf-8" }

    /// Registers every endpoint of ``RoutePatterns/all`` for `GET` and `HEAD` (``HeadMiddleware`` drops the
    /// body of the `HEAD` response).
    func addRoutes(to router: Router<BasicRequestContext>) {
        // Each path, the query parameters it reads (any other is a 400 naming it), and its handler.
        let routes: [(String, [String], @Sendable (Request, BasicRequestContext) async throws -> Response)] = [
            ("/health", [], { _, _ in try StatsJSON.response(self.health()) }),
            ("/health/server", [], { _, _ in try StatsJSON.response(self.server()) }),
            (
                "/health/clients", ["limit", "offset"],
                { request, _ in
                    let (limit, offset) = try QueryParameters.page(request)
                    return try StatsJSON.response(self.clients(limit: limit, offset: offset))
                }
            ),
            (
                "/health/clients/:id", [],
                { _, context in
                    let raw = context.parameters.get("id") ?? ""
                    return try StatsJSON.response(try self.client(id: raw.removingPercentEncoding ?? raw))
                }
            ),
            ("/health/performance", [], { _, _ in try StatsJSON.response(self.performance()) }),
            (
                "/health/performance/histogram", ["method"],
                { request, _ in
                    try StatsJSON.response(
                        try self.histogram(method: try QueryParameters.string("method", in: request)))
                }
            ),
            ("/health/errors", [], { _, _ in try StatsJSON.response(self.errors()) }),
            ("/health/resources", [], { _, _ in try StatsJSON.response(self.resources()) }),
            (
                "/health/history", ["since", "latest"],
                { request, _ in try StatsJSON.response(try self.history(HistoryQuery(request))) }
            ),
            ("/health/costs", [], { _, _ in try StatsJSON.response(try self.costs()) }),
            ("/health/alerts", [], { _, _ in try StatsJSON.response(try self.alertsResponse()) }),
            (
                "/metrics", [],
                { request, _ in
                    // Content negotiation: the protobuf exposition (native histograms) when the scraper asks
                    // for it, text for everyone else.
                    let format = PrometheusExpositionFormat.negotiate(accept: request.headers[.accept])
                    return Response(
                        status: .ok, headers: [.contentType: format.contentType],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: try self.renderMetrics(format: format))))
                }
            ),
        ]
        for (path, parameters, handler) in routes {
            let checked: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, context in
                try QueryParameters.refuseUnknown(in: request, accepted: parameters)
                return try await handler(request, context)
            }
            router.get(RouterPath(path), use: checked)
            router.head(RouterPath(path), use: checked)
        }
    }

    /// `/health`.
    public func health() -> HealthResponse {
        HealthResponse(
            status: "ok", uptimeSeconds: max(0, pipeline.clock.now.seconds(since: pipeline.startTime)),
            version: version, load: currentLoad)
    }

    /// `/health/server`.
    public func server() -> ServerHealthResponse {
        let snapshot = pipeline.serverSnapshot()
        let analytics = ServerAnalytics(snapshot)
        return ServerHealthResponse(
            server: ServerSummary(snapshot, analytics: analytics), statistics: snapshot, analytics: analytics,
            persistence: persistenceCounts)
    }

    /// `/health/clients`: the page of `limit` clients from `offset` (an offset past the end gives an empty page).
    public func clients(limit: Int, offset: Int) -> ClientsPageResponse {
        let (total, page) = pipeline.clientPage(offset: offset, limit: limit)
        let now = pipeline.clock.now
        let capacity = pipeline.configuration.eventQueueCapacity
        return ClientsPageResponse(
            total: total, offset: offset, limit: limit,
            clients: page.map { ClientSummary($0, analytics: ClientAnalytics($0, now: now, queueCapacity: capacity)) })
    }

    /// `/health/clients/{id}`.
    public func client(id: String) throws(StatsHTTPError) -> ClientDetailResponse {
        guard let snapshot = pipeline.clientSnapshot(id: id) else { throw .unknownClient(id: id) }
        let analytics = ClientAnalytics(
            snapshot, now: pipeline.clock.now, queueCapacity: pipeline.configuration.eventQueueCapacity)
        return ClientDetailResponse(client: snapshot, analytics: analytics)
    }

    /// `/health/performance`.
    public func performance() -> PerformanceResponse {
        let perMethod = pipeline.allTimeLatencyPerMethod()
        let methods = pipeline.methods.ids.map { id in
            let counts = pipeline.allTimeCounts(method: id)
            return MethodPerformance(
                method: pipeline.methods.names[id.index], callsTotal: counts.calls, errorsTotal: counts.errors,
                window: WindowFigures(pipeline.requestStatistics(method: id)),
                allTime: LatencyFigures(perMethod[id.index]))
        }
        return PerformanceResponse(
            window: WindowFigures(pipeline.requestStatistics()), allTime: LatencyFigures(pipeline.allTimeLatency()),
            methods: methods)
    }

    /// `/health/performance/histogram`: the all-time histogram of `method` (all methods when `nil`).
    public func histogram(method: String?) throws(StatsHTTPError) -> HistogramResponse {
        guard let method else { return HistogramResponse(method: nil, snapshot: pipeline.allTimeLatency()) }
        guard let id = pipeline.methods.id(of: method) else { throw .unknownMethod(name: method) }
        return HistogramResponse(method: method, snapshot: pipeline.allTimeLatency(method: id))
    }

    /// `/health/errors`.
    public func errors() -> ErrorsResponse {
        let snapshot = pipeline.serverSnapshot()
        let window = pipeline.requestStatistics()
        return ErrorsResponse(
            categories: ErrorCategories(snapshot), callsTotal: snapshot.apiCallsTotal,
            failuresTotal: snapshot.apiCallsFailure,
            errorRate: snapshot.apiCallsTotal == 0
                ? 0 : Double(snapshot.apiCallsFailure) / Double(snapshot.apiCallsTotal),
            lastErrorTime: snapshot.lastErrorTime, errorFreeSeconds: snapshot.errorFreeDuration,
            longestErrorFreeSeconds: snapshot.longestErrorFreePeriod, windowErrors: window.errors,
            windowErrorRatePercent: window.errorRatePercent)
    }

    /// `/health/resources`: the history's latest sample, or a sample taken now by the sampler.
    public func resources() -> ResourcesResponse {
        let sample = history?.latest() ?? sampler?.sample(at: .wallClockNow())
        return ResourcesResponse(sample: sample, samplesHeld: history?.count ?? 0)
    }
}

extension StatsEndpoints {
    /// `/health/history`: the samples `query` keeps, oldest first; 404 without a history.
    func history(_ query: HistoryQuery) throws(StatsHTTPError) -> HistoryResponse {
        guard let history else { throw .unavailable(what: "a resource history") }
        let all = history.all()
        let kept = query.apply(to: all)
        return HistoryResponse(
            capacity: history.configuration.capacity, count: all.count,
            intervalSeconds: history.configuration.intervalSeconds, samplesCollected: history.collectedSamples,
            samplesFailed: history.failedSamples, returned: kept.count, samples: kept)
    }

    /// `/health/history` with `since` (samples at or after it) and `latest` (the newest N of those).
    public func history(since: StatsTime? = nil, latest: Int? = nil) throws(StatsHTTPError) -> HistoryResponse {
        try history(HistoryQuery(since: since, latest: latest))
    }

    /// `/health/costs`: the call ledger per model and in total; 404 without a ledger.
    public func costs() throws(StatsHTTPError) -> CostsResponse {
        guard let ledger else { throw .unavailable(what: "a call ledger") }
        return CostsResponse(ledger.snapshot())
    }

    /// `/health/alerts`: thresholds, firing and recent alerts; 404 without alerts.
    public func alertsResponse() throws(StatsHTTPError) -> AlertsResponse {
        guard let alerts else { throw .unavailable(what: "alert evaluation") }
        return AlertsResponse(alerts)
    }
}
