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
    /// The steps, in order: plan; the overhead pairs and primitives; accuracy against ground truth; the ring;
    /// the conservation drive of every sink (allocation counts, faults and alerts on statsbench); bytes per
    /// client; instruction counts; the event-stream checks across every drive; the result and its thresholds.
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
        setup.calibratedNanosecondsPerIteration = options.calibratedNanosecondsPerIteration
        setup.seed = scenario.seed
        setup.serverEvents = scenario.serverEvents
        setup.subscriptions = scenario.subscriptions
        progress.driveLength = (plan.durationNanoseconds, plan.eventLimit)
        progress.note(
            "\(scenario.name): \(scenario.workers) workers, \(scenario.clients.count) clients, "
                + "sinks \(scenario.sinks.map(\.name).joined(separator: ", "))")

        var measured = Measured()
        let measurements = Set(scenario.measurements)
        let step = Step(scenario: scenario, plan: plan, setup: setup, options: options, progress: progress)
        if measurements.contains(.overhead) { try step.overhead(into: &measured) }
        if measurements.contains(.accuracy) { try step.accuracy(into: &measured) }
        if measurements.contains(.ring) {
            progress.phase("ring: 0, 1 and 2 readers")
            measured.ring = RingProbe.figures(
                capacity: scenario.stats.historyCapacity, appends: options.ringAppends, sinks: scenario.sinks)
        }
        try step.conservationDrives(baseDirectory: directory, into: &measured)
        if measurements.contains(.memory) {
            progress.phase("memory: bytes per client")
            measured.memory?.bytesPerClient = try MemoryProbe.bytesPerClient(
                setup: setup, clients: max(1_000, setup.clients))
        } else {
            measured.memory = nil
        }
        var instructions: InstructionFigures?
        if let instructionOptions = options.instructions, measurements.contains(.overhead) {
            progress.phase("instructions: record paths under valgrind")
            instructions = InstructionProbe.measure(instructionOptions)
        }
        progress.finish()

        guard let reference = measured.runs.first?.outcome else {
            throw .scenario("\(scenario.name): no sink was driven (the scenario lists no sinks)")
        }
        guard reference.events > 0 else {
            // Every figure would be a figure of nothing (and every "no allocation per event" would hold).
            throw .scenario(
                "\(scenario.name): the run generated no events at --scale \(options.scale): its arrival process "
                    + "has no event within the run's length; lengthen the run, raise the rate or the --scale")
        }
        let conservation = streamChecks(measured)
        var result = RunResult(
            environment: RunEnvironment(
                toolVersion: Version.current, gitRevision: MachineProbe.gitRevision(near: directory),
                toolchain: MachineProbe.toolchain, machine: MachineProbe.machine(),
                startedAt: ISO8601DateFormatter().string(from: startedAt),
                elapsedSeconds: Double(Clocks.monotonic() &- started) / 1e9, arguments: arguments),
            scenario: summary(scenario, file: path, plan: plan, setup: setup, options: options, reference: reference),
            generator: generator(measured, reference: reference),
            overhead: measured.overhead, accuracy: measured.accuracy, ring: measured.ring, memory: measured.memory,
            conservation: measurements.contains(.conservation) || conservation.violations > 0 ? conservation : nil,
            pipeline: measured.pipeline, instructions: instructions, thresholds: [], passed: true)
        result.alerts = measured.alerts
        result.thresholds = ThresholdEvaluator.evaluate(scenario.thresholds, against: result)
        result.passed = result.thresholds.allSatisfy(\.passed) && conservation.violations == 0
        return result
    }

    /// What the steps of one run gather.
    struct Measured {
        /// Every drive of every sink, in order.
        var runs: [SinkRun] = []
        /// Plain `none` drives, for the generator's own speed: the overhead pairs', else the conservation
        /// drive's (its per-epoch allocation reads cost next to nothing), else the ground-truth drive's.
        var noneRuns: [DriveOutcome] = []
        var truthRun: DriveOutcome?
        var overhead: OverheadFigures?
        var accuracy: AccuracyFigures?
        var ring: RingFigures?
        var memory: MemoryFigures?
        var pipeline: PipelineFigures?
        var checks: [ConservationCheck] = []
        var alerts: [RunAlert]?
    }

    /// The steps that drive sinks, sharing the run's plan, setup, options and progress.
    struct Step {
        let scenario: Scenario
        let plan: RunPlan
        let setup: SinkSetup
        let options: RunOptions
        let progress: ProgressReporter

        /// The primitives at 1 and 2 threads and the interleaved `none`/sink pairs of every sink.
        func overhead(into measured: inout Measured) throws(HarnessError) {
            progress.phase("overhead: primitives at 1 and 2 threads")
            let primitives = PrimitiveProbe.measure(operations: options.primitiveOperations)
            let pairs = try OverheadProbe.measure(
                plan: plan, setup: setup, sinks: scenario.sinks, pairs: options.pairs,
                sampleInterval: options.sampleInterval, progress: progress, stopping: options.pairStopping,
                busyThreads: options.busyThreads, memoryLatencyBytes: options.memoryLatencyBytes)
            let atomic = primitives.first { $0.threads == 1 }?.nanosecondsPerOperation
            measured.overhead = OverheadFigures(
                primitives: primitives,
                sinks: pairs.sinks.map { sink in
                    var sink = sink
                    sink.ratioToAtomic = atomic.map { sink.meanNanoseconds / $0 }
                    return sink
                }, clockPairNanoseconds: pairs.clockPairNanoseconds, busyThreads: options.busyThreads,
                memoryLatencyNanoseconds: pairs.memoryLatencyNanoseconds)
            measured.runs += pairs.runs
            measured.noneRuns += pairs.noneRuns
        }

        /// Every sink's estimates against the exact quantiles of the same events.
        func accuracy(into measured: inout Measured) throws(HarnessError) {
            let probe = try AccuracyProbe.measure(plan: plan, setup: setup, sinks: scenario.sinks, progress: progress)
            measured.accuracy = probe.figures
            measured.runs += [probe.truthRun] + probe.runs
            measured.truthRun = probe.truthRun.outcome
        }

        /// Every sink once more with allocation counting; statsbench with the scenario's faults, its stats
        /// files and alerts, and the caller's inspection hook.
        func conservationDrives(baseDirectory: URL, into measured: inout Measured) throws(HarnessError) {
            let jemalloc = statsbench_jemalloc_is_active()
            let faults = try FaultPlan(plan: plan, baseDirectory: baseDirectory)
            defer { for problem in faults.restore() { progress.warning("warning: \(problem)") } }
            for kind in scenario.sinks {
                progress.phase("conservation and memory: \(kind.name)")
                var sinkSetup = setup
                var driveOptions = DriveOptions(measureAllocations: true, progress: progress.driveStep)
                if kind == .statsbench {
                    sinkSetup.watchedProcess = faults.watched?.pid
                    sinkSetup.statsDirectory = faults.statsDirectory
                    driveOptions.epochHook = { faults.inject(at: $0) }
                    driveOptions.afterDrive = options.inspectStatsbenchSink
                }
                let run = try SinkRunner.run(kind, plan: plan, setup: sinkSetup, options: driveOptions)
                measured.runs.append(run)
                if kind == .none && measured.noneRuns.isEmpty { measured.noneRuns.append(run.outcome) }
                if kind == .statsbench { statsbenchFigures(run, faults: faults, into: &measured) }
                let events = Double(max(1, run.outcome.events))
                measured.memory = measured.memory ?? MemoryFigures(bytesPerClient: nil, sinks: [])
                measured.memory?.sinks.append(
                    SinkMemory(
                        sink: kind.name,
                        allocationsPerEvent: jemalloc ? Double(run.outcome.workerAllocations) / events : nil,
                        bytesPerEvent: Double(run.outcome.workerAllocatedBytes) / events))
            }
        }

        /// The statsbench drive's pipeline figures, alerts and fault checks.
        func statsbenchFigures(_ run: SinkRun, faults: FaultPlan, into measured: inout Measured) {
            measured.pipeline = run.pipeline
            if let alerts = run.alerts {
                AlertSummary.note(alerts.episodes, start: alerts.start, to: progress)
                measured.alerts = AlertSummary.results(alerts.episodes, start: alerts.start)
            }
            if let history = run.history {
                measured.checks += faults.checks(
                    history: history.samples, start: history.start, windows: run.outcome.windowCount,
                    windowNanoseconds: plan.windowNanoseconds, statsFiles: history.statsFiles)
            }
        }
    }

    /// Every drive saw the same events: one hash, one count. The sinks' own checks, with those, deduplicated.
    static func streamChecks(_ measured: Measured) -> ConservationFigures {
        var checks = measured.checks
        guard let reference = measured.runs.first?.outcome else {
            return ConservationFigures(checks: checks, violations: checks.filter { !$0.passed }.count)
        }
        for run in measured.runs {
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
        return ConservationFigures(checks: unique, violations: unique.filter { !$0.passed }.count)
    }

    /// The scenario as it was run.
    static func summary(
        _ scenario: Scenario, file path: String, plan: RunPlan, setup: SinkSetup, options: RunOptions,
        reference: DriveOutcome
    ) -> ScenarioSummary {
        ScenarioSummary(
            name: scenario.name, file: path, description: scenario.description, seed: scenario.seed,
            workers: scenario.workers, clients: scenario.clients.count, methods: setup.methods,
            scale: options.scale,
            simulatedSeconds: Double(
                plan.durationNanoseconds ?? UInt64(reference.windowCount) * plan.windowNanoseconds) / 1e9,
            windowSeconds: Double(plan.windowNanoseconds) / 1e9, sinks: scenario.sinks.map(\.name),
            measurements: scenario.measurements.map(\.name))
    }

    /// The event stream and the generator's own speed, from the plain `none` drives.
    static func generator(_ measured: Measured, reference: DriveOutcome) -> GeneratorFigures {
        var noneRuns = measured.noneRuns
        if noneRuns.isEmpty, let truthRun = measured.truthRun { noneRuns.append(truthRun) }
        let perEvent = noneRuns.map { Double($0.cpuNanoseconds) / Double(max(1, $0.events)) }
        let perSecond = noneRuns.map { Double($0.events) / (Double(max(1, $0.wallNanoseconds)) / 1e9) }
        return GeneratorFigures(
            events: reference.events, hash: String(reference.hash, radix: 16), totals: reference.totals,
            nanosecondsPerEvent: Statistics.median(perEvent), eventsPerSecond: Statistics.median(perSecond))
    }
}
