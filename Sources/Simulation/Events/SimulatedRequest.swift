/// One generated request: what a simulated worker hands to the statistics pipeline.
///
/// 32 bytes, no references: streams of them can be generated, copied and compared without touching the heap.
/// `latencySeconds` is measured from `intendedStartNanoseconds` — the open-loop intended start — never from
/// when a late consumer got round to the event.
public struct SimulatedRequest: Sendable, Hashable {
    /// How the request ended.
    public enum Outcome: UInt8, Sendable, Hashable {
        /// The request succeeded.
        case success = 0
        /// The request failed (drawn with the method's error rate).
        case failure = 1
    }

    /// Intended start, in nanoseconds from the run's start (from the ``ArrivalSchedule``).
    public var intendedStartNanoseconds: UInt64
    /// Latency from the intended start, in seconds (from the method's latency distribution, never negative).
    public var latencySeconds: Double
    /// Request size in bytes (the method's request-size draw, rounded, clamped to `0 ... UInt32.max`).
    public var requestBytes: UInt32
    /// Response size in bytes (the method's response-size draw, rounded, clamped to `0 ... UInt32.max`).
    public var responseBytes: UInt32
    /// The client that sent it, in `0 ..< clients`.
    public var clientIndex: UInt32
    /// The method called: an index into ``EventStreamConfiguration/methods``.
    public var methodIndex: UInt16
    /// Success or failure.
    public var outcome: Outcome

    /// Creates a request from its fields.
    @inlinable
    public init(
        intendedStartNanoseconds: UInt64, latencySeconds: Double, requestBytes: UInt32, responseBytes: UInt32,
        clientIndex: UInt32, methodIndex: UInt16, outcome: Outcome
    ) {
        self.intendedStartNanoseconds = intendedStartNanoseconds
        self.latencySeconds = latencySeconds
        self.requestBytes = requestBytes
        self.responseBytes = responseBytes
        self.clientIndex = clientIndex
        self.methodIndex = methodIndex
        self.outcome = outcome
    }

    /// A 64-bit fingerprint of every field and of the event's global `index`: the summand of
    /// ``EventStream/hash``.
    ///
    /// Four lanes, each a field word times an odd constant (a bijection, so changing any single field changes
    /// its lane and hence the fingerprint), are rotated apart and combined, then the SplitMix64 finalizer
    /// spreads the result over all 64 bits. The lanes are independent, so the cost is a few cycles.
    @inlinable @inline(__always)
    public func fingerprint(index: UInt64) -> UInt64 {
        let sizes = UInt64(requestBytes) &<< 32 | UInt64(responseBytes)
        let choice = UInt64(clientIndex) &<< 32 | UInt64(methodIndex) &<< 8 | UInt64(outcome.rawValue)
        let time = (intendedStartNanoseconds ^ index.rotatedLeft(by: 29)) &* 0x9FB2_1C65_1E98_DF25
        let latency = latencySeconds.bitPattern &* 0xD6E8_FEB8_6659_FD93
        let bytes = sizes &* 0xC2B2_AE3D_27D4_EB4F
        let rest = (choice ^ index) &* 0x1656_67B1_9E37_79F9
        return SplitMix64.mix(time ^ latency.rotatedLeft(by: 16) ^ bytes.rotatedLeft(by: 32) ^ rest.rotatedLeft(by: 48))
    }
}
