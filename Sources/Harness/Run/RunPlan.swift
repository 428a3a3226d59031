import Foundation
import Simulation

/// A scenario turned into what the runner executes: the event stream's configuration, the worker count, when
/// the run stops, the window length and the setup every sink is created with.
public struct RunPlan: Sendable {
    /// The scenario as loaded.
    public var scenario: Scenario { didSet { generators = nil } }
    /// The generator's configuration (the scenario's request mix, clients, arrival process and seed).
    public var stream: EventStreamConfiguration { didSet { generators = nil } }
    /// Worker threads.
    public var workers: Int { didSet { generators = nil } }
    /// The run stops after this many events (an `events:` scenario), or
    public var eventLimit: UInt64?
    /// at this much simulated time, in nanoseconds (a `duration:` scenario).
    public var durationNanoseconds: UInt64?
    /// Length of a window and of an epoch between control-plane steps (the stats interval), in nanoseconds.
    public var windowNanoseconds: UInt64
    /// What every sink is told about the run.
    public var setup: SinkSetup
    /// Model-call costs of the methods that have them (`nil`: none has).
    var costs: CallCostModel?
    /// Every drive's generators, built with the plan (`nil` once ``scenario``, ``stream`` or ``workers`` is
    /// changed: ``workerGenerators()`` then builds them per drive).
    private var generators: WorkerGenerators?
    /// The run-length multiplier (`--scale`); fault times are scaled with the run.
    public var scale: Double

    /// Plans `scenario`; relative paths (empirical distributions) are resolved against `baseDirectory`.
    ///
    /// - Parameter scale: multiplies the run's length (events or duration), e.g. `0.1` for a quick look.
    /// - Throws: ``HarnessError/scenario(_:)`` when the run cannot be planned, among others when at `scale` its
    ///   model calls could cost more than the call ledger sums (``Simulation/Scenario/callCostProblems(scale:)``).
    public init(scenario: Scenario, baseDirectory: URL? = nil, scale: Double = 1) throws(HarnessError) {
        guard scale > 0, scale.isFinite else { throw .scenario("the scale must be a positive number, got \(scale)") }
        // The name becomes a directory under reports/: one path component of safe characters, not `latest`.
        if let problem = Scenario.reportNameProblem(scenario.name) { throw .scenario("name: \(problem)") }
        // Lengths beyond ~100 years of simulated time or 2^62 events cannot be run (and would overflow).
        let limit = 3.0e18
        switch scenario.length {
        case .events(let count) where !(Double(count) * scale <= limit):
            throw .scenario("events × scale = \(Double(count) * scale) is more than this harness can run (\(limit))")
        case .duration(let seconds) where !(seconds * scale * 1e9 <= limit):
            throw .scenario("duration × scale = \(seconds * scale) s is more than this harness can run")
        default:
            break
        }
        if scale > 1, let problem = scenario.scaledRunProblem(scale: scale) {
            throw .scenario("at --scale \(scale), \(problem); use a smaller --scale")
        }
        guard scenario.stats.intervalSeconds * 1e9 < limit, scenario.stats.intervalSeconds > 0 else {
            throw .scenario("stats.interval \(scenario.stats.intervalSeconds) s is too long")
        }
        let methods = scenario.requests.methods.map { method in
            EventStreamConfiguration.Method(
                name: method.name, weight: method.weight, latency: method.latency, requestBytes: method.requestSize,
                responseBytes: method.responseSize, errorRate: method.errorRate)
        }
        self.scenario = scenario
        self.scale = scale
        self.stream = EventStreamConfiguration(
            methods: methods, clients: scenario.clients.count, arrival: scenario.arrival, seed: scenario.seed,
            baseDirectory: baseDirectory)
        self.workers = scenario.workers
        if case .events(let count) = scenario.length, let total = scenario.arrival.totalEvents,
            (Double(count) * scale).rounded() > total.rounded(.down)
        {
            throw .scenario(
                "events × scale = \(Int((Double(count) * scale).rounded())) is more than the \(Int(total)) events "
                    + "the arrival ramp down to 0 has in all; use a smaller --scale")
        }
        // Validation holds a run's call costs to what the call ledger sums at scale 1; a larger scale makes more
        // calls.
        if let problem = scenario.callCostProblems(scale: scale).first {
            throw .scenario("requests.methods[\(problem.method)].cost: at --scale \(scale), \(problem.reason)")
        }
        switch scenario.length {
        case .events(let count):
            // At most 3e18 (checked above), so within UInt64.
            self.eventLimit = UInt64(max(1, (Double(count) * scale).rounded()))
            self.durationNanoseconds = nil
        case .duration(let seconds):
            self.eventLimit = nil
            // At most 3e18 ns (checked above), so within UInt64.
            self.durationNanoseconds = UInt64(max(ScenarioLimits.minimumRunSeconds, seconds * scale) * 1e9)
        }
        // Below 3e18 ns (checked above; validation keeps it within 1 ms … 1 day), so within UInt64.
        self.windowNanoseconds = UInt64(max(1e-3, scenario.stats.intervalSeconds) * 1e9)
        // A fault at a time needs a window before it (collection working) and one after it (collection going
        // on): a scaled duration run shorter than two stats intervals cannot show either.
        if let duration = durationNanoseconds, scenario.faults.contains(where: { $0.kind != .corruptPersistence }),
            duration < 2 * windowNanoseconds
        {
            throw .scenario(
                "faults: at --scale \(scale) the run lasts \(Double(duration) / 1e9) s, shorter than two stats "
                    + "intervals (\(2 * scenario.stats.intervalSeconds) s): a fault at a time needs a window before "
                    + "and after it; use a larger --scale or a shorter stats.interval")
        }
        self.setup = SinkSetup(
            methods: scenario.requests.methods.map(\.name), workers: scenario.workers,
            clients: scenario.clients.count, windowNanoseconds: windowNanoseconds,
            historyCapacity: scenario.stats.historyCapacity)
        do {
            self.costs = try CallCostModel(
                methods: scenario.requests.methods, seed: scenario.seed, baseDirectory: baseDirectory)
        } catch {
            throw .scenario("\(error)")
        }
        self.setup.callModels = scenario.requests.methods.map { $0.cost?.model }
        self.setup.alerts = scenario.alerts
        // Build every drive's generators now: a bad distribution or empirical file fails before any thread
        // starts, and files are read once per plan, not once per drive.
        self.generators = nil
        self.generators = try WorkerGenerators(plan: self)
    }

    /// The generators every drive starts from: those built with the plan, or new ones when the plan was
    /// changed since.
    func workerGenerators() throws(HarnessError) -> WorkerGenerators {
        if let generators { return generators }
        return try WorkerGenerators(plan: self)
    }

    /// How many events worker `worker` generates in an `events:` run (its blocks of the event stream:
    /// ``EventStream/share(ofWorker:of:events:)``).
    func eventShare(worker: Int) -> UInt64? {
        eventLimit.map { EventStream.share(ofWorker: worker, of: workers, events: $0) }
    }
}
