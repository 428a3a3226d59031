/// How an API call ended: success, or the category of its error.
public struct RequestOutcome: Sendable, Hashable, Codable, CustomStringConvertible {
    @usableFromInline let code: UInt8

    @usableFromInline init(code: UInt8) { self.code = code }

    /// The call succeeded.
    public static var success: RequestOutcome { RequestOutcome(code: 0) }
    /// A protobuf (or other wire format) conversion failed.
    public static var conversionError: RequestOutcome { RequestOutcome(code: 1) }
    /// Serializing data failed.
    public static var serializationError: RequestOutcome { RequestOutcome(code: 2) }
    /// A network-level failure.
    public static var networkError: RequestOutcome { RequestOutcome(code: 3) }
    /// An unexpected server error.
    public static var internalError: RequestOutcome { RequestOutcome(code: 4) }
    /// The request timed out.
    public static var timeoutError: RequestOutcome { RequestOutcome(code: 5) }
    /// The client sent a bad request (4xx-like).
    public static var clientError: RequestOutcome { RequestOutcome(code: 6) }
    /// The server answered with an error (5xx-like).
    public static var serverError: RequestOutcome { RequestOutcome(code: 7) }

    /// Every outcome, success first.
    public static var all: [RequestOutcome] { (0...7).map { RequestOutcome(code: $0) } }

    /// True for every outcome but ``success``.
    @inlinable public var isFailure: Bool { code != 0 }

    /// `success`, `conversion-error`, …
    public var description: String {
        [
            "success", "conversion-error", "serialization-error", "network-error", "internal-error", "timeout-error",
            "client-error", "server-error",
        ][Int(code)]
    }

    /// Offset of this outcome's error counter from the first error counter (conversion), in the order both
    /// ``ServerField`` and ``ClientField`` list them.
    @inlinable var errorOffset: Int { Int(code) &- 1 }
}
