import ArgumentParser
import Foundation
import Harness
import Simulation
import Synchronization

/// `statsbench run [SCENARIO…]`: runs scenarios through every sink they name and writes the results.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run scenarios: overhead, accuracy, ring, memory and conservation; write result.json and report.md.",
        discussion: """
            Without SCENARIO arguments runs every scenarios/*.yaml (the default set). Each scenario writes \
            reports/<scenario>/<UTC stamp>/ and reports/latest/<scenario>/ (or OUTPUT/<scenario>/ with --output). \
            Exits 1 when a threshold or conservation check fails (each is named), 2 when a scenario cannot run, \
            3 when only a push failed and --push-required is given. SIGINT (Ctrl-C) or SIGTERM writes the \
            summary and index of the scenarios that finished and exits 130 or 143.
            """)

    @Argument(help: "Scenario files (YAML or JSON). Default: every scenarios/*.yaml.")
    var scenarios: [String] = []

    @Option(name: .shortAndLong, help: "Write OUTPUT/<scenario>/ instead of reports/.")
    var output: String?

    @Option(help: "The reports directory for the default layout.")
    var reports = "reports"

    @Option(
        parsing: .unconditional,
        help: "Multiply each run's length (events or duration) by this factor, e.g. 0.1 for a quick look.")
    var scale: DecimalArgument = 1.0

    @Option(
        parsing: .unconditional, help: "Interleaved none/sink pairs per sink for the overhead measurement (at least 2)."
    )
    var pairs = 5

    @Option(
        parsing: .unconditional, help: "Time every N-th record call for the per-event cost distribution (at least 1).")
    var sampleEvery = 64

    @Option(parsing: .unconditional, help: "Injected cost of the calibrated sink, in nanoseconds (0 to 100000).")
    var calibratedNs: DecimalArgument = 200.0

    @Option(
        parsing: .unconditional,
        help: """
            Wall-clock seconds per sink the overhead measurement may spend adding pairs beyond --pairs until the \
            95 % interval is within --overhead-target (0: exactly --pairs pairs).
            """)
    var overheadBudget: DecimalArgument = 20.0

    @OptionGroup var busy: BusyThreadsOption

    @Option(parsing: .unconditional, help: "Target half-width of the overhead interval, in percent of the figure.")
    var overheadTarget: DecimalArgument = 10.0

    @Option(
        parsing: .unconditional,
        help: "Target half-width floor of the overhead interval, in nanoseconds (the larger applies).")
    var overheadTargetNs: DecimalArgument = 2.0

    @Option(
        help: """
            Count the record paths' instructions under valgrind: auto (when valgrind is installed; the figure \
            says why not otherwise), on (the same, and a missing valgrind is an error), off.
            """)
    var instructions = InstructionCounting.auto

    @Option(
        help: """
            After the run, compare its results with this baseline: a result.json or directory, or the NAME of one \
            saved with --save-baseline NAME (REPORTS/baselines/NAME), when no file or directory has that path.
            """)
    var baseline: String?

    @Option(help: "Also write each result to REPORTS/baselines/NAME/<scenario>/ (a baseline for later runs).")
    var saveBaseline: String?

    @Option(help: "With --baseline: also write the comparison as JUnit XML to this file.")
    var junit: String?

    @OptionGroup(title: "Comparison (with --baseline)") var compareOptions: CompareOptions

    @Flag(name: .shortAndLong, help: "No progress on standard error.")
    var quiet = false

    @OptionGroup(title: "Pushgateway")
    var push: PushOptions

    mutating func validate() throws {
        if let output {
            try OutputDirectory.check(output, flag: "--output")
        } else {
            try OutputDirectory.check(reports, flag: "--reports")
        }
        guard scale.value > 0, scale.value.isFinite else {
            throw ValidationError("--scale must be a positive number, got \(scale.value)")
        }
        guard pairs >= 2 else {
            throw ValidationError("--pairs must be at least 2 (a confidence interval needs two), got \(pairs)")
        }
        guard sampleEvery >= 1 else { throw ValidationError("--sample-every must be at least 1, got \(sampleEvery)") }
        guard calibratedNs.value >= 0, calibratedNs.value <= CalibratedSink.maximumNanoseconds else {
            throw ValidationError("--calibrated-ns must be 0 to 100000 (100 µs), got \(calibratedNs.value)")
        }
        guard overheadBudget.value >= 0, overheadBudget.value.isFinite else {
            throw ValidationError("--overhead-budget must be 0 or more seconds, got \(overheadBudget.value)")
        }
        guard overheadTarget.value > 0, overheadTarget.value.isFinite, overheadTargetNs.value >= 0,
            overheadTargetNs.value.isFinite
        else {
            throw ValidationError(
                "--overhead-target must be a percentage above 0 and --overhead-target-ns 0 or more, got "
                    + "\(overheadTarget.value) and \(overheadTargetNs.value)")
        }
        if let name = saveBaseline {
            guard !name.isEmpty, !name.contains("/"), name != ".", name != "..", !name.hasPrefix("."),
                name.unicodeScalars.allSatisfy({ !CharacterSet.controlCharacters.contains($0) })
            else {
                throw ValidationError(
                    "--save-baseline must be a plain directory name (no '/', not hidden, no control character), got "
                        + "'\(name.debugDescription.dropFirst().dropLast())'")
            }
        }
        if case .failure(let error) = compareOptions.settings() { throw error }
        if let baseline, baseline.trimmingCharacters(in: .whitespaces).isEmpty {
            // An unset variable (`--baseline "$BASE"`) would otherwise name REPORTS/baselines/ itself: every saved
            // baseline pooled.
            throw ValidationError("--baseline needs a result file, a directory or a saved baseline's name; got ''")
        }
        if junit != nil && baseline == nil { throw ValidationError("--junit needs --baseline (what to compare with)") }
        if let junit { try OutputDirectory.checkFile(junit, flag: "--junit") }
    }

    mutating func run() throws {
        let files = try scenarioFiles()
        var options = RunOptions()
        options.scale = scale.value
        options.pairs = pairs
        options.sampleInterval = sampleEvery
        options.calibratedNanoseconds = calibratedNs.value
        options.calibratedNanosecondsPerIteration = try Self.calibratedIterationCost()
        options.pairStopping = PairStopping(
            budgetSeconds: overheadBudget.value, targetFraction: overheadTarget.value / 100,
            targetNanoseconds: overheadTargetNs.value)
        options.busyThreads = busy.busyThreads
        options.instructions = try instructionOptions()
        try Self.checkDistinctNames(files, output: output, saveBaseline: saveBaseline)
        // A baseline that cannot be read fails before the run, not after it.
        var baselineRuns: [LoadedResult] = []
        if let named = baseline {
            let baseline = Self.baselinePath(named, reports: reports)
            if baseline != named {
                ProgressReporter(quiet: quiet).note("--baseline \(named): the saved baseline \(baseline)")
            }
            do {
                baselineRuns = try ResultLoader.load([baseline])
            } catch {
                printToStandardError("error: --baseline \(error)")
                if !named.contains("/"), !FileManager.default.fileExists(atPath: baseline) {
                    let saved = (reports as NSString).appendingPathComponent("baselines/\(named)")
                    printToStandardError(
                        "note: nor is there a baseline saved as --save-baseline \(named) (\(saved)); saved ones: "
                            + Self.savedBaselines(reports: reports))
                }
                throw ExitCode(2)
            }
            if let junit, let input = baselineRuns.first(where: { Compare.sameFile($0.file, junit) }) {
                printToStandardError("error: --junit \(junit) is the baseline's \(input.file): it would be overwritten")
                throw ExitCode(2)
            }
        }
        var results: [LoadedResult] = []
        let progress = ProgressReporter(quiet: quiet)
        let stamp = ResultWriter.stamp()
        let reportsRoot = URL(fileURLWithPath: reports)
        // `latest/` is cleared when this run has a first result to put there, not before: a run that cannot start
        // (or whose every scenario fails) leaves the previous run's `latest/` as it was.
        var latestCleared = output != nil
        var failedScenarios: [String] = []
        var brokenScenarios: [String] = []
        var failedPushes: [String] = []
        // Every scenario in order, those that could not run included: the summary and the index list them all. Kept
        // where the interruption's thread can read it: SIGINT or SIGTERM writes what finished, then exits.
        let finished = FinishedScenarios()
        let written = (output: output, reportsRoot: reportsRoot)
        do {
            let interruption = try Interruption.catching([SIGINT, SIGTERM])
            Interruption.onFirstSignal(interruption) { signal in
                Self.lastWords(
                    signal: signal, files: files, finished: finished, output: written.output,
                    reportsRoot: written.reportsRoot)
            }
        } catch {
            printToStandardError("warning: \(error); an interrupted run will not write its summary")
        }
        for (number, file) in files.enumerated() {
            progress.note("== scenario \(number + 1)/\(files.count): \(file)")
            finished.state.withLock { $0.current = number }
            do {
                let result = try ScenarioRunner.run(
                    scenarioFile: file, options: options, progress: progress, arguments: CommandLine.arguments)
                // From here to the record of the result, an interruption waits: `latest/` is replaced and the
                // result written whole, or not at all.
                finished.beginWriting()
                let destination =
                    try output.map {
                        ResultWriter.Destination.output(URL(fileURLWithPath: $0), scenario: result.scenario.name)
                    }
                    ?? ResultWriter.Destination.claimStandard(
                        reportsRoot: reportsRoot, scenario: result.scenario.name, stamp: stamp)
                if !latestCleared {
                    try? FileManager.default.removeItem(at: reportsRoot.appendingPathComponent("latest"))
                    latestCleared = true
                }
                let report = try ResultWriter.write(result, to: destination)
                if let name = saveBaseline {
                    try ResultWriter.write(
                        result, to: .baseline(reportsRoot: reportsRoot, name: name, scenario: result.scenario.name))
                }
                results.append(LoadedResult(file: report, result: result))
                let summary = SummaryRenderer.summary(result, reportPath: report)
                finished.endWriting { state in
                    state.entries.append(HTMLReport.IndexEntry(result))
                    state.summaries.append(summary)
                    state.results += 1
                }
                print(summary)
                if !result.passed { failedScenarios.append(result.scenario.name) }
                if let failure = push.push(result) {
                    failedPushes.append(result.scenario.name)
                    printToStandardError("error: push of \(result.scenario.name) failed (results kept): \(failure)")
                } else if push.url != nil {
                    progress.note("pushed \(result.scenario.name) to \(push.url ?? "")")
                }
            } catch {
                brokenScenarios.append(file)
                printToStandardError("error: \(file): \(error)")
                let reason = "\(error)"
                finished.endWriting { state in
                    state.entries.append(.couldNotRun(file: file, reason: reason))
                    state.summaries.append(Self.couldNotRunSummary(file: file, reason: reason))
                }
            }
        }
        // A summary or index that cannot be written is reported and makes the run exit 2 (its output is
        // incomplete), like a scenario that could not run. An interruption from here on writes nothing more.
        finished.beginWriting()
        let (entries, summaries) = finished.state.withLock { state in
            state.current = nil
            return (state.entries, state.summaries)
        }
        let unwritten =
            results.isEmpty
            ? [] : Self.writeSummaryAndIndex(entries, summaries, output: output, reportsRoot: reportsRoot)
        let comparisonDirectory = output ?? reportsRoot.appendingPathComponent("latest").path
        finished.endWriting { $0.comparing = baseline != nil && !results.isEmpty ? comparisonDirectory : nil }
        var regressed = false
        var comparedNothing = false
        if let baseline, !results.isEmpty,
            let problem = Compare.nothingInCommon(baselineRuns, named: baseline, results, named: "this run")
        {
            printToStandardError("error: --baseline: \(problem)")
            comparedNothing = true
        } else if baseline != nil, !results.isEmpty, case .success(let settings) = compareOptions.settings() {
            let comparison = Comparer.compare(baseline: baselineRuns, current: results, settings: settings)
            let directory = output ?? reportsRoot.appendingPathComponent("latest").path
            do {
                try Compare.finish(
                    comparison, output: directory, junit: junit, quiet: quiet, inputs: baselineRuns + results)
            } catch let exit as ExitCode where exit == .failure {
                regressed = true
            }
        }
        if !brokenScenarios.isEmpty {
            printToStandardError(
                "\(brokenScenarios.count) of \(files.count) scenarios could not run: "
                    + brokenScenarios.joined(separator: ", "))
            throw ExitCode(2)
        }
        if comparedNothing { throw ExitCode(2) }
        if !unwritten.isEmpty {
            printToStandardError("could not write \(unwritten.joined(separator: ", ")) (errors above)")
            throw ExitCode(2)
        }
        if !failedScenarios.isEmpty {
            printToStandardError(
                "FAILED: \(failedScenarios.joined(separator: ", ")) (thresholds or conservation above)")
            throw ExitCode.failure
        }
        if regressed { throw ExitCode.failure }
        if push.pushRequired, !failedPushes.isEmpty {
            printToStandardError("FAILED: push of \(failedPushes.joined(separator: ", ")) (--push-required)")
            throw ExitCode(3)
        }
    }

    /// The path `--baseline` names: itself when a file or directory is there; otherwise, for a plain name, the
    /// baseline saved as `--save-baseline NAME` (`REPORTS/baselines/NAME`) when it exists.
    static func baselinePath(_ argument: String, reports: String) -> String {
        guard !argument.isEmpty, !FileManager.default.fileExists(atPath: argument), !argument.contains("/") else {
            return argument
        }
        let saved = (reports as NSString).appendingPathComponent("baselines/\(argument)")
        return FileManager.default.fileExists(atPath: saved) ? saved : argument
    }

    /// The names under `REPORTS/baselines/`, or `none`.
    static func savedBaselines(reports: String) -> String {
        let directory = (reports as NSString).appendingPathComponent("baselines")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { !$0.hasPrefix(".") }.sorted()
        return names.isEmpty ? "none in \(directory)" : names.joined(separator: ", ")
    }

    /// What the scenarios of a run have given so far, shared with the thread that writes it on an interruption.
    final class FinishedScenarios: Sendable {
        struct State {
            /// Each scenario's index entry, in order; those that could not run included.
            var entries: [HTMLReport.IndexEntry] = []
            /// Each scenario's lines of `summary.txt`.
            var summaries: [String] = []
            /// How many scenarios wrote a result.
            var results = 0
            /// The index of the scenario running now in the run's files; `nil` once every scenario has finished.
            var current: Int? = 0
            /// Whether the run is writing a result, or the summary and index, which an interruption waits for.
            var writing = false
            /// Whether an interruption has begun its last words: no new write starts then.
            var interrupted = false
            /// Where `--baseline`'s comparison is being written, once the summary and index are.
            var comparing: String?
        }
        let state = Mutex(State())

        /// Enters a write an interruption waits for. Once an interruption has begun, never returns: the
        /// interruption's thread is writing the summary and ends the process.
        func beginWriting() {
            let proceed = state.withLock { state -> Bool in
                guard !state.interrupted else { return false }
                state.writing = true
                return true
            }
            while !proceed { sleep(60) }
        }

        /// Leaves the write, recording its outcome with `record` in the same step.
        func endWriting(_ record: (inout State) -> Void = { _ in }) {
            state.withLock { state in
                record(&state)
                state.writing = false
            }
        }

        /// Marks the run interrupted once no write is under way (waiting up to 30 s for one to end), and returns
        /// what it holds then.
        func interrupt() -> State {
            for _ in 0..<6000 {
                let done = state.withLock { state -> Bool in
                    guard !state.writing else { return false }
                    state.interrupted = true
                    return true
                }
                if done { break }
                usleep(5000)
            }
            return state.withLock { state in
                state.interrupted = true
                return state
            }
        }
    }

    /// Writes `summary.txt` (in `reports/latest/`, without `--output`) and the index `report.html` (beside it, or in
    /// `--output`); returns the paths that could not be written, each error printed.
    static func writeSummaryAndIndex(
        _ entries: [HTMLReport.IndexEntry], _ summaries: [String], output: String?, reportsRoot: URL
    ) -> [String] {
        var unwritten: [String] = []
        if output == nil {
            let latest = reportsRoot.appendingPathComponent("latest").appendingPathComponent("summary.txt")
            do {
                try ResultWriter.writeAtomically(Data((summaries.joined(separator: "\n\n") + "\n").utf8), to: latest)
            } catch {
                unwritten.append(latest.path)
                printToStandardError("error: \(error)")
            }
        }
        // The index page linking each scenario's report.html: beside summary.txt, or in --output.
        let directory = output.map { URL(fileURLWithPath: $0) } ?? reportsRoot.appendingPathComponent("latest")
        do {
            try HTMLWriter.writeIndex(entries, directory: directory)
        } catch {
            unwritten.append(directory.appendingPathComponent("report.html").path)
            printToStandardError("error: \(error)")
        }
        return unwritten
    }

    /// On SIGINT or SIGTERM while scenarios run: the summary and index of the scenarios that finished, the one
    /// running and those not started listed as not run, so that `reports/latest/` is never left cleared and empty.
    static func lastWords(
        signal: Int32, files: [String], finished: FinishedScenarios, output: String?, reportsRoot: URL
    ) {
        let name = Interruption.name(signal)
        let state = finished.interrupt()
        let (entries, summaries, results) = (state.entries, state.summaries, state.results)
        guard let current = state.current else {
            if let directory = state.comparing {
                printToStandardError(
                    "interrupted (\(name)) while comparing with --baseline: the results, summary and index are "
                        + "written, but no verdict was reached, and compare.md, compare.json, compare.html (and "
                        + "--junit) in \(directory) may be missing or from an earlier run")
            } else {
                printToStandardError(
                    "interrupted (\(name)) after every scenario had finished; their results are written")
            }
            return
        }
        // Each scenario done has one entry (its result, or why it could not run); the first without one is the
        // one running, unless the loop had not moved on to it yet.
        let done = entries.count
        let when =
            current >= done
            ? "during scenario \(current + 1) of \(files.count)" : "after scenario \(done) of \(files.count)"
        guard results > 0 else {
            printToStandardError("interrupted (\(name)) \(when), before any result was written")
            return
        }
        var allEntries = entries
        var allSummaries = summaries
        for (index, file) in files.enumerated() where index >= done {
            let reason =
                index == current ? "interrupted (\(name)) while it ran" : "not run: the run was interrupted (\(name))"
            allEntries.append(.couldNotRun(file: file, reason: reason))
            allSummaries.append(couldNotRunSummary(file: file, reason: reason))
        }
        let unwritten = writeSummaryAndIndex(allEntries, allSummaries, output: output, reportsRoot: reportsRoot)
        let written =
            output.map {
                ", with the index in \($0) (which may still hold an earlier run's results of the scenarios not run "
                    + "here)"
            } ?? ", with the summary and index in \(reportsRoot.appendingPathComponent("latest").path)"
        printToStandardError(
            "interrupted (\(name)) \(when): the \(results) finished "
                + "\(results == 1 ? "result is" : "results are") kept"
                + (unwritten.isEmpty ? written : "; the summary could not be written"))
    }

    /// The lines of `summary.txt` for a scenario file that could not run: its path, `COULD NOT RUN` and why.
    static func couldNotRunSummary(file: String, reason: String) -> String {
        let lines = reason.split(separator: "\n", omittingEmptySubsequences: false)
        return "\(file)  COULD NOT RUN\n" + lines.map { "  " + $0 }.joined(separator: "\n")
    }

    /// Test-only: `STATSBENCH_CALIBRATED_NS_PER_ITERATION` fixes the `calibrated` sink's cost of one iteration
    /// (ns), so runs in different processes spin exactly in proportion; `nil` when unset (calibrated per process).
    /// With `--output` or `--save-baseline`, each scenario is written to a directory named after it: two
    /// scenarios of one name (or one file given twice) would overwrite each other, so the run refuses them before
    /// it starts, naming the files. (The default layout gives the second its own directory.) A file that cannot be
    /// read is left to the run, which reports it.
    static func checkDistinctNames(_ files: [String], output: String?, saveBaseline: String?) throws {
        guard output != nil || saveBaseline != nil else { return }
        var byName: [String: [String]] = [:]
        var order: [String] = []
        for file in files {
            guard let name = try? Scenario.load(contentsOf: file).name else { continue }
            if byName[name] == nil { order.append(name) }
            byName[name, default: []].append(file)
        }
        let repeated = order.compactMap { name -> String? in
            guard let same = byName[name], same.count > 1 else { return nil }
            return "'\(name)' (\(same.joined(separator: ", ")))"
        }
        guard repeated.isEmpty else {
            let flag = output != nil ? "--output" : "--save-baseline"
            printToStandardError(
                "error: with \(flag) each scenario is written to a directory named after it, so scenario names must "
                    + "differ; these are given more than once: \(repeated.joined(separator: "; "))")
            throw ExitCode(2)
        }
    }

    static func calibratedIterationCost() throws -> Double? {
        guard let text = ProcessInfo.processInfo.environment["STATSBENCH_CALIBRATED_NS_PER_ITERATION"],
            !text.isEmpty
        else { return nil }
        guard let value = try? Quantities.number(text), value > 0 else {
            throw ValidationError(
                "STATSBENCH_CALIBRATED_NS_PER_ITERATION must be a positive number of nanoseconds, got '\(text)'")
        }
        return value
    }

    /// How to count instructions: beside this executable, or `nil` when switched off.
    func instructionOptions() throws -> InstructionOptions? {
        guard instructions != .off else { return nil }
        let directory = Self.executableDirectory()
        var options = InstructionOptions(executable: directory.appendingPathComponent("statsbench-instructions").path)
        if let text = ProcessInfo.processInfo.environment["STATSBENCH_INJECT_INSTRUCTIONS"], !text.isEmpty {
            guard let steps = Int(text), steps >= 0 else {
                throw ValidationError("STATSBENCH_INJECT_INSTRUCTIONS must be a whole number ≥ 0, got '\(text)'")
            }
            options.injectedSteps = steps
        }
        if instructions == .on {
            if let reason = InstructionProbe.unavailableReason(options) {
                throw ValidationError("--instructions on: \(reason)")
            }
        }
        return options
    }

    /// The directory of this executable: `/proc/self/exe` resolved on Linux (which names the file even when
    /// started through a symbolic link), the bundle's executable elsewhere.
    static func executableDirectory() -> URL {
        #if os(Linux)
            URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        #else
            (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments.first ?? "."))
                .resolvingSymlinksInPath()
                .deletingLastPathComponent()
        #endif
    }

    /// The files named, or every `scenarios/*.yaml`.
    func scenarioFiles() throws -> [String] {
        if !scenarios.isEmpty { return scenarios }
        let directory = "scenarios"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw ValidationError(
                "no scenario files named and no scenarios/ directory here; run from the repository root or name files")
        }
        let files = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0.hasSuffix(".json") }.sorted()
            .map { directory + "/" + $0 }
        guard !files.isEmpty else { throw ValidationError("scenarios/ holds no .yaml, .yml or .json files") }
        return files
    }
}
