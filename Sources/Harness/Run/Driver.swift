import BitCollections
import CJemalloc
import Foundation
import ServerStats
import Simulation
import StatsCore
import Synchronization

/// Feeds a scenario's event stream through one sink with real worker threads, in epochs of simulated time.
///
/// Each epoch (one window of simulated time), every worker generates and records its share of the events
/// that start in it, then parks; the control thread then moves the sink's clock, asks for window quantiles,
/// replaces churned clients and runs the epoch hook, and starts the next epoch. Simulated time runs as fast as
/// the workers can go (the arrival process fixes every event's intended start, so the run is open loop and
/// latencies never depend on how fast it went).
enum Driver {
    /// Drives `sink` through `plan`. Generic, so the record call is direct and specialised per sink type.
    ///
    /// The steps: connect every client slot and start the workers; then per epoch run the workers to the
    /// epoch's end (counting their allocations when asked) and do the control plane's work (``Epochs/close``);
    /// at the end, gather the outcome (``outcome(loops:epochs:wall:plan:)``).
    static func drive<S: Sink>(_ sink: S, plan: RunPlan, options: DriveOptions) throws(HarnessError) -> DriveOutcome {
        let generators = try plan.workerGenerators()
        let connections = ConnectionTable(slots: plan.setup.clients)
        for slot in 0..<plan.setup.clients { sink.connect(slot: slot, connection: connections[slot]) }
        let loops = (0..<plan.workers).map { worker in
            WorkerLoop(
                index: worker, sink: sink, stream: generators.streams[worker], plan: plan, options: options,
                connections: connections)
        }
        let gang = WorkerGang(loops: loops)
        defer { gang.stop() }

        var epochs = Epochs(churn: generators.churn)
        // What reading the process-wide count costs in allocations (jemalloc's epoch refresh), per bracket.
        let readingCost = options.measureAllocations ? allocationReadingCost() : 0
        let started = Clocks.monotonic()
        while !loops.allSatisfy(\.exhausted), !(options.shouldStop?() ?? false) {
            let epochStart = epochs.end
            epochs.end &+= plan.windowNanoseconds
            epochs.count += 1
            epochs.allocations &+= runWorkers(
                gang, until: epochs.end, measure: options.measureAllocations,
                readingCost: readingCost)
            epochs.close(from: epochStart, sink: sink, loops: loops, options: options)
        }
        let wall = Clocks.monotonic() &- started
        if options.endCallsAtEnd { for loop in loops { loop.endAllCalls() } }
        return outcome(loops: loops, epochs: epochs, wall: wall, plan: plan)
    }

    /// Runs every worker to `end`; returns the allocations they made when `measure` (only the workers run
    /// between the two reads — this thread waits — so the process-wide count's growth is theirs), else 0.
    static func runWorkers<S: Sink>(_ gang: WorkerGang<S>, until end: UInt64, measure: Bool, readingCost: UInt64)
        -> UInt64
    {
        guard measure else {
            gang.runEpoch(until: end)
            return 0
        }
        let before = statsbench_process_allocation_count()
        gang.runEpoch(until: end)
        let after = statsbench_process_allocation_count()
        return (after &- before) > readingCost ? (after &- before) &- readingCost : 0
    }

    /// The control plane's state across epochs, and its work between them.
    struct Epochs {
        var churn: ChurnPlanner
        /// End of the current epoch, simulated nanoseconds.
        var end: UInt64 = 0
        /// Epochs (windows) run.
        var count = 0
        /// Worker allocations counted so far.
        var allocations: UInt64 = 0
        var windowMarks: [[[Int]]] = []
        var windowEstimates: [[[QuantileEstimate?]]?] = []
        var replacements = 0
        var reasons: [String: Int] = [:]

        /// After the workers parked at ``end``: end the calls due, move the sink's clock, take the window's
        /// quantiles and latency marks, replace the churned clients, run the hook, report progress.
        mutating func close<S: Sink>(
            from start: UInt64, sink: S, loops: [WorkerLoop<S>], options: DriveOptions
        ) {
            for loop in loops { loop.endCalls(endingBy: end) }
            sink.advance(toNanoseconds: end)
            if !options.windowQuantiles.isEmpty {
                windowEstimates.append(sink.quantileEstimates(options.windowQuantiles, scope: .window))
            }
            if options.captureLatencies {
                windowMarks.append(loops.map { $0.latencies.map(\.count) })
            }
            let replaced = churn.replacements(from: start, to: end)
            if !replaced.isEmpty {
                // Every leaving client's calls end before any of them disconnects, in one pass per worker. (A slot
                // replaced twice in one epoch has no calls under its second client: calls begin only in epochs.)
                var leaving = BitSet(reservingCapacity: loops[0].connections.count)
                for replacement in replaced { leaving.insert(replacement.slot) }
                for loop in loops { loop.endCalls(ofSlots: leaving) }
            }
            for replacement in replaced {
                sink.disconnect(slot: replacement.slot, reason: DisconnectReason(replacement.reason))
                sink.connect(slot: replacement.slot, connection: loops[0].connections[replacement.slot])
                replacements += 1
                reasons[replacement.reason.rawValue, default: 0] += 1
            }
            options.epochHook?(end)
            options.progress?(count, end, loops.reduce(0) { $0 + $1.totals.requests })
        }
    }

    /// What the drive measured, from the workers' loops and the epochs.
    static func outcome<S: Sink>(
        loops: [WorkerLoop<S>], epochs: Epochs, wall: UInt64, plan: RunPlan
    ) -> DriveOutcome {
        let calls = CallOverlap(
            workerPeaks: loops.map(\.calls.peak), inFlight: loops.reduce(0) { $0 &+ UInt64($1.calls.count) },
            endedEarly: loops.reduce(0) { $0 &+ $1.calls.truncated })
        let workerBytes = loops.reduce(0) { $0 &+ $1.allocatedBytes }
        var totals = GeneratorTotals(methods: plan.stream.methods.count)
        for loop in loops { totals.add(loop.totals) }
        return DriveOutcome(
            events: totals.requests, hash: loops.reduce(0) { $0 &+ $1.hash }, totals: totals, wallNanoseconds: wall,
            workerCPUNanoseconds: loops.map(\.cpuNanoseconds), costSamples: loops.flatMap(\.costSamples),
            workerAllocatedBytes: workerBytes,
            // A thread that allocated no byte made no allocation (jemalloc's smallest is 8 bytes); other
            // threads of the process (the runtime's) can move the process-wide count meanwhile.
            workerAllocations: workerBytes == 0 ? 0 : epochs.allocations, latencies: loops.map(\.latencies),
            windowMarks: epochs.windowMarks, windowEstimates: epochs.windowEstimates, windowCount: epochs.count,
            replacements: epochs.replacements, disconnectsByReason: epochs.reasons, calls: calls)
    }
}

/// The smallest growth of the process-wide allocation count between two back-to-back reads (of 5 tries).
private func allocationReadingCost() -> UInt64 {
    (0..<5).map { _ in
        let first = statsbench_process_allocation_count()
        return statsbench_process_allocation_count() &- first
    }.min() ?? 0
}

/// The worker threads of one drive and the two semaphores per worker that make the epoch barrier.
///
/// Sendable as the compiler checks it: the epoch's end and the stop flags are atomics, written by the control
/// thread before it signals `go` and read by a worker after it wakes (the semaphore orders them; relaxed
/// loads and stores suffice).
final class WorkerGang<S: Sink>: Sendable {
    private let loops: [WorkerLoop<S>]
    private let go: [DispatchSemaphore]
    private let done = DispatchSemaphore(value: 0)
    /// The simulated nanosecond the current epoch ends at.
    private let epochEnd = Atomic<UInt64>(0)
    /// Set when the workers are to leave their loop.
    private let stopping = Atomic<Bool>(false)
    /// Set by the first ``stop()``.
    private let stopped = Atomic<Bool>(false)

    init(loops: [WorkerLoop<S>]) {
        self.loops = loops
        self.go = loops.map { _ in DispatchSemaphore(value: 0) }
        for (index, loop) in loops.enumerated() {
            let thread = Thread { [self] in
                while true {
                    go[index].wait()
                    if stopping.load(ordering: .relaxed) { break }
                    loop.runEpoch(until: epochEnd.load(ordering: .relaxed))
                    done.signal()
                }
                done.signal()
            }
            thread.name = "statsbench-worker-\(index)"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Runs one epoch on every worker and waits until all have finished it.
    func runEpoch(until end: UInt64) {
        epochEnd.store(end, ordering: .relaxed)
        for semaphore in go { semaphore.signal() }
        for _ in loops { done.wait() }
    }

    /// Ends the worker threads (idempotent).
    func stop() {
        guard !stopped.exchange(true, ordering: .relaxed) else { return }
        stopping.store(true, ordering: .relaxed)
        for semaphore in go { semaphore.signal() }
        for _ in loops { done.wait() }
    }
}

extension DisconnectReason {
    /// The pipeline's reason for a planned departure.
    init(_ departure: ChurnPlanner.Departure) {
        switch departure {
        case .graceful: self = .graceful
        case .error: self = .error
        case .timeout: self = .timeout
        }
    }
}
