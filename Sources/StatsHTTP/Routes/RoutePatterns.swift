/// The endpoints' paths, as registered with the router (`:name` is one path segment of any value), and the
/// methods each answers: `GET`, and `HEAD` (the same response without its body).
///
/// The error middleware uses them to tell an unknown path (404 `not-found`) from a known path asked with
/// another method (405 `method-not-allowed`, with an `Allow` header).
enum RoutePatterns {
    /// Every endpoint's path pattern.
    static let all = [
        "/health", "/health/server", "/health/clients", "/health/clients/:id", "/health/performance",
        "/health/performance/histogram", "/health/errors", "/health/resources", "/health/history", "/health/costs",
        "/health/alerts", "/metrics",
    ]

    /// The methods every endpoint answers, for the `Allow` header.
    static let allowedMethods = "GET, HEAD"

    /// True when `path` is one of ``all`` (empty segments ignored, as the router does).
    static func matches(_ path: String) -> Bool {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        return all.contains { pattern in
            let parts = pattern.split(separator: "/", omittingEmptySubsequences: true)
            return parts.count == segments.count
                && zip(parts, segments).allSatisfy { part, segment in part.hasPrefix(":") || part == segment }
        }
    }
}
