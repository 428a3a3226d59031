import ArgumentParser
import Foundation
import Harness
import Simulation
import StatsHTTP

/// `statsbench sweep SCENARIO --vary clients=1k,10k,…`: runs the scenario at every point and writes sweep.json,
/// report.md and each point's run directory; fits growth and computes the capacity table.
struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a scenario over varied parameters: fitted growth, a capacity table, sweep.json and report.md.",
        discussion: """
            Parameters: \(SweepParameter.names.joined(separator: ", ")). Each --vary NAME=V1,V2,… lists values as \
            a scenario writes them (1k, 1M, 20k/s). Points are the cross product, or with --one-at-a-time each \
            parameter alone around the scenario's own values. Writes reports/<scenario>-sweep/<UTC stamp>/ (or \
            --output): sweep.json (docs/sweep-format.md), report.md, points/<n>-<values>/ with each point's run. \
            Exits 1 when a point failed or a target was missed, 2 on bad input.
            """)

    @Argument(help: "The scenario file to sweep (e.g. scenarios/sweeps/clients.yaml).")
    var scenario: String

    @Option(
        name: .customLong("vary"),
        help: "NAME=V1,V2,… (repeatable; NAME: clients, workers, rate, methods, history-capacity).")
    var vary: [String] = []

    @Flag(help: "Vary each parameter alone around the scenario's own values instead of the cross product.")
    var oneAtATime = false

    @Option(help: "Capacity budgets, e.g. cpu=2%,memory=512MiB,scrape=50ms (cpu adds a row; memory, scrape replace).")
    var budget: [String] = []

    @Option(
        name: .shortAndLong, help: "Write the sweep into this directory instead of reports/<scenario>-sweep/<UTC>/.")
    var output: String?

    @Option(help: "The reports directory for the default layout.")
    var reports = "reports"

    @Option(
        parsing: .unconditional, help: "Multiply each point's run length by this factor, e.g. 0.1 for a quick look.")
    var scale: DecimalArgument = 1.0

    @Option(
        parsing: .unconditional, help: "Interleaved none/sink pairs per sink for the overhead measurement (at least 2)."
    )
    var pairs = 5

    @Option(
        parsing: .unconditional, help: "Time every N-th record call for the per-event cost distribution (at least 1).")
    var sampleEvery = 64

    @Option(
        parsing: .unconditional,
        help: "Seconds per sink the overhead measurement may add pairs beyond --pairs (0: exactly --pairs).")
    var overheadBudget: DecimalArgument = 0.0

    @OptionGroup var busy: BusyThreadsOption

    @Flag(name: .shortAndLong, help: "No progress on standard error.")
    var quiet = false

    mutating func validate() throws {
        if let output {
            try OutputDirectory.check(output, flag: "--output")
            // A second sweep's points would lie beside the first's, which `sweep.json` no longer lists and which
            // `compare` would still read: refused, so that nothing is mixed and nothing is deleted.
            for leftover in ["sweep.json", "points"]
            where FileManager.default.fileExists(atPath: (output as NSString).appendingPathComponent(leftover)) {
                throw ValidationError(
                    "--output \(output) already holds a sweep (\(leftover)); name a new directory or remove it")
            }
        } else {
            try OutputDirectory.check(reports, flag: "--reports")
        }
    }

    mutating func run() throws {
        let checks: [(Bool, String)] = [
            (scale.value > 0 && scale.value.isFinite, "--scale must be above 0, got \(scale.value)"),
            (pairs >= 2, "--pairs must be at least 2 (a confidence interval needs two), got \(pairs)"),
            (sampleEvery >= 1, "--sample-every must be at least 1, got \(sampleEvery)"),
            (
                overheadBudget.value >= 0 && overheadBudget.value.isFinite,
                "--overhead-budget must be 0 or more seconds, got \(overheadBudget.value)"
            ),
        ]
        if let failed = checks.first(where: { !$0.0 }) {
            printToStandardError("error: \(failed.1)")
            throw ExitCode(2)
        }
        let base: Scenario
        do {
            base = try Scenario.load(contentsOf: scenario)
        } catch {
            for issue in error.issues { printToStandardError(issue.description) }
            throw ExitCode(2)
        }
        guard base.sinks.contains(.statsbench) else {
            printToStandardError("error: \(scenario): sinks: the sweep measures the statsbench sink; add it to sinks")
            throw ExitCode(2)
        }
        let plan: SweepPlan
        let scenarios: [Scenario]
        var budgets = SweepBudgets()
        do {
            plan = try SweepPlan(varying: vary, base: base, oneAtATime: oneAtATime)
            for argument in budget { try budgets.apply(argument) }
            scenarios = try plan.scenarios(file: scenario, base: base)
        } catch {
            printToStandardError("error: \(error)")
            throw ExitCode(2)
        }
        var options = RunOptions()
        options.scale = scale.value
        options.pairs = pairs
        options.sampleInterval = sampleEvery
        options.pairStopping = PairStopping(
            budgetSeconds: overheadBudget.value, targetFraction: 0.1, targetNanoseconds: 2)
        options.busyThreads = busy.busyThreads
        let directory: URL
        if let output {
            directory = URL(fileURLWithPath: output)
        } else {
            // Claimed exclusively: a second sweep started in the same second gets `<stamp>-2`, never this one's
            // directory (its points and sweep.json would mix with this sweep's).
            do {
                directory = try ResultWriter.Destination.claimStandard(
                    reportsRoot: URL(fileURLWithPath: reports), scenario: "\(base.name)-sweep",
                    stamp: ResultWriter.stamp()
                ).directories[0]
            } catch {
                printToStandardError("error: \(error)")
                throw ExitCode(2)
            }
        }
        let sweep = SweepRun(
            file: scenario, base: base, plan: plan, scenarios: scenarios, options: options, budgets: budgets,
            directory: directory, arguments: CommandLine.arguments, extraColdPaths: [Self.healthPage])
        // sweep.json and report.md are rewritten after every point: an interruption only says where they are.
        if let interruption = try? Interruption.catching([SIGINT, SIGTERM]) {
            let path = directory.path
            let claimed = output == nil
            Interruption.onFirstSignal(interruption) { signal in
                let name = Interruption.name(signal)
                let manager = FileManager.default
                guard manager.fileExists(atPath: path + "/sweep.json") else {
                    // Nothing finished: the directory this sweep claimed goes, if nothing else is in it.
                    let empty = (try? manager.contentsOfDirectory(atPath: path))?.isEmpty ?? false
                    if claimed && empty { try? manager.removeItem(atPath: path) }
                    printToStandardError(
                        "interrupted (\(name)) before the first point finished: "
                            + (empty ? "nothing was written" : "no sweep.json; \(path)/points may hold its run"))
                    return
                }
                printToStandardError(
                    "interrupted (\(name)): \(path)/sweep.json and report.md hold the points that finished; no "
                        + "target is judged on a partial sweep")
            }
        }
        let document: SweepDocument
        do {
            document = try SweepRunner.run(sweep, progress: ProgressReporter(quiet: quiet))
        } catch {
            printToStandardError("error: \(error)")
            throw ExitCode(2)
        }
        print(Self.summary(document, directory: directory))
        if !document.passed { throw ExitCode.failure }
    }

    /// One `/health/clients` page (the default 50 clients from offset 0), JSON encoded, as `serve` answers it.
    static let healthPage: ColdPathTimer.Extra = (
        .healthPage,
        { sink in
            let endpoints = StatsEndpoints(
                pipeline: sink.pipeline, history: sink.history, ledger: sink.ledger, alerts: sink.alerts)
            _ = try? JSONEncoder().encode(endpoints.clients(limit: 50, offset: 0))
        }
    )

    /// The fits, the capacity table and the targets, for standard output.
    static func summary(_ document: SweepDocument, directory: URL) -> String {
        var lines = ["sweep \(document.scenario): \(document.points.count) points, \(directory.path)/report.md"]
        for point in document.points where point.status != .ok {
            lines.append(
                "  point \(point.point.index + 1) \(point.status.rawValue)\(point.error.map { ": \($0)" } ?? "")")
        }
        lines.append("fits:")
        lines += document.fits.map { "  " + $0.summary }
        lines.append("capacity:")
        lines += document.capacity.map { row in
            let value =
                row.value.map {
                    (row.atLeast == true ? "≥ " : "")
                        + (row.unit == "events/s"
                            ? String(format: "%.3g events/s", $0) : String(format: "%.0f clients", $0))
                } ?? "— (\(row.note))"
            return "  \(row.question): \(value)\(row.extrapolated && row.value != nil ? " (extrapolated)" : "")"
        }
        lines.append("targets:")
        lines += document.targets.map {
            "  \($0.met.map { $0 ? "met" : "MISSED" } ?? "not evaluated"): \($0.target) — \($0.detail)"
        }
        return lines.joined(separator: "\n")
    }
}
