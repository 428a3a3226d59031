import CJemalloc
import ServerStats
import Simulation

/// Memory figures that need a dedicated measurement.
enum MemoryProbe {
    /// Net bytes this thread allocated per client while connecting `clients` clients to a fresh pipeline
    /// (jemalloc's per-thread counters; `nil` when jemalloc is not the allocator).
    ///
    /// - Throws: ``HarnessError/sinkSetup(sink:reason:)`` when the pipeline for `clients` clients cannot be
    ///   built (the reason names what refused it), rather than leaving the figure silently empty.
    static func bytesPerClient(setup: SinkSetup, clients: Int) throws(HarnessError) -> Double? {
        guard statsbench_jemalloc_is_active() else { return nil }
        var plain = setup
        plain.clients = clients
        plain.serverEvents = nil
        plain.subscriptions = nil
        let sink: StatsbenchSink
        do {
            sink = try StatsbenchSink(setup: plain)
        } catch {
            throw .sinkSetup(
                sink: SinkKind.statsbench.name, reason: "memory measurement with \(clients) clients: \(error)")
        }
        let allocated = statsbench_thread_allocated_bytes()
        let freed = statsbench_thread_deallocated_bytes()
        for slot in 0..<clients { sink.connect(slot: slot) }
        let net = Int64(
            bitPattern: (statsbench_thread_allocated_bytes() &- allocated)
                &- (statsbench_thread_deallocated_bytes() &- freed))
        return withExtendedLifetime(sink) { Double(net) / Double(clients) }
    }
}
