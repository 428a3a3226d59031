import Hummingbird

/// Answers `HEAD` as `GET` would, without the body: the status and headers (`Content-Length` included) of
/// the `GET` response, error responses too. Every route is registered for both methods; this middleware,
/// outside the JSON error middleware, drops the body.
struct HeadMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let response = try await next(request, context)
        guard request.method == .head else { return response }
        var headers = response.headers
        if headers[.contentLength] == nil, let length = response.body.contentLength {
            headers[.contentLength] = String(length)
        }
        return Response(status: response.status, headers: headers, body: ResponseBody())
    }
}
