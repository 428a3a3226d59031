import ArgumentParser
import Foundation
import Harness

/// `statsbench compare BASELINE CURRENT`: regression verdicts per scenario and figure.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare results: a verdict per scenario and figure (faster, slower, no change, inconclusive).",
        discussion: """
            BASELINE and CURRENT are result.json files or directories searched for them (several runs per side \
            are pooled). Exact figures (hash, allocations, conservation, accuracy errors, instruction counts) are \
            compared against their tolerance; timed figures with the Mann–Whitney U test and a bootstrap interval \
            (docs/comparing-runs.md). Writes OUTPUT/compare.md and OUTPUT/compare.json, and --junit FILE. \
            Exits 0 when nothing regressed, 1 when a figure regressed beyond its allowed change, 2 on bad input \
            (a file that is not a result, or no scenario on both sides).
            """)

    @Argument(help: "The baseline: a result.json or a directory of them.")
    var baseline: String

    @Argument(help: "The current results: a result.json or a directory of them.")
    var current: String

    @Option(name: .shortAndLong, help: "Directory for compare.md and compare.json.")
    var output = "reports/compare"

    @Option(help: "Also write JUnit XML (one test case per scenario × figure) to this file.")
    var junit: String?

    @Flag(name: .shortAndLong, help: "Print only the one-line verdict, not compare.md.")
    var quiet = false

    @OptionGroup var options: CompareOptions

    mutating func validate() throws {
        try OutputDirectory.check(output, flag: "--output")
        if let junit { try OutputDirectory.checkFile(junit, flag: "--junit") }
    }

    mutating func run() throws {
        let settings: CompareSettings
        switch options.settings() {
        case .success(let value): settings = value
        case .failure(let error):
            printToStandardError("error: \(error.message)")
            throw ExitCode(2)
        }
        let baseRuns: [LoadedResult]
        let currentRuns: [LoadedResult]
        do {
            baseRuns = try ResultLoader.load([baseline])
            currentRuns = try ResultLoader.load([current])
        } catch {
            printToStandardError("error: \(error)")
            throw ExitCode(2)
        }
        if let problem = Self.nothingInCommon(baseRuns, named: baseline, currentRuns, named: current) {
            printToStandardError("error: \(problem)")
            throw ExitCode(2)
        }
        let report = Comparer.compare(baseline: baseRuns, current: currentRuns, settings: settings)
        try Self.finish(report, output: output, junit: junit, quiet: quiet, inputs: baseRuns + currentRuns)
    }

    /// Whether `a` and `b` name one existing file (the same device and inode: also through a link or another
    /// spelling of the path).
    static func sameFile(_ a: String, _ b: String) -> Bool {
        func identity(_ path: String) -> (Int, Int)? {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                let device = (attributes[.systemNumber] as? NSNumber)?.intValue,
                let inode = (attributes[.systemFileNumber] as? NSNumber)?.intValue
            else { return nil }
            return (device, inode)
        }
        guard let first = identity(a), let second = identity(b) else { return false }
        return first == second
    }

    /// Why the two sides cannot be compared when no scenario is on both (nothing would be compared, and a gate
    /// must not pass on nothing), or `nil` when one is.
    static func nothingInCommon(
        _ baseRuns: [LoadedResult], named baseline: String, _ currentRuns: [LoadedResult], named current: String
    ) -> String? {
        let baseNames = Set(baseRuns.map(\.result.scenario.comparisonName))
        let currentNames = Set(currentRuns.map(\.result.scenario.comparisonName))
        guard baseNames.isDisjoint(with: currentNames) else { return nil }
        return "no scenario is on both sides, so nothing can be compared: baseline \(baseline) has "
            + baseNames.sorted().joined(separator: ", ") + "; current \(current) has "
            + currentNames.sorted().joined(separator: ", ")
    }

    /// Writes the files, prints, and exits 1 on a regression (2 when a file cannot be written).
    static func finish(
        _ report: ComparisonReport, output: String, junit: String?, quiet: Bool, inputs: [LoadedResult]
    ) throws {
        if let junit, let input = inputs.first(where: { Self.sameFile($0.file, junit) }) {
            printToStandardError(
                "error: --junit \(junit) is the input \(input.file): writing the JUnit file would overwrite it "
                    + "(name another file)")
            throw ExitCode(2)
        }
        let written: [String]
        do {
            written = try CompareWriter.write(
                report, directory: URL(fileURLWithPath: output), junit: junit.map { URL(fileURLWithPath: $0) })
        } catch {
            printToStandardError("error: \(error)")
            throw ExitCode(2)
        }
        if !quiet { print(CompareMarkdown.render(report)) }
        print("compare: \(written.joined(separator: ", "))")
        if !report.passed {
            let names = report.rows.filter(\.regressed).map { "\($0.scenario) \($0.figure)" }
            printToStandardError(
                "REGRESSED: \(report.regressions) figure\(report.regressions == 1 ? "" : "s"): "
                    + names.prefix(10).joined(separator: ", ") + (names.count > 10 ? ", …" : ""))
            throw ExitCode.failure
        }
        print("compare: no regression")
    }
}
