import Foundation
import ServerStats
import Simulation
import StatsExport
import Synchronization

/// A scenario's simulated load running in the background, paced in real time, so that a server's endpoints
/// (`statsbench serve --scenario`) show live figures: its requests, clients, events and subscriptions go
/// through a ``StatsbenchSink`` exactly as in a measured run, one stats interval (epoch) at a time, and the
/// driving thread sleeps until the wall clock reaches each epoch's end.
///
/// The scenario runs `runs` times (0: until ``stop()``), each run's clients leaving gracefully before the next
/// connects its own. The pipeline's clock follows the simulated time (≈ the wall clock at `speed` 1).
///
/// ```swift
/// let load = try LiveLoad.start(scenarioFile: "scenarios/smoke.yaml")
/// serve(load.pipeline)
/// load.stop()   // the current epoch finishes; then the pipeline is quiescent
/// ```
public final class LiveLoad: Sendable {
    /// The scenario's name.
    public let scenarioName: String
    /// The pipeline the load records into.
    public var pipeline: StatsPipeline { sink.inner.pipeline }
    /// The call ledger the load's model calls are recorded in.
    public var ledger: CallLedger { sink.inner.ledger }
    /// The resource history sampled at each epoch end.
    public var history: HistoryCollector { sink.inner.history }

    private let sink: PacedSink
    private let state = Mutex(State())
    private let stopping = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    private struct State {
        var running = true
        var runsCompleted = 0
        var failure: String?
    }

    private init(scenarioName: String, sink: PacedSink) {
        self.scenarioName = scenarioName
        self.sink = sink
    }

    /// Loads the scenario at `path` and starts its load on a background thread.
    ///
    /// - Parameters:
    ///   - runs: how many times to run the scenario; 0 runs it until ``stop()``.
    ///   - speed: simulated seconds per wall-clock second (1: real time).
    ///   - restartCount: restarts before this run (from a state file), reported by the pipeline.
    /// - Throws: ``HarnessError`` when the scenario cannot be loaded or its sink built.
    public static func start(
        scenarioFile path: String, runs: Int = 0, speed: Double = 1, restartCount: UInt64 = 0
    ) throws(HarnessError) -> LiveLoad {
        guard runs >= 0 else { throw .scenario("the number of runs must be 0 (forever) or more, got \(runs)") }
        guard speed >= 1e-3, speed <= 1e6 else {
            throw .scenario("the speed must be between 0.001 and 1,000,000 simulated seconds per second, got \(speed)")
        }
        let scenario: Scenario
        do {
            scenario = try Scenario.load(contentsOf: path)
        } catch {
            throw .scenario(error.issues.map(\.description).joined(separator: "\n"))
        }
        let plan = try RunPlan(
            scenario: scenario, baseDirectory: URL(fileURLWithPath: path).deletingLastPathComponent())
        var setup = plan.setup
        setup.seed = scenario.seed
        setup.serverEvents = scenario.serverEvents
        setup.subscriptions = scenario.subscriptions
        setup.restartCount = restartCount
        let load = LiveLoad(scenarioName: scenario.name, sink: try PacedSink(setup: setup))
        let thread = Thread { load.drive(plan: plan, runs: runs, speed: speed) }
        thread.name = "statsbench-live-load"
        thread.start()
        return load
    }

    /// Whether the load is generating requests, how many runs it completed, and why it stopped if it failed.
    public var status: (running: Bool, runsCompleted: Int, failure: String?) {
        state.withLock { ($0.running, $0.runsCompleted, $0.failure) }
    }

    /// Stops the load after the epoch in progress and waits (at most `timeout` seconds) until it has stopped;
    /// returns whether it did. Then nothing records into the pipeline any more.
    @discardableResult
    public func stop(timeout: Double = 30) -> Bool {
        stopping.store(true, ordering: .releasing)
        guard finished.wait(timeout: .now() + timeout) == .success else { return false }
        finished.signal()  // later calls return at once
        return true
    }

    private func drive(plan: RunPlan, runs: Int, speed: Double) {
        let wallStart = DispatchTime.now().uptimeNanoseconds
        var options = DriveOptions()
        options.shouldStop = { self.stopping.load(ordering: .acquiring) }
        options.endCallsAtEnd = true  // each run starts with no call in flight
        options.epochHook = { [sink] epochEnd in
            // Sleep until the wall clock reaches this epoch's end (in small steps, so that stop() is prompt).
            let due =
                wallStart
                &+ CheckedConversion.nanoseconds(
                    seconds: Double(sink.elapsed(atRunNanoseconds: epochEnd)) / speed / 1e9)
            while !self.stopping.load(ordering: .acquiring) {
                let now = DispatchTime.now().uptimeNanoseconds
                guard now < due else { break }
                Thread.sleep(forTimeInterval: min(0.05, Double(due - now) / 1e9))
            }
        }
        var completed = 0
        while runs == 0 || completed < runs, !stopping.load(ordering: .acquiring) {
            sink.startRun(slots: plan.setup.clients)
            do {
                _ = try Driver.drive(sink, plan: plan, options: options)
            } catch {
                state.withLock { $0.failure = "\(error)" }
                break
            }
            sink.finishRun()
            if !stopping.load(ordering: .acquiring) { completed += 1 }
            state.withLock { $0.runsCompleted = completed }
        }
        state.withLock { $0.running = false }
        finished.signal()
    }
}
