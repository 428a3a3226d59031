import CoreMetrics
import Dispatch
import Hummingbird
import StatsExport

/// Request metrics under the names Hummingbird's own `MetricsMiddleware` uses, recorded into the endpoints'
/// swift-metrics backend: `hb.requests` (counter) and `http.server.request.duration` (timer) by `http.route`,
/// `http.request.method` and `http.response.status_code`; `hb.request.errors` (counter, `error.type` = the
/// status) for every answer of status 400 or more; `http.server.active_requests` (meter) by method.
///
/// It is the outermost middleware: it sees the response the client receives, after errors have become their
/// JSON responses and after the token check, so every answered request is counted once, with its final
/// status. (Hummingbird's middleware, placed inside the error middleware, saw raw errors — 400s and 404s
/// counted as 500 — and never saw requests refused for their token.) Unknown routes and known routes asked
/// with another method have the route `NotFound`.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let factory: StatsMetricsFactory

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let start = DispatchTime.now().uptimeNanoseconds
        let method = request.method.rawValue
        let active = Meter(
            label: "http.server.active_requests", dimensions: [("http.request.method", method)], factory: factory)
        active.increment()
        defer { active.decrement() }
        let status: Int
        do {
            let response = try await next(request, context)
            status = response.status.code
            record(context: context, method: method, status: status, start: start)
            return response
        } catch {
            status = (error as? any HTTPResponseError)?.status.code ?? 500
            record(context: context, method: method, status: status, start: start)
            throw error
        }
    }

    private func record(context: Context, method: String, status: Int, start: UInt64) {
        let route = context.endpointPath ?? "Unknown"
        let dimensions = [
            ("http.route", route), ("http.request.method", method), ("http.response.status_code", String(status)),
        ]
        Counter(label: "hb.requests", dimensions: dimensions, factory: factory).increment()
        let elapsed = DispatchTime.now().uptimeNanoseconds &- start
        Timer(label: "http.server.request.duration", dimensions: dimensions, factory: factory)
            .recordNanoseconds(Int64(clamping: elapsed))
        if status >= 400 {
            Counter(
                label: "hb.request.errors",
                dimensions: [("http.route", route), ("http.request.method", method), ("error.type", String(status))],
                factory: factory
            ).increment()
        }
    }
}
