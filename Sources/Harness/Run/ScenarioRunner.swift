import CJemalloc
import Foundation
import Simulation

/// Runs one scenario file: every measurement it asks for, on every sink it names, and the result.
public enum ScenarioRunner {
    /// Loads, plans and runs the scenario at `path`; progress goes to `progress`.
    ///
    /// - Throws: ``HarnessError`` when the scenario cannot be loaded or run (a failed threshold or conservation
    ///   check is not an error: it is in the result, whose ``RunResult/passed`` is then `false`).
    public static func run(
        scenarioFile path: String, options: RunOptions, progress: ProgressReporter, arguments: [String] = []
    ) throws(HarnessError) -> RunResult {
        let scenario: Scenario
        do {
            scenario = try Scenario.load(contentsOf: path)
        } catch {
            throw .scenario(error.issues.map(\.description).joined(separator: "\n"))
        }
        return try run(scenario: scenario, file: path, options: options, progress: progress, arguments: arguments)
    }

    /// Plans and runs `scenario`, loaded (and possibly changed, as a sweep point is) from the file at `path`,
    /// against whose directory relative paths resolve.
    ///
    /// - Throws: ``HarnessError`` as ``run(scenarioFile:options:progress:arguments:)``.
    public static func run(
        scenario: Scenario, file path: String, options: RunOptions, progress: ProgressReporter,
        arguments: [String] = []
    ) throws(HarnessError) -> RunResult {
        let started = Clocks.monotonic()
        let startedAt = Date()
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        let plan = try RunPlan(scenario: scenario, baseDirectory: directory, scale: options.scale)
        var setup = plan.setup
        setup.calibratedNanoseconds = options.calibratedNanoseconds
        setup.seed = scenario.seed
        setup.serverEvents = scenario.serverEvents
        setup.subscriptions = scenario.subscriptions
        progress.driveLength = (plan.durationNanoseconds, plan.eventLimit)
        progress.note(
            "\(scenario.name): \(scenario.workers) workers, \(scenario.clients.count) clients, "
                + "sinks \(scenario.sinks.map(\.name).joined(separator: ", "))")

        let measurements = Set(scenario.measurements)
        var runs: [SinkRun] = []
        // The generator's speed comes from plain `none` drives: the overhead pairs', else the conservation
        // drive's (its per-epoch allocation reads cost next to nothing), else the ground-truth drive's.
        var noneRuns: [DriveOutcome] = []
        var truthRun: DriveOutcome?
        var overhead: OverheadFigures?
        if measurements.contains(.overhead) {
            progress.phase("overhead: primitives at 1 and 2 threads")
            let primitives = PrimitiveProbe.measure(operations: options.primitiveOperations)
            let measured = try OverheadProbe.measure(
                plan: plan, setup: setup, sinks: scenario.sinks, pairs: options.pairs,
                sampleInterval: options.sampleInterval, progress: progress, stopping: options.pairStopping)
            let atomic = primitives.first { $0.threads == 1 }?.nanosecondsPerOperation
            overhead = OverheadFigures(
                primitives: primitives,
                sinks: measured.sinks.map { sink in
                    var sink = sink
                    sink.ratioToAtomic = atomic.map { sink.meanNanoseconds / $0 }
                    return sink
                }, clockPairNanoseconds: measured.clockPairNanoseconds)
            runs += measured.runs
            noneRuns += measured.noneRuns
        }
        var accuracy: AccuracyFigures?
        if measurements.contains(.accuracy) {
            let measured = try AccuracyProbe.measure(
                plan: plan, setup: setup, sinks: scenario.sinks, progress: progress)
            accuracy = measured.figures
            runs += [measured.truthRun] + measured.runs
            truthRun = measured.truthRun.outcome
        }
        var ring: RingFigures?
        if measurements.contains(.ring) {
            progress.phase("ring: 0, 1 and 2 readers")
            ring = RingProbe.figures(
                capacity: scenario.stats.historyCapacity, appends: options.ringAppends,
                sinks: scenario.sinks)
        }
        // The conservation drive: every sink once more with allocation counting, statsbench with the faults.
        var memory: MemoryFigures?
        var pipeline: PipelineFigures?
        var checks: [ConservationCheck] = []
        let jemalloc = statsbench_jemalloc_is_active()
        var runAlerts: [RunAlert]?
        let faults = try FaultPlan(plan: plan, baseDirectory: directory)
        let inspectStatsbench = options.inspectStatsbenchSink
        defer { for problem in faults.restore() { progress.warning("warning: \(problem)") } }
        for kind in scenario.sinks {
            progress.phase("conservation and memory: \(kind.name)")
            var sinkSetup = setup
            var options = DriveOptions(measureAllocations: true, progress: progress.driveStep)
            if kind == .statsbench {
                sinkSetup.watchedProcess = faults.watched?.pid
                sinkSetup.statsDirectory = faults.statsDirectory
                options.epochHook = { faults.inject(at: $0) }
                options.afterDrive = inspectStatsbench
            }
            let run = try SinkRunner.run(kind, plan: plan, setup: sinkSetup, options: options)
            runs.append(run)
            if kind == .none && noneRuns.isEmpty { noneRuns.append(run.outcome) }
            if kind == .statsbench {
                pipeline = run.pipeline
                if let alerts = run.alerts {
                    AlertSummary.note(alerts.episodes, start: alerts.start, to: progress)
                    runAlerts = AlertSummary.results(alerts.episodes, start: alerts.start)
                }
                if let history = run.history {
                    checks += faults.checks(
                        history: history.samples, start: history.start, windows: run.outcome.windowCount,
                        windowNanoseconds: plan.windowNanoseconds, statsFiles: history.statsFiles)
                }
            }
            let events = Double(max(1, run.outcome.events))
            memory = memory ?? MemoryFigures(bytesPerClient: nil, sinks: [])
            memory?.sinks.append(
                SinkMemory(
                    sink: kind.name,
                    allocationsPerEvent: jemalloc ? Double(run.outcome.workerAllocations) / events : nil,
                    bytesPerEvent: Double(run.outcome.workerAllocatedBytes) / events))
        }
        if measurements.contains(.memory) {
            progress.phase("memory: bytes per client")
            memory?.bytesPerClient = try MemoryProbe.bytesPerClient(setup: setup, clients: max(1_000, setup.clients))
        } else {
            memory = nil
        }
        var instructions: InstructionFigures?
        if let instructionOptions = options.instructions, measurements.contains(.overhead) {
            progress.phase("instructions: record paths under valgrind")
            instructions = InstructionProbe.measure(instructionOptions)
        }
        progress.finish()

        // Every drive saw the same events: one hash, one set of generated totals.
        let reference = runs.first!.outcome
        for run in runs {
            checks += run.checks
            checks.append(
                ConservationCheck(
                    sink: run.sink, name: "event-stream hash == the run's",
                    expected: reference.hash, actual: run.outcome.hash))
            checks.append(
                ConservationCheck(
                    sink: run.sink, name: "events generated == the run's",
                    expected: reference.events, actual: run.outcome.events))
        }
        let unique = Dictionary(grouping: checks) { "\($0.sink)\u{0}\($0.name)\u{0}\($0.passed)" }.values
            .map { $0[0] }.sorted { ($0.sink, $0.name) < ($1.sink, $1.name) }
        let conservation = ConservationFigures(checks: unique, violations: unique.filter { !$0.passed }.count)

        if noneRuns.isEmpty, let truthRun { noneRuns.append(truthRun) }
        let perEvent = noneRuns.map { Double($0.cpuNanoseconds) / Double(max(1, $0.events)) }
        let perSecond = noneRuns.map { Double($0.events) / (Double(max(1, $0.wallNanoseconds)) / 1e9) }
        var result = RunResult(
            environment: RunEnvironment(
                toolVersion: Version.current, gitRevision: MachineProbe.gitRevision(near: directory),
                toolchain: MachineProbe.toolchain, machine: MachineProbe.machine(),
                startedAt: ISO8601DateFormatter().string(from: startedAt),
                elapsedSeconds: Double(Clocks.monotonic() &- started) / 1e9, arguments: arguments),
            scenario: ScenarioSummary(
                name: scenario.name, file: path, description: scenario.description, seed: scenario.seed,
                workers: scenario.workers, clients: scenario.clients.count, methods: setup.methods,
                scale: options.scale,
                simulatedSeconds: Double(
                    plan.durationNanoseconds ?? UInt64(reference.windowCount) * plan.windowNanoseconds)
                    / 1e9,
                windowSeconds: Double(plan.windowNanoseconds) / 1e9, sinks: scenario.sinks.map(\.name),
                measurements: scenario.measurements.map(\.name)),
            generator: GeneratorFigures(
                events: reference.events, hash: String(reference.hash, radix: 16), totals: reference.totals,
                nanosecondsPerEvent: Statistics.median(perEvent), eventsPerSecond: Statistics.median(perSecond)),
            overhead: overhead, accuracy: accuracy, ring: ring, memory: memory,
            conservation: measurements.contains(.conservation) || conservation.violations > 0 ? conservation : nil,
            pipeline: pipeline, instructions: instructions, thresholds: [], passed: true)
        result.alerts = runAlerts
        result.thresholds = ThresholdEvaluator.evaluate(scenario.thresholds, against: result)
        result.passed = result.thresholds.allSatisfy(\.passed) && conservation.violations == 0
        return result
    }
}
