import ArgumentParser
import Foundation
import Harness

/// `statsbench run [SCENARIO…]`: runs scenarios through every sink they name and writes the results.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run scenarios: overhead, accuracy, ring, memory and conservation; write result.json and report.md.",
        discussion: """
            Without SCENARIO arguments runs every scenarios/*.yaml (the default set). Each scenario writes \
            reports/<scenario>/<UTC stamp>/ and reports/latest/<scenario>/ (or OUTPUT/<scenario>/ with --output). \
            Exits 1 when a threshold or conservation check fails (each is named), 2 when a scenario cannot run, \
            3 when only a push failed and --push-required is given.
            """)

    @Argument(help: "Scenario files (YAML or JSON). Default: every scenarios/*.yaml.")
    var scenarios: [String] = []

    @Option(name: .shortAndLong, help: "Write OUTPUT/<scenario>/ instead of reports/.")
    var output: String?

    @Option(help: "The reports directory for the default layout.")
    var reports = "reports"

    @Option(help: "Multiply each run's length (events or duration) by this factor, e.g. 0.1 for a quick look.")
    var scale = 1.0

    @Option(help: "Interleaved none/sink pairs per sink for the overhead measurement (at least 2).")
    var pairs = 5

    @Option(help: "Time every N-th record call for the per-event cost distribution (at least 1).")
    var sampleEvery = 64

    @Option(help: "Injected cost of the calibrated sink, in nanoseconds.")
    var calibratedNs = 200.0

    @Flag(name: .shortAndLong, help: "No progress on standard error.")
    var quiet = false

    @OptionGroup(title: "Pushgateway")
    var push: PushOptions

    mutating func validate() throws {
        guard scale > 0, scale.isFinite else {
            throw ValidationError("--scale must be a positive number, got \(scale)")
        }
        guard pairs >= 2 else {
            throw ValidationError("--pairs must be at least 2 (a confidence interval needs two), got \(pairs)")
        }
        guard sampleEvery >= 1 else { throw ValidationError("--sample-every must be at least 1, got \(sampleEvery)") }
        guard calibratedNs >= 0, calibratedNs.isFinite else {
            throw ValidationError("--calibrated-ns must be 0 or more, got \(calibratedNs)")
        }
    }

    mutating func run() throws {
        let files = try scenarioFiles()
        var options = RunOptions()
        options.scale = scale
        options.pairs = pairs
        options.sampleInterval = sampleEvery
        options.calibratedNanoseconds = calibratedNs
        let progress = ProgressReporter(quiet: quiet)
        let stamp = ResultWriter.stamp()
        let reportsRoot = URL(fileURLWithPath: reports)
        if output == nil {
            try? FileManager.default.removeItem(at: reportsRoot.appendingPathComponent("latest"))
        }
        var summaries: [String] = []
        var failedScenarios: [String] = []
        var brokenScenarios: [String] = []
        var failedPushes: [String] = []
        for (number, file) in files.enumerated() {
            progress.note("== scenario \(number + 1)/\(files.count): \(file)")
            do {
                let result = try ScenarioRunner.run(
                    scenarioFile: file, options: options, progress: progress, arguments: CommandLine.arguments)
                let destination =
                    output.map {
                        ResultWriter.Destination.output(URL(fileURLWithPath: $0), scenario: result.scenario.name)
                    }
                    ?? .standard(reportsRoot: reportsRoot, scenario: result.scenario.name, stamp: stamp)
                let report = try ResultWriter.write(result, to: destination)
                let summary = SummaryRenderer.summary(result, reportPath: report)
                summaries.append(summary)
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
            }
        }
        if output == nil, !summaries.isEmpty {
            let latest = reportsRoot.appendingPathComponent("latest").appendingPathComponent("summary.txt")
            try? ResultWriter.writeAtomically(Data((summaries.joined(separator: "\n\n") + "\n").utf8), to: latest)
        }
        if !brokenScenarios.isEmpty {
            printToStandardError(
                "\(brokenScenarios.count) of \(files.count) scenarios could not run: "
                    + brokenScenarios.joined(separator: ", "))
            throw ExitCode(2)
        }
        if !failedScenarios.isEmpty {
            printToStandardError(
                "FAILED: \(failedScenarios.joined(separator: ", ")) (thresholds or conservation above)")
            throw ExitCode.failure
        }
        if push.pushRequired, !failedPushes.isEmpty {
            printToStandardError("FAILED: push of \(failedPushes.joined(separator: ", ")) (--push-required)")
            throw ExitCode(3)
        }
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
