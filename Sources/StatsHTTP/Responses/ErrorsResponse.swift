import ServerStats

/// `GET /health/errors`: failed calls by category, when the last error happened and the error-free stretches.
public struct ErrorsResponse: Codable, Sendable, Hashable {
    /// Failed calls since start, by category.
    public var categories: ErrorCategories
    /// API calls since start.
    public var callsTotal: UInt64
    /// Failed API calls since start.
    public var failuresTotal: UInt64
    /// `failuresTotal / callsTotal` (0 with no calls).
    public var errorRate: Double
    /// The most recent error, `null` before the first.
    public var lastErrorTime: StatsTime?
    /// Seconds since the last error (or the start).
    public var errorFreeSeconds: Double
    /// The longest error-free stretch so far, the current one included, in seconds.
    public var longestErrorFreeSeconds: Double
    /// Failed calls in the request monitor's sliding window.
    public var windowErrors: UInt64
    /// Failed / all calls in the window, in percent.
    public var windowErrorRatePercent: Double

    /// Encodes `lastErrorTime` as `null` before the first error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(categories, forKey: .categories)
        try container.encode(callsTotal, forKey: .callsTotal)
        try container.encode(failuresTotal, forKey: .failuresTotal)
        try container.encode(errorRate, forKey: .errorRate)
        try container.encode(lastErrorTime, forKey: .lastErrorTime)
        try container.encode(errorFreeSeconds, forKey: .errorFreeSeconds)
        try container.encode(longestErrorFreeSeconds, forKey: .longestErrorFreeSeconds)
        try container.encode(windowErrors, forKey: .windowErrors)
        try container.encode(windowErrorRatePercent, forKey: .windowErrorRatePercent)
    }
}

/// The error categories, counted since start.
public struct ErrorCategories: Codable, Sendable, Hashable {
    /// Wire-format conversion failures.
    public var conversionErrors: UInt64
    /// Serialization failures.
    public var serializationErrors: UInt64
    /// Network-level failures.
    public var networkErrors: UInt64
    /// Unexpected server errors.
    public var internalErrors: UInt64
    /// Timeouts.
    public var timeoutErrors: UInt64
    /// Client-side (4xx-like) errors.
    public var clientErrors: UInt64
    /// Server-side (5xx-like) errors.
    public var serverErrors: UInt64

    /// The categories of `snapshot`.
    public init(_ snapshot: ServerSnapshot) {
        conversionErrors = snapshot.conversionErrorsTotal
        serializationErrors = snapshot.serializationErrorsTotal
        networkErrors = snapshot.networkErrorsTotal
        internalErrors = snapshot.internalErrorsTotal
        timeoutErrors = snapshot.timeoutErrorsTotal
        clientErrors = snapshot.clientErrorsTotal
        serverErrors = snapshot.serverErrorsTotal
    }
}
