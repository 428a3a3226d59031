import Hummingbird

/// Asks for `Authorization: Bearer <token>` on every path but `/health` (always open, for load balancers).
/// The comparison takes the same time wherever the tokens differ.
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: [UInt8]

    init(token: String) { self.token = Array(token.utf8) }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        if request.uri.path == "/health" || request.uri.path == "/health/" {
            return try await next(request, context)
        }
        // The scheme is case-insensitive (RFC 9110 §11.1: `bearer`, `BEARER`); the token is not.
        let scheme = Array("bearer ".utf8)
        guard let header = request.headers[.authorization].map({ Array($0.utf8) }), header.count >= scheme.count,
            zip(header, scheme).allSatisfy({ ($0 | 0x20) == $1 }),
            Self.equal(Array(header.dropFirst(scheme.count)), token)
        else { throw StatsHTTPError.unauthorized }
        return try await next(request, context)
    }

    /// Constant-time equality (for equal lengths).
    static func equal(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
