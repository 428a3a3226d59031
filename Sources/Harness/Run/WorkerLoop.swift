import CJemalloc
import Simulation

/// One simulated worker: its share of the event stream, its ground-truth counters and its measurements.
///
/// Touched only by its own thread while an epoch runs and by the control thread while it is parked.
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
    var latencies: [[Double]]
    let capture: Bool
    let sampleInterval: Int
    var sampleCountdown: Int
    var costSamples: [UInt64] = []
    let measureAllocations: Bool
    var allocatedBytes: UInt64 = 0
    var cpuNanoseconds: UInt64 = 0
    let workers: UInt64
    /// Moves each request's client into this worker's own set of slots.
    let pinning: ClientPinning
    /// Draws model-call costs for methods that have them.
    let costs: CallCostModel?

    /// The wrapping sum of the fingerprints of the events this worker recorded: the stream's hash without the
    /// event it generated past the end of a `duration:` run.
    var hash: UInt64 {
        // The pending event is unrecorded when the run ended before it (a duration run) or the worker's share
        // was empty from the start; when the share ran out, the pending event is the last one recorded.
        guard exhausted, remaining > 0 || share == 0 else { return stream.hash }
        return stream.hash &- pending.fingerprint(index: stream.nextEventIndex &- workers)
    }

    init(
        index: Int, sink: S, plan: RunPlan, options: DriveOptions
    ) throws(HarnessError) {
        self.index = index
        self.sink = sink
        self.workers = UInt64(plan.workers)
        self.pinning = ClientPinning(worker: index, workers: plan.workers, clients: plan.setup.clients)
        self.costs = plan.costs
        do {
            self.stream = try EventStream(configuration: plan.stream, worker: index, workers: plan.workers)
        } catch {
            throw .scenario("\(error)")
        }
        self.share = plan.eventShare(worker: index) ?? .max
        self.remaining = share
        self.durationNanoseconds = plan.durationNanoseconds ?? .max
        self.pending = stream.next()
        let methods = plan.stream.methods.count
        self.totals = GeneratorTotals(methods: methods)
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
        defer {
            self.stream = stream
            swap(&totals, &self.totals)
            self.remaining = remaining
            pending = request
        }
        let pinning = self.pinning
        while request.intendedStartNanoseconds < limit {
            request.clientIndex = pinning.pin(request.clientIndex)
            Self.count(request, into: &totals)
            if let call = costs?.call(for: request) {
                totals.count(call)
                sink.record(request, call: call, worker: index)
            } else {
                sink.record(request, worker: index)
            }
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
        while request.intendedStartNanoseconds < limit {
            request.clientIndex = pinning.pin(request.clientIndex)
            Self.count(request, into: &totals)
            let call = costs?.call(for: request)
            if let call { totals.count(call) }
            if capture { latencies[Int(request.methodIndex)].append(request.latencySeconds) }
            if sampleInterval > 0 {
                sampleCountdown -= 1
                if sampleCountdown == 0 {
                    sampleCountdown = sampleInterval
                    let start = Clocks.monotonic()
                    record(request, call: call)
                    costSamples.append(Clocks.monotonic() &- start)
                } else {
                    record(request, call: call)
                }
            } else {
                record(request, call: call)
            }
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
    private func record(_ request: SimulatedRequest, call: SimulatedCall?) {
        if let call { sink.record(request, call: call, worker: index) } else { sink.record(request, worker: index) }
    }

    @inline(__always)
    private static func count(_ request: SimulatedRequest, into totals: inout GeneratorTotals) {
        totals.requests &+= 1
        totals.failures &+= request.outcome == .failure ? 1 : 0
        totals.requestBytes &+= UInt64(request.requestBytes)
        totals.responseBytes &+= UInt64(request.responseBytes)
        totals.requestsPerMethod[Int(request.methodIndex)] &+= 1
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
