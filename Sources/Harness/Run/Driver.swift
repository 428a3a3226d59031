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
    static func drive<S: Sink>(_ sink: S, plan: RunPlan, options: DriveOptions) throws(HarnessError) -> DriveOutcome {
        let generators = try plan.workerGenerators()
        var churn = generators.churn
        for slot in 0..<plan.setup.clients { sink.connect(slot: slot) }
        var loops: [WorkerLoop<S>] = []
        for worker in 0..<plan.workers {
            loops.append(
                WorkerLoop(
                    index: worker, sink: sink, stream: generators.streams[worker], plan: plan, options: options))
        }
        let gang = WorkerGang(loops: loops)
        defer { gang.stop() }

        var windowMarks: [[[Int]]] = []
        var windowEstimates: [[[QuantileEstimate?]]?] = []
        var replacements = 0
        var reasons: [String: Int] = [:]
        var epoch = 0
        var allocations: UInt64 = 0
        // What reading the process-wide count costs in allocations (jemalloc's epoch refresh), per bracket.
        let readingCost = options.measureAllocations ? allocationReadingCost() : 0
        var epochEnd: UInt64 = 0
        let started = Clocks.monotonic()
        while !loops.allSatisfy(\.exhausted), !(options.shouldStop?() ?? false) {
            let epochStart = epochEnd
            epochEnd &+= plan.windowNanoseconds
            epoch += 1
            if options.measureAllocations {
                // Only the workers run between these reads (this thread waits), so the process-wide count's
                // growth is the record loops' allocations.
                let before = statsbench_process_allocation_count()
                gang.runEpoch(until: epochEnd)
                let after = statsbench_process_allocation_count()
                allocations &+= (after &- before) > readingCost ? (after &- before) &- readingCost : 0
            } else {
                gang.runEpoch(until: epochEnd)
            }
            for loop in loops { loop.endCalls(endingBy: epochEnd) }
            sink.advance(toNanoseconds: epochEnd)
            if !options.windowQuantiles.isEmpty {
                windowEstimates.append(sink.quantileEstimates(options.windowQuantiles, scope: .window))
            }
            if options.captureLatencies {
                windowMarks.append(loops.map { $0.latencies.map(\.count) })
            }
            for replacement in churn.replacements(from: epochStart, to: epochEnd) {
                for loop in loops { loop.endCalls(ofSlot: replacement.slot) }
                sink.disconnect(slot: replacement.slot, reason: DisconnectReason(replacement.reason))
                sink.connect(slot: replacement.slot)
                replacements += 1
                reasons[replacement.reason.rawValue, default: 0] += 1
            }
            options.epochHook?(epochEnd)
            options.progress?(epoch, epochEnd, loops.reduce(0) { $0 + $1.totals.requests })
        }
        let wall = Clocks.monotonic() &- started
        if options.endCallsAtEnd { for loop in loops { loop.endAllCalls() } }
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
            workerAllocations: workerBytes == 0 ? 0 : allocations, latencies: loops.map(\.latencies),
            windowMarks: windowMarks, windowEstimates: windowEstimates, windowCount: epoch, replacements: replacements,
            disconnectsByReason: reasons, calls: calls)
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
