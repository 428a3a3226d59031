import Hummingbird

/// Turns every error a route or a later middleware throws into a JSON error body (``ErrorBody``): the
/// endpoints' own ``StatsHTTPError``s, Hummingbird's `HTTPError`s (404 for an unknown route, 405 with `Allow`
/// for a known route asked with a method it does not answer, …) and anything else (500, without internals in
/// the message).
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as StatsHTTPError {
            var response = try StatsJSON.response(error.body, status: error.status)
            if error == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
            return response
        } catch let error as HTTPError {
            let code: String
            let message: String
            if error.status == .notFound, request.method != .get, request.method != .head,
                RoutePatterns.matches(request.uri.path)
            {
                return try methodNotAllowed(request)
            }
            switch error.status {
            case .notFound:
                code = "not-found"
                message = "no endpoint at '\(request.uri.path)': see GET /health for the server, docs/http-endpoints.md"
            case .methodNotAllowed:
                code = "method-not-allowed"
                message = "\(request.method) is not allowed on '\(request.uri.path)': the endpoints answer GET and HEAD"
            default:
                code = "http-error"
                message = error.body ?? error.status.reasonPhrase
            }
            let body = ErrorBody(error: code, message: message, status: Int(error.status.code))
            return try StatsJSON.response(body, status: error.status)
        } catch {
            context.logger.error("endpoint failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            let body = ErrorBody(error: "internal-error", message: "the server could not answer", status: 500)
            return try StatsJSON.response(body, status: .internalServerError)
        }
    }

    /// 405 `method-not-allowed` with `Allow: GET, HEAD`, for a known path asked with another method (the router
    /// itself answers such a request as an unknown route).
    private func methodNotAllowed(_ request: Request) throws -> Response {
        let body = ErrorBody(
            error: "method-not-allowed",
            message: "\(request.method) is not allowed on '\(request.uri.path)': the endpoints answer "
                + RoutePatterns.allowedMethods,
            status: 405)
        var response = try StatsJSON.response(body, status: .methodNotAllowed)
        response.headers[.allow] = RoutePatterns.allowedMethods
        return response
    }
}
