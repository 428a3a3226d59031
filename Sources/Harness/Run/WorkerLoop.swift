import BitCollections
import CJemalloc
import CPrefetch
import Simulation

/// One simulated worker: its share of the event stream, its ground-truth counters and its measurements.
///
/// **Why `@unchecked Sendable` is safe.** Its `var`s (stream, pending event, totals, captures, calls in
/// flight) are plain memory, read and written per event, where a lock or atomic would be measured as the
/// sink's cost. They are touched by one thread at a time: by its worker thread while an epoch runs, and by the
/// control thread only while that worker is parked at the epoch barrier (``WorkerGang``). The barrier's
/// semaphores order every access of one side before every access of the other (a worker's `done.signal()`
/// before the control thread's `done.wait()` returns, the control thread's `go.signal()` before the worker's
/// `go.wait()` returns). Nothing else holds a loop.
final class WorkerLoop<S: Sink>: @unchecked Sendable {
    let index: Int
    let sink: S
    var stream: EventStream
    var pending: SimulatedRequest
    var remaining: UInt64
    /// This worker's share of an `events:` run (`.max` for a `duration:` run).
    let share: UInt64
    let durationNanoseconds: UInt64
    var exhausted = false
    var totals: GeneratorTotals
    /// Requests per method counted in the running epoch, added to `totals` when it ends: a plain buffer, so a
    /// count costs no uniqueness or bounds check of the totals' array (allocated once per loop).
    let methodCounts: UnsafeMutableBufferPointer<UInt64>
    var latencies: [[Double]]
    let capture: Bool
    let sampleInterval: Int
    var sampleCountdown: Int
    var costSamples: [UInt64] = []
    let measureAllocations: Bool
    var allocatedBytes: UInt64 = 0
    var cpuNanoseconds: UInt64 = 0
    /// Moves each request's client into this worker's own set of slots.
    let pinning: ClientPinning
    /// Draws model-call costs for methods that have them.
    let costs: CallCostModel?
    /// This worker's calls in flight in simulated time, which end calls on the sink (concurrent-call figures).
    var calls: InFlightCalls
    /// The drive's connections, one per client slot (``Connection``).
    let connections: ConnectionTable
    /// Whether this worker writes the connections it serves: when slots are pinned (each slot is this worker's
    /// alone) or it is the only worker.
    let writesConnections: Bool
    /// Calls one worker can hold in flight (their storage allocated once per drive: 16 MiB of wheel nodes and
    /// 16 MiB of overflow heap, committed only as far as used); beyond it the earliest is ended early, which is
    /// counted and fails the concurrent-call conservation check.
    static var inFlightCapacity: Int { 1 << 20 }

    /// The wrapping sum of the fingerprints of the events this worker recorded: the stream's hash without the
    /// event it generated past the end of a `duration:` run.
    var hash: UInt64 {
        // The pending event is unrecorded when the run ended before it (a duration run) or the worker's share
        // was empty from the start; when the share ran out, the pending event is the last one recorded.
        guard exhausted, remaining > 0 || share == 0 else { return stream.hash }
        return stream.hash &- pending.fingerprint(index: stream.lastEventIndex ?? 0)
    }

    /// Worker `index` of `plan`, generating from `stream` (the plan's stream of this worker, at its first event).
    init(
        index: Int, sink: S, stream: EventStream, plan: RunPlan, options: DriveOptions, connections: ConnectionTable
    ) {
        self.index = index
        self.sink = sink
        self.connections = connections
        self.pinning = ClientPinning(worker: index, workers: plan.workers, clients: plan.setup.clients)
        self.writesConnections = plan.workers == 1 || pinning.active
        self.costs = plan.costs
        self.calls = InFlightCalls(capacity: Self.inFlightCapacity)
        self.stream = stream
        self.share = plan.eventShare(worker: index) ?? .max
        self.remaining = share
        self.durationNanoseconds = plan.durationNanoseconds ?? .max
        self.pending = self.stream.next()
        let methods = plan.stream.methods.count
        self.totals = GeneratorTotals(methods: methods)
        self.methodCounts = .allocate(capacity: methods)
        self.methodCounts.initialize(repeating: 0)
        self.latencies = Array(repeating: [], count: methods)
        self.capture = options.captureLatencies
        self.sampleInterval = options.costSampleInterval
        self.sampleCountdown = options.costSampleInterval
        self.measureAllocations = options.measureAllocations
        if sampleInterval > 0 {
            let expected = plan.eventLimit.map { Int($0) / max(1, plan.workers) / sampleInterval } ?? 100_000
            costSamples.reserveCapacity(min(expected + 1024, 4_000_000))
        }
        if remaining == 0 || pending.intendedStartNanoseconds >= durationNanoseconds { exhausted = true }
    }

    deinit {
        calls.deallocate()
        methodCounts.deallocate()
    }

    /// Generates and records every event of this worker's share that starts before `end` (simulated ns).
    func runEpoch(until end: UInt64) {
        guard !exhausted else { return }
        let allocatedBefore = measureAllocations ? statsbench_thread_allocated_bytes() : 0
        let cpuBefore = Clocks.threadCPU()
        if capture || sampleInterval > 0 {
            runInstrumented(until: end)
        } else {
            runPlain(until: end)
        }
        for method in methodCounts.indices {
            totals.requestsPerMethod[method] &+= methodCounts[method]
            methodCounts[method] = 0
        }
        cpuNanoseconds &+= Clocks.threadCPU() &- cpuBefore
        if measureAllocations { allocatedBytes &+= statsbench_thread_allocated_bytes() &- allocatedBefore }
    }

    /// The measured loop: generate, count, record. Nothing else.
    ///
    /// The loop works on locals moved out of the object (and back after), so that no access to a class
    /// property — each an exclusivity check — happens per event, and the totals' array stays uniquely owned.
    private func runPlain(until end: UInt64) {
        let limit = min(end, durationNanoseconds)
        var stream = self.stream
        var totals = GeneratorTotals(methods: 0)
        swap(&totals, &self.totals)
        var remaining = self.remaining
        var request = pending
        var calls = self.calls
        defer {
            self.stream = stream
            swap(&totals, &self.totals)
            self.remaining = remaining
            pending = request
            self.calls = calls
        }
        let pinning = self.pinning
        let connections = self.connections.base
        let writes = writesConnections
        let methodCounts = self.methodCounts.baseAddress!
        var ahead = ReadAhead(stream: stream, pinning: pinning, connections: connections)
        while request.intendedStartNanoseconds < limit {
            ahead.step(stream: stream, pinning: pinning, connections: connections, sink: sink, worker: index)
            request.clientIndex = pinning.pin(request.clientIndex)
            Self.count(request, into: &totals, methodCounts: methodCounts)
            Self.endCalls(
                before: request, calls: &calls, sink: sink, connections: connections, writes: writes, worker: index)
            let connection = Self.serve(request, connections: connections, writes: writes)
            if let call = costs?.call(for: request) {
                totals.count(call)
                sink.record(request, call: call, connection: connection, worker: index)
            } else {
                sink.record(request, connection: connection, worker: index)
            }
            Self.beginCall(
                of: request, connections: connections, writes: writes, calls: &calls, sink: sink, worker: index)
            remaining &-= 1
            if remaining == 0 {
                exhausted = true
                return
            }
            request = stream.next()
        }
        if request.intendedStartNanoseconds >= durationNanoseconds { exhausted = true }
    }

    /// The loop with ground-truth capture and sampled cost timing.
    private func runInstrumented(until end: UInt64) {
        let limit = min(end, durationNanoseconds)
        var request = pending
        let connections = self.connections.base
        let methodCounts = self.methodCounts.baseAddress!
        var ahead = ReadAhead(stream: stream, pinning: pinning, connections: connections)
        while request.intendedStartNanoseconds < limit {
            ahead.step(stream: stream, pinning: pinning, connections: connections, sink: sink, worker: index)
            request.clientIndex = pinning.pin(request.clientIndex)
            Self.count(request, into: &totals, methodCounts: methodCounts)
            let call = costs?.call(for: request)
            if let call { totals.count(call) }
            if capture { latencies[Int(request.methodIndex)].append(request.latencySeconds) }
            Self.endCalls(
                before: request, calls: &calls, sink: sink, connections: connections, writes: writesConnections,
                worker: index)
            let connection = Self.serve(request, connections: connections, writes: writesConnections)
            if sampleInterval > 0 {
                sampleCountdown -= 1
                if sampleCountdown == 0 {
                    sampleCountdown = sampleInterval
                    let start = Clocks.monotonic()
                    record(request, call: call, connection: connection)
                    costSamples.append(Clocks.monotonic() &- start)
                } else {
                    record(request, call: call, connection: connection)
                }
            } else {
                record(request, call: call, connection: connection)
            }
            Self.beginCall(
                of: request, connections: connections, writes: writesConnections, calls: &calls, sink: sink,
                worker: index)
            remaining &-= 1
            if remaining == 0 {
                exhausted = true
                pending = request
                return
            }
            request = stream.next()
        }
        pending = request
        if request.intendedStartNanoseconds >= durationNanoseconds { exhausted = true }
    }

    @inline(__always)
    private func record(_ request: SimulatedRequest, call: SimulatedCall?, connection: UnsafeMutablePointer<Connection>)
    {
        if let call {
            sink.record(request, call: call, connection: connection, worker: index)
        } else {
            sink.record(request, connection: connection, worker: index)
        }
    }

    /// What a server does with the connection a request arrives on before it records: reads and writes it
    /// (when this worker owns it). Returns the connection.
    @inline(__always)
    static func serve(
        _ request: SimulatedRequest, connections: UnsafeMutablePointer<Connection>, writes: Bool
    ) -> UnsafeMutablePointer<Connection> {
        let connection = connections + Int(request.clientIndex)
        if writes {
            connection.pointee.requests &+= 1
            connection.pointee.lastStartNanoseconds = request.intendedStartNanoseconds
        }
        return connection
    }

    /// Ends the call of `slot` on the sink, counting it on its connection when `writes` (this worker owns the
    /// slot, or the workers are parked).
    @inline(__always)
    static func end(
        slot: UInt32, connections: UnsafeMutablePointer<Connection>, writes: Bool = true, sink: S, worker: Int
    ) {
        let connection = connections + Int(slot)
        if writes { connection.pointee.callsEnded &+= 1 }
        sink.endCall(slot: Int(slot), connection: connection, worker: worker)
    }

    /// Ends this worker's calls that ended by `request`'s intended start (a call ending exactly when another
    /// starts does not overlap it).
    @inline(__always)
    static func endCalls(
        before request: SimulatedRequest, calls: inout InFlightCalls, sink: S,
        connections: UnsafeMutablePointer<Connection>, writes: Bool, worker: Int
    ) {
        calls.removeEnded(by: request.intendedStartNanoseconds) {
            end(slot: $0, connections: connections, writes: writes, sink: sink, worker: worker)
        }
    }

    /// Puts `request`'s call in flight until its end (start + latency); a call with no duration (0, negative,
    /// NaN) or of more than 10⁹ s is never in flight.
    @inline(__always)
    static func beginCall(
        of request: SimulatedRequest, connections: UnsafeMutablePointer<Connection>, writes: Bool,
        calls: inout InFlightCalls, sink: S, worker: Int
    ) {
        let latency = request.latencySeconds
        guard latency > 0, latency < 1e9 else { return }
        if calls.isFull {
            // Rare (a full store, counted in `truncated`): the earliest call ends early.
            end(slot: calls.endEarly(), connections: connections, writes: writes, sink: sink, worker: worker)
        }
        sink.beginCall(
            slot: Int(request.clientIndex), connection: connections + Int(request.clientIndex), worker: worker)
        calls.push(end: request.intendedStartNanoseconds &+ UInt64(latency * 1e9), slot: request.clientIndex)
    }

    /// Ends the calls that ended by `nanoseconds` (control plane, workers parked).
    func endCalls(endingBy nanoseconds: UInt64) {
        Self.endCalls(endingBy: nanoseconds, calls: &calls, sink: sink, connections: connections.base, worker: index)
    }

    /// Ends the calls in `calls` that ended by `nanoseconds` on `sink`.
    static func endCalls(
        endingBy nanoseconds: UInt64, calls: inout InFlightCalls, sink: S,
        connections: UnsafeMutablePointer<Connection>, worker: Int
    ) {
        calls.removeEnded(by: nanoseconds) { end(slot: $0, connections: connections, sink: sink, worker: worker) }
    }

    /// Ends the calls in flight of the clients in `leaving`'s slots, which are leaving (control plane, workers
    /// parked): one pass over this worker's calls.
    func endCalls(ofSlots leaving: BitSet) {
        let sink = sink
        let index = index
        let connections = connections.base
        calls.removeAll(leaving: { leaving.contains(Int($0)) }) {
            Self.end(slot: $0, connections: connections, sink: sink, worker: index)
        }
    }

    /// Ends every call in flight (control plane: the end of a live run, whose next run starts afresh).
    func endAllCalls() {
        let sink = sink
        let index = index
        let connections = connections.base
        calls.removeAll { Self.end(slot: $0, connections: connections, sink: sink, worker: index) }
    }

    @inline(__always)
    private static func count(
        _ request: SimulatedRequest, into totals: inout GeneratorTotals, methodCounts: UnsafeMutablePointer<UInt64>
    ) {
        totals.requests &+= 1
        totals.failures &+= request.outcome == .failure ? 1 : 0
        totals.requestBytes &+= UInt64(request.requestBytes)
        totals.responseBytes &+= UInt64(request.responseBytes)
        methodCounts[Int(request.methodIndex)] &+= 1
    }
}

/// The loop's view of the requests ahead of the one it records: the connection of the request
/// ``distance`` ahead is prefetched; the sink is told of the request ``prepareDistance`` ahead
/// (``Sink/prepare(connection:worker:)``), whose connection was prefetched eight requests before. The slots in
/// between wait in a ring of eight, so each request's client is computed once.
///
/// As a server's network reads land before its handlers run, a request's connection is in cache when it is
/// recorded, and already when the sink is told of the request. Eight requests are ≥ 500 ns of the loop's own
/// work, more than a miss to memory here (190–230 ns).
struct ReadAhead {
    /// Requests ahead whose connection is prefetched.
    static var distance: Int { 16 }
    /// Requests ahead that the sink is told of (the ring holds the slots from here to ``distance``).
    static var prepareDistance: Int { 8 }

    /// The index of the event whose connection is prefetched next.
    var index: UInt64
    /// The slots of the requests `prepareDistance ..< distance` ahead, the nearest at `cursor`.
    var slots: InlineArray<8, UInt32>
    var cursor: Int = 0

    /// The view at the start of a loop whose pending request's successor `stream` generates next: the slots of
    /// the requests 8 … 15 ahead are computed (and their connections prefetched) at once.
    @inline(__always)
    init(stream: EventStream, pinning: ClientPinning, connections: UnsafeMutablePointer<Connection>) {
        precondition(Self.distance - Self.prepareDistance == 8, "the ring holds eight slots")
        var index = stream.nextEventIndex
        for _ in 1..<Self.prepareDistance { index = stream.eventIndex(after: index) }
        slots = InlineArray(repeating: 0)
        for position in 0..<8 {
            let slot = pinning.pin(stream.clientIndex(ofEvent: index))
            statsbench_prefetch_for_write(connections + Int(slot))
            slots[position] = slot
            index = stream.eventIndex(after: index)
        }
        self.index = index
    }

    /// Moves on by one request: prefetches the connection `distance` ahead and tells the sink of the request
    /// `prepareDistance` ahead.
    @inline(__always)
    mutating func step<S: Sink>(
        stream: EventStream, pinning: ClientPinning, connections: UnsafeMutablePointer<Connection>, sink: S,
        worker: Int
    ) {
        let slot = pinning.pin(stream.clientIndex(ofEvent: index))
        statsbench_prefetch_for_write(connections + Int(slot))
        index = stream.eventIndex(after: index)
        let prepared = slots[cursor]
        slots[cursor] = slot
        cursor = (cursor &+ 1) & 7
        sink.prepare(connection: connections + Int(prepared), worker: worker)
    }
}

/// Connections bound to workers: a client's requests are served by one worker, as a connection is bound to
/// one event loop. The generator draws each request's client uniformly over every slot; worker `w` of `W`
/// moves it to the slot of the same block of `W` that is `≡ w (mod W)`, so each slot is only ever recorded by
/// its own worker and a sink may keep single-writer client records. The event stream (and its hash) is
/// unchanged; only which client a request is attributed to depends on the worker count. With fewer clients
/// than workers nothing is moved (clients are then shared by workers).
struct ClientPinning {
    let worker: UInt32
    let workers: UInt32
    let clients: UInt32
    let active: Bool
    let mask: UInt32?

    init(worker: Int, workers: Int, clients: Int) {
        self.worker = UInt32(worker)
        self.workers = UInt32(max(1, workers))
        self.clients = UInt32(clamping: clients)
        self.active = workers > 1 && clients >= workers
        self.mask = workers.nonzeroBitCount == 1 ? UInt32(workers - 1) : nil
    }

    /// Whether slots are pinned (each written by one worker only).
    static func pins(workers: Int, clients: Int) -> Bool { workers > 1 && clients >= workers }

    /// The slot this worker records `client`'s request under.
    @inline(__always)
    func pin(_ client: UInt32) -> UInt32 {
        guard active else { return client }
        let base = client &- (mask.map { client & $0 } ?? client % workers)
        let slot = base &+ worker
        return slot < clients ? slot : slot &- workers
    }
}
