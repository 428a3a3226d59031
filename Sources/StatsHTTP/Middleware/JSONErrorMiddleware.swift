import Hummingbird

/// Turns every error a route or a later middleware throws into a JSON error body (``ErrorBody``): the
/// endpoints' own ``StatsHTTPError``s, Hummingbird's `HTTPError`s (404 for an unknown route, …) and anything
/// else (500, without internals in the message).
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
            switch error.status {
            case .notFound:
                code = "not-found"
                message = "no endpoint at '\(request.uri.path)': see GET /health for the server, docs/http-endpoints.md"
            case .methodNotAllowed:
                code = "method-not-allowed"
                message = "\(request.method) is not allowed on '\(request.uri.path)': the endpoints answer GET"
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
}
