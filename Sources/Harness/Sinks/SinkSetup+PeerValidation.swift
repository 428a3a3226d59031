import Simulation

extension SinkSetup {
    /// Checks what every peer sink (seed-naive, swift-prometheus, hdrhistogram) needs of a setup, naming the sink
    /// and the field in the error.
    ///
    /// A request's `methodIndex` is a `UInt16`, so at most 65 536 methods; the peers index per-method state by
    /// it, so at least one method; windows must have a length.
    func validateForPeerSink(_ sink: SinkKind) throws(HarnessError) {
        guard !methods.isEmpty else {
            throw .sinkSetup(sink: sink.name, reason: "the request mix names no methods: add at least one method")
        }
        guard methods.count <= Int(UInt16.max) + 1 else {
            throw .sinkSetup(
                sink: sink.name, reason: "\(methods.count) methods, more than the 65536 a request can name")
        }
        guard workers >= 1 else {
            throw .sinkSetup(sink: sink.name, reason: "workers must be at least 1, got \(workers)")
        }
        guard clients >= 0 else {
            throw .sinkSetup(sink: sink.name, reason: "clients must not be negative, got \(clients)")
        }
        guard windowNanoseconds > 0 else {
            throw .sinkSetup(sink: sink.name, reason: "the window (stats interval) must be longer than 0 ns")
        }
    }
}
