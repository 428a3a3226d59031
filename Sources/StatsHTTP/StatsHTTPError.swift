import Hummingbird

/// What an endpoint answers instead of figures: each case becomes a JSON error body
/// (`{"error": CODE, "message": …, "status": N}`, plus `"parameter"` for a bad parameter).
public enum StatsHTTPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A query parameter has an unusable value (400).
    case badParameter(name: String, value: String, expected: String)
    /// The endpoint reads no query parameter of this name; `accepted` are those it reads (400).
    case unknownParameter(name: String, accepted: [String])
    /// No connected client has this id (404).
    case unknownClient(id: String)
    /// No API method has this name (400).
    case unknownMethod(name: String)
    /// The request lacks the bearer token, or has another one (401).
    case unauthorized
    /// The figure asked for has no source in this server (404).
    case unavailable(what: String)

    /// The HTTP status.
    public var status: HTTPResponse.Status {
        switch self {
        case .badParameter, .unknownParameter, .unknownMethod: return .badRequest
        case .unknownClient, .unavailable: return .notFound
        case .unauthorized: return .unauthorized
        }
    }

    /// A short stable code: `bad-parameter`, `unknown-parameter`, `unknown-client`, `unknown-method`,
    /// `unauthorized`, `unavailable`.
    public var code: String {
        switch self {
        case .badParameter: return "bad-parameter"
        case .unknownParameter: return "unknown-parameter"
        case .unknownClient: return "unknown-client"
        case .unknownMethod: return "unknown-method"
        case .unauthorized: return "unauthorized"
        case .unavailable: return "unavailable"
        }
    }

    /// What was wrong, and what to do.
    public var description: String {
        switch self {
        case .badParameter(let name, let value, let expected):
            return "query parameter '\(name)' has the value '\(value)': expected \(expected)"
        case .unknownParameter(let name, let accepted):
            let reads =
                accepted.isEmpty
                ? "this endpoint reads no query parameter"
                : "this endpoint reads " + accepted.map { "'\($0)'" }.joined(separator: " and ")
            return "unknown query parameter '\(name)': \(reads)"
        case .unknownClient(let id):
            // The id is a path segment as the client sent it: control and format characters are not echoed.
            return
                "no connected client has the id '\(QueryParameters.shown(id))': GET /health/clients lists the "
                + "connected ones"
        case .unknownMethod(let name):
            return "no API method is named '\(QueryParameters.shown(name))': GET /health/performance lists the methods"
        case .unauthorized:
            return "this endpoint needs the header 'Authorization: Bearer <token>' with the server's token"
        case .unavailable(let what):
            return "\(what) is not available on this server"
        }
    }

    /// The JSON body.
    var body: ErrorBody {
        var parameter: String?
        if case .badParameter(let name, _, _) = self { parameter = name }
        if case .unknownParameter(let name, _) = self { parameter = name }
        return ErrorBody(error: code, message: description, status: Int(status.code), parameter: parameter)
    }
}

/// The JSON body of every error response.
public struct ErrorBody: Codable, Sendable, Hashable {
    /// A short stable code (``StatsHTTPError/code``, or `not-found`, `method-not-allowed`, `http-error`).
    public var error: String
    /// A sentence saying what was wrong.
    public var message: String
    /// The HTTP status code, repeated.
    public var status: Int
    /// The query parameter at fault, for `bad-parameter`.
    public var parameter: String?
}
