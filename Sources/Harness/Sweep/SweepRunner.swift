import Foundation
import Simulation
import StatsExport

/// What one sweep runs: the scenario file, its points (already applied and validated) and how to run them.
public struct SweepRun: Sendable {
    /// The scenario file.
    public var file: String
    /// The scenario as written.
    public var base: Scenario
    /// The `--vary` arguments read.
    public var plan: SweepPlan
    /// One scenario per point of ``plan`` (``SweepPlan/scenarios(file:base:)``).
    public var scenarios: [Scenario]
    /// How each point's scenario is run (`--scale`, pairs, …).
    public var options: RunOptions
    /// The capacity table's budgets.
    public var budgets: SweepBudgets
    /// The sweep directory (`sweep.json`, `report.md`, `points/…`).
    public var directory: URL
    /// The command line, recorded in `sweep.json`.
    public var arguments: [String]
    /// Cold paths timed besides ``ColdPathTimer``'s own (the command adds the `/health/clients` page).
    public var extraColdPaths: [ColdPathTimer.Extra]

    /// Creates a sweep.
    public init(
        file: String, base: Scenario, plan: SweepPlan, scenarios: [Scenario], options: RunOptions,
        budgets: SweepBudgets, directory: URL, arguments: [String], extraColdPaths: [ColdPathTimer.Extra] = []
    ) {
        self.file = file
        self.base = base
        self.plan = plan
        self.scenarios = scenarios
        self.options = options
        self.budgets = budgets
        self.directory = directory
        self.arguments = arguments
        self.extraColdPaths = extraColdPaths
    }
}

/// Runs a sweep point by point, writing `sweep.json`, `report.md` and `report.html` whole after each point.
public enum SweepRunner {
    /// Runs every point of `sweep`; a point that fails is recorded with its error and the sweep goes on.
    ///
    /// - Parameter progress: the point index, elapsed time and an ETA (points left × mean time per point), and
    ///   each point's own phases.
    /// - Throws: ``HarnessError/output(path:reason:)`` when `sweep.json` or `report.md` cannot be written (the
    ///   points already written stay).
    public static func run(_ sweep: SweepRun, progress: ProgressReporter) throws(HarnessError) -> SweepDocument {
        let points = sweep.plan.points
        var document = SweepDocument(
            schemaVersion: SweepDocument.currentSchemaVersion, toolVersion: Version.current,
            scenario: sweep.base.name, scenarioFile: sweep.file,
            startedAt: ISO8601DateFormatter().string(from: Date()), arguments: sweep.arguments,
            oneAtATime: sweep.plan.oneAtATime, axes: sweep.plan.axes, baseValues: sweep.plan.baseValues,
            budgets: sweep.budgets, plannedPoints: points.count, points: [], fits: [], capacity: [], targets: [])
        let started = Clocks.monotonic()
        // The index of the first point of each set of values: a later point of the same values shares its run.
        var firstOfValues: [[Double]: Int] = [:]
        for (point, scenario) in zip(points, sweep.scenarios) {
            if let earlier = firstOfValues[point.values] {
                var shared = document.points[earlier]
                shared.point = point
                shared.sameAs = earlier
                shared.seconds = 0
                document.points.append(shared)
                progress.note(
                    "== sweep point \(point.index + 1)/\(points.count): \(point.name(sweep.plan.axes)) — the same "
                        + "values as point \(earlier + 1), whose run it shares")
                SweepAnalysis.update(&document)
                try write(document, to: sweep.directory)
                continue
            }
            firstOfValues[point.values] = point.index
            let elapsed = Double(Clocks.monotonic() &- started) / 1e9
            let eta =
                point.index == 0
                ? "ETA after the first point"
                : "ETA \(Formatting.duration(seconds: elapsed / Double(point.index) * Double(points.count - point.index)))"
            progress.note(
                "== sweep point \(point.index + 1)/\(points.count): \(point.name(sweep.plan.axes)) — elapsed "
                    + "\(Formatting.duration(seconds: elapsed)), \(eta)")
            document.points.append(runPoint(point, scenario, sweep, progress: progress))
            SweepAnalysis.update(&document)
            try write(document, to: sweep.directory)
        }
        progress.note(
            "== sweep done: \(points.count) points in \(Formatting.duration(seconds: Double(Clocks.monotonic() &- started) / 1e9))"
        )
        return document
    }

    /// Runs one point and reads its figures; never throws (a failure is the point's status).
    static func runPoint(_ point: SweepPointSpec, _ scenario: Scenario, _ sweep: SweepRun, progress: ProgressReporter)
        -> SweepPointResult
    {
        let started = Clocks.monotonic()
        let timer = ColdPathTimer(extras: sweep.extraColdPaths)
        var options = sweep.options
        options.inspectStatsbenchSink = { timer.time($0) }
        let number = String(point.index + 1)
        let name =
            String(repeating: "0", count: max(0, 3 - number.count)) + number + "-" + safe(point.name(sweep.plan.axes))
        var result = SweepPointResult(
            point: point, status: .failed, error: nil, seconds: 0, runDirectory: nil, figures: [:],
            overheadInterval95: nil, coldPathRepetitions: [:])
        do {
            var run = try ScenarioRunner.run(
                scenario: scenario, file: sweep.file, options: options, progress: progress, arguments: sweep.arguments)
            run.scenario.variant = point.name(sweep.plan.axes)
            let directory = sweep.directory.appendingPathComponent("points").appendingPathComponent(name)
            try ResultWriter.write(run, to: .output(directory, scenario: run.scenario.name))
            result.runDirectory = "points/\(name)/\(run.scenario.name)"
            result.status = run.passed ? .ok : .checksFailed
            result.figures = figures(run, timer: timer)
            result.overheadInterval95 = run.overhead?.sinks.first { $0.sink == "statsbench" }?.confidence95Nanoseconds
            result.coldPathRepetitions = Dictionary(
                uniqueKeysWithValues: timer.repetitionCounts.map { ($0.key.rawValue, $0.value) })
        } catch {
            result.error = "\(error)"
            progress.note("point \(point.index + 1) failed (the sweep goes on): \(error)")
        }
        result.seconds = Double(Clocks.monotonic() &- started) / 1e9
        return result
    }

    /// The point's figures from its result and the cold-path timer.
    static func figures(_ run: RunResult, timer: ColdPathTimer) -> [String: Double] {
        var figures: [SweepFigure: Double] = timer.results
        let overhead = run.overhead?.sinks.first { $0.sink == "statsbench" }
        // An unresolved mean (too few events per drive, or below the none sink) is not a point's cost to fit.
        figures[.overhead] = overhead?.unresolvedReason == nil ? overhead?.meanNanoseconds : nil
        figures[.recordP99] = overhead?.sampledCost?.p99
        figures[.recordP999] = overhead?.sampledCost?.p999
        figures[.bytesPerClient] = run.memory?.bytesPerClient
        figures[.allocationsPerEvent] = run.memory?.sinks.first { $0.sink == "statsbench" }?.allocationsPerEvent
        figures[.generatorEventsPerSecond] = run.generator.eventsPerSecond
        return Dictionary(uniqueKeysWithValues: figures.map { ($0.key.rawValue, $0.value) })
    }

    /// Writes `sweep.json`, `report.md` and `report.html` atomically into `directory`.
    public static func write(_ document: SweepDocument, to directory: URL) throws(HarnessError) {
        let json: Data
        do {
            json = try JSONNumbers.encoder().encode(document)
        } catch {
            throw .output(path: "sweep.json", reason: "cannot encode the sweep: \(error)")
        }
        try ResultWriter.writeAtomically(json, to: directory.appendingPathComponent("sweep.json"))
        try ResultWriter.writeAtomically(
            Data(SweepReport.markdown(document).utf8), to: directory.appendingPathComponent("report.md"))
        try ResultWriter.writeAtomically(
            Data(HTMLReport.sweepPage(document).utf8), to: directory.appendingPathComponent("report.html"))
    }

    /// `name` with every character but letters, digits, `.`, `_`, `-` and `=` replaced by `_` (a directory name).
    static func safe(_ name: String) -> String {
        String(
            name.map { character in
                character.isLetter || character.isNumber || "._-=".contains(character) ? character : "_"
            })
    }
}
