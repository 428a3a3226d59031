import Foundation
import Simulation
import StatsCore
import StatsExport
import StatsTestSupport
import Synchronization
import Testing

@testable import Harness

@Suite("Results that keep every figure: out-of-range latencies, non-finite numbers, repeated runs")
struct ResultWriterTests {
    /// A scenario whose methods lie outside the histogram's range (above 12.1 days, at or below 0.93 ns) and
    /// inside it at both ends (sub-microsecond and a multi-hour mix).
    static func extremeScenario() throws -> String {
        try HarnessFixtures.temporaryFile(
            """
            name: extremes
            seed: 11
            events: 20k
            workers: 2
            clients: {count: 10}
            requests:
              methods:
                - {name: cache-hit, latency: {uniform: {min: 100ns, max: 900ns}}}
                - {name: sessions, latency: {uniform: {min: 2h, max: 30h}}}
                - {name: weeks, latency: {uniform: {min: 480h, max: 720h}}}
            arrival: {poisson: 100k/s}
            stats: {interval: 50ms, history-capacity: 10}
            sinks: [none, statsbench]
            measurements: [accuracy, conservation]
            thresholds:
              - accuracy.p99 <= 0.55%
              - conservation.violations == 0
            """)
    }

    @Test("latencies beyond the histogram's range keep the run's results: the figure is named missing, with why")
    func outOfRangeFiguresAreReportedNotLost() throws {
        let path = try Self.extremeScenario()
        let result = try ScenarioRunner.run(
            scenarioFile: path, options: ScenarioRunTests.quick, progress: ProgressReporter(quiet: true))
        let accuracy = try #require(result.accuracy)
        let p99 = try #require(accuracy.quantiles.firstIndex(of: 0.99))
        func row(_ method: String) throws -> AccuracyRow {
            try #require(accuracy.rows.first { $0.method == method && $0.scope == "run" })
        }
        // In range at both ends: within the scale's bound.
        let bound = HistogramLayout.seconds.relativeErrorBound
        for method in ["cache-hit", "sessions"] {
            for error in try row(method).relativeError { #expect(try #require(error) <= bound * 1.000001) }
        }
        // Above the range: no error, no guess, but the reason with the bound.
        let weeks = try row("weeks")
        #expect(weeks.relativeError[p99] == nil && weeks.estimate[p99] == nil)
        #expect(weeks.missing[p99] == "> 12.1 d: above the histogram's range")
        #expect(weeks.relativeError.last! == 0, "the maximum is exact, wherever it lies")
        // The threshold on the missing figure fails by name; the others are unaffected.
        #expect(result.thresholds.map(\.passed) == [false, true])
        #expect(result.thresholds[0].detail?.contains("accuracy.p99 could not be computed: weeks (run)") == true)
        #expect(!result.passed)

        // Every file is written; report and summary name the missing figure.
        let output = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("out")
        let report = try ResultWriter.write(result, to: .output(output, scenario: "extremes"))
        let markdown = try String(contentsOfFile: report, encoding: .utf8)
        #expect(markdown.contains("Figures that could not be computed"))
        #expect(markdown.contains("statsbench weeks run p99: > 12.1 d: above the histogram's range"))
        #expect(markdown.contains("> 12.1 d (out of range)"))
        let summary = SummaryRenderer.summary(result, reportPath: report)
        #expect(summary.contains("missing figure  statsbench weeks run"))
        // The worst error is of the figures measured, and says how many are missing.
        let missing = result.accuracy!.rows.filter { $0.sink == "statsbench" }.reduce(0) {
            $0 + $1.missing.compactMap { $0 }.count
        }
        let figures = result.accuracy!.rows.filter { $0.sink == "statsbench" }.reduce(0) { $0 + $1.relativeError.count }
        try #require(missing > 0)
        #expect(summary.contains("(\(missing) of \(figures) figures missing)"), "\(summary)")
        let json = try Data(contentsOf: output.appendingPathComponent("extremes/result.json"))
        let decoded = try JSONNumbers.decoder().decode(RunResult.self, from: json)
        #expect(decoded.accuracy?.rows.first { $0.method == "weeks" }?.missing[p99] == weeks.missing[p99])
    }

    @Test("NaN, ±infinity and a lost estimate are written by the rule, and a second run replaces the files")
    func nonFiniteFiguresAndRepeatedWrites() throws {
        let path = try HarnessFixtures.temporaryFile(
            """
            name: tiny
            seed: 3
            events: 5k
            workers: 1
            requests:
              methods:
                - {name: a, latency: {constant: 1ms}}
            arrival: {poisson: 100k/s}
            stats: {interval: 100ms}
            sinks: [none, statsbench]
            measurements: [conservation]
            """)
        var result = try ScenarioRunner.run(
            scenarioFile: path, options: ScenarioRunTests.quick, progress: ProgressReporter(quiet: true))
        result.environment.elapsedSeconds = .nan
        result.generator.nanosecondsPerEvent = .infinity
        result.generator.eventsPerSecond = -.infinity
        result.accuracy = AccuracyFigures(
            quantiles: [0.5, 0.99],
            rows: [
                AccuracyRow(
                    sink: "statsbench", method: "a", scope: "run", exact: [0.001, 0.001], estimate: [0.001, nil],
                    relativeError: [0, nil],
                    missing: [nil, "no estimate: the sink answered nothing where there were values"])
            ], windows: 1)
        let output = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("out")
        let directory = output.appendingPathComponent("tiny")
        for run in 1...2 {
            result.scenario.description = "run \(run)"
            _ = try ResultWriter.write(result, to: .output(output, scenario: "tiny"))
            let json = try Data(contentsOf: directory.appendingPathComponent("result.json"))
            let text = String(decoding: json, as: UTF8.self)
            #expect(text.contains("\"elapsedSeconds\" : \"NaN\""))
            #expect(text.contains("\"nanosecondsPerEvent\" : \"+Inf\""))
            #expect(text.contains("\"eventsPerSecond\" : \"-Inf\""))
            let decoded = try JSONNumbers.decoder().decode(RunResult.self, from: json)
            #expect(decoded.scenario.description == "run \(run)", "the second run replaced the first")
            #expect(decoded.environment.elapsedSeconds.isNaN)
            #expect(decoded.generator.nanosecondsPerEvent == .infinity)
            #expect(decoded.accuracy?.rows[0].missing[1]?.hasPrefix("no estimate") == true)
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(leftovers == ["report.html", "report.md", "result.json"], "no temporary file is left")
    }

    @Test("results stamped the same second get directories of their own (-2, -3, …), with real threads claiming")
    func sameSecondStamps() throws {
        let root = URL(fileURLWithPath: try HarnessFixtures.temporaryFile("x")).deletingLastPathComponent()
            .appendingPathComponent("reports")
        let claimed = Mutex<[String]>([])
        let latest = Mutex<Set<String>>([])
        runOnThreads(4) { _ in
            for _ in 0..<3 {
                let destination = try! ResultWriter.Destination.claimStandard(
                    reportsRoot: root, scenario: "smoke", stamp: "20261130T120000Z")
                claimed.withLock { $0.append(destination.directories[0].lastPathComponent) }
                latest.withLock { _ = $0.insert(destination.directories[1].path) }
            }
        }
        let names = claimed.withLock { $0 }
        #expect(latest.withLock { $0 } == [root.appendingPathComponent("latest/smoke").path])
        #expect(names.count == 12 && Set(names).count == 12, "no two results share a directory: \(names.sorted())")
        #expect(Set(names) == Set(["20261130T120000Z"] + (2...12).map { "20261130T120000Z-\($0)" }))
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("smoke").path)
        #expect(Set(onDisk) == Set(names))
    }

    @Test("a FIFO or a directory where a file goes is refused, never replaced by the rename")
    func specialFilesAreNotReplaced() throws {
        let directory = URL(fileURLWithPath: try HarnessFixtures.temporaryFile("x")).deletingLastPathComponent()
        let fifo = directory.appendingPathComponent("junit.xml")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        let folder = directory.appendingPathComponent("compare.md")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        for target in [fifo, folder] {
            #expect(throws: HarnessError.self) { try ResultWriter.writeAtomically(Data("x".utf8), to: target) }
        }
        var status = stat()
        #expect(stat(fifo.path, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO, "the FIFO is still a FIFO")
        let regular = directory.appendingPathComponent("compare.json")
        try ResultWriter.writeAtomically(Data("1".utf8), to: regular)
        try ResultWriter.writeAtomically(Data("2".utf8), to: regular)
        #expect(FileManager.default.contents(atPath: regular.path) == Data("2".utf8), "a regular file is replaced")
    }
}
