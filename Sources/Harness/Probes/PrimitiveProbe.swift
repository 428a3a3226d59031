import Foundation
import ServerStats
import StatsCore
import Synchronization

/// Per-primitive costs at 1 and 2 threads, with a bare relaxed atomic add measured in the same run as the
/// reference: the ratio is what stays comparable across noisy, shared machines.
enum PrimitiveProbe {
    /// Measures each primitive with `operations` per thread; each figure is the median of `repetitions`.
    static func measure(operations: Int = 4_000_000, repetitions: Int = 3, threadCounts: [Int] = [1, 2])
        -> [PrimitiveFigure]
    {
        var figures: [PrimitiveFigure] = []
        for threads in threadCounts {
            let atomic = Shared()
            let reference = median(repetitions) {
                time(threads: threads, operations: operations) { _, count in
                    for _ in 0..<count { atomic.word.wrappingAdd(1, ordering: .relaxed) }
                }
            }
            figures.append(
                PrimitiveFigure(
                    name: "atomic.add (shared word)", threads: threads,
                    nanosecondsPerOperation: reference, ratioToAtomic: 1))
            let registry = WorkerRegistry(capacity: threads)
            let workers = (0..<threads).map { _ in registry.register() }
            let counter = Counter(registry: registry)
            let counterCost = median(repetitions) {
                time(threads: threads, operations: operations) { thread, count in
                    let worker = workers[thread]
                    for _ in 0..<count { counter.increment(worker: worker) }
                }
            }
            figures.append(
                PrimitiveFigure(
                    name: "counter.increment", threads: threads,
                    nanosecondsPerOperation: counterCost, ratioToAtomic: counterCost / reference))
            let histogram = ExponentialHistogram(layout: .seconds, registry: registry)
            let histogramCost = median(repetitions) {
                time(threads: threads, operations: operations) { thread, count in
                    let worker = workers[thread]
                    var value = 0.001 + Double(thread) * 1e-6
                    for _ in 0..<count {
                        histogram.record(value, worker: worker)
                        value = value < 10 ? value * 1.0001 : 0.001
                    }
                }
            }
            figures.append(
                PrimitiveFigure(
                    name: "histogram.record", threads: threads,
                    nanosecondsPerOperation: histogramCost,
                    ratioToAtomic: histogramCost / reference))
            let requestCost = median(repetitions) { wholeRequest(threads: threads, operations: operations / 4) }
            figures.append(
                PrimitiveFigure(
                    name: "pipeline.recordRequest (whole request)", threads: threads,
                    nanosecondsPerOperation: requestCost, ratioToAtomic: requestCost / reference))
        }
        return figures
    }

    /// One whole request per operation: server shard, the worker's own client (exclusive handle) and the window.
    static func wholeRequest(threads: Int, operations: Int) -> Double {
        let pipeline = try! StatsPipeline(  // a valid fixed configuration
            configuration: StatsPipelineConfiguration(methods: try! MethodTable(["a", "b"]), workerCapacity: threads))
        let workers = (0..<threads).map { _ in pipeline.workers.register() }
        let clients = (0..<threads).map { try! pipeline.connect(clientID: "c\($0)", worker: workers[$0]) }
        return time(threads: threads, operations: operations) { thread, count in
            let worker = workers[thread]
            let client = clients[thread]
            var latency = 0.002
            for index in 0..<count {
                pipeline.recordRequest(
                    method: MethodID(index: index & 1), seconds: latency, requestBytes: 512, responseBytes: 4096,
                    outcome: .success, client: client, worker: worker)
                latency = latency < 1 ? latency * 1.001 : 0.002
            }
        }
    }

    /// Nanoseconds per operation: for one thread its time per operation, for several the wall time over all
    /// operations (aggregate), all threads released together.
    static func time(threads: Int, operations: Int, body: @escaping @Sendable (Int, Int) -> Void) -> Double {
        let gate = ThreadGate()
        let group = DispatchGroup()
        let finished = Mutex<UInt64>(0)
        for thread in 0..<threads {
            group.enter()
            let worker = Thread {
                gate.ready.add(1, ordering: .relaxed)
                while !gate.signal.load(ordering: .acquiring) {}
                body(thread, operations)
                let end = Clocks.monotonic()
                finished.withLock { $0 = max($0, end) }
                group.leave()
            }
            worker.start()
        }
        while gate.ready.load(ordering: .relaxed) < threads { sched_yield() }
        let begin = Clocks.monotonic()
        gate.signal.store(true, ordering: .releasing)  // the starting gun
        group.wait()
        return Double(finished.withLock { $0 } &- begin) / Double(operations * threads)
    }

    static func median(_ repetitions: Int, _ measure: () -> Double) -> Double {
        Statistics.median((0..<repetitions).map { _ in measure() })
    }

    /// A shared word for the reference measurement.
    final class Shared: Sendable {
        let word = Atomic<UInt64>(0)
    }
}
