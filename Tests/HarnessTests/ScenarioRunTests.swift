import Foundation
import Simulation
import Testing

@testable import Harness

@Suite("Scenario runs end to end")
struct ScenarioRunTests {
    static let quick: RunOptions = {
        var options = RunOptions()
        options.pairs = 2
        options.ringAppends = 50_000
        options.primitiveOperations = 50_000
        return options
    }()

    @Test("a failed threshold fails the run and is named; passing ones pass; the files are written")
    func thresholdsAndFiles() throws {
        let path = try HarnessFixtures.temporaryFile(
            """
            name: tiny
            seed: 3
            events: 30k
            workers: 2
            clients: {count: 20}
            requests:
              methods:
                - {name: a, latency: {lognormal: {median: 1ms, sigma: 0.5}}, error-rate: 5%}
            arrival: {poisson: 100k/s}
            stats: {interval: 100ms, history-capacity: 10}
            sinks: [none, statsbench, calibrated]
            measurements: [overhead, accuracy, ring, memory, conservation]
            thresholds:
              - overhead.p50 < 1ns
              - accuracy.p99 <= 0.55%
              - ring.torn == 0
              - conservation.violations == 0
            """)
        let result = try ScenarioRunner.run(
            scenarioFile: path, options: Self.quick, progress: ProgressReporter(quiet: true))
        #expect(!result.passed)
        #expect(result.thresholds.map(\.passed) == [false, true, true, true])
        #expect(result.thresholds[0].detail?.contains("overhead.p50 < 1ns") == true)
        #expect(result.conservation?.violations == 0)
        #expect(result.generator.events == 30_000)
        #expect(result.overhead?.sinks.map(\.sink) == ["statsbench", "calibrated"])
        #expect(result.accuracy?.rows.allSatisfy { $0.sink == "statsbench" } == true)
        #expect(result.ring?.rows.map(\.readers) == [0, 1, 2])

        let output = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("out")
        let report = try ResultWriter.write(result, to: .output(output, scenario: "tiny"))
        let markdown = try String(contentsOfFile: report, encoding: .utf8)
        #expect(markdown.contains("**FAILED**"))
        #expect(markdown.contains("`overhead.p50 < 1ns`"))
        let json = try Data(contentsOf: output.appendingPathComponent("tiny/result.json"))
        let decoded = try JSONDecoder().decode(RunResult.self, from: json)
        #expect(decoded.schemaVersion == RunResult.currentSchemaVersion)
        #expect(decoded.generator.hash == result.generator.hash)
        let summary = SummaryRenderer.summary(result, reportPath: report)
        #expect(summary.contains("FAILED threshold overhead.p50 < 1ns"))
    }

    @Test("a bad scenario file is an error naming file, line and field; nothing runs")
    func badScenario() throws {
        let path = try HarnessFixtures.temporaryFile(
            """
            name: broken
            seed: 1
            events: 10
            requests:
              methods:
                - {name: a, latency: {lognormal: {median: -1ms, sigma: 0.5}}}
            arrival: {poisson: 1k/s}
            """)
        #expect {
            _ = try ScenarioRunner.run(scenarioFile: path, options: Self.quick, progress: ProgressReporter(quiet: true))
        } throws: { error in
            "\(error)".contains("scenario.yaml:6:") && "\(error)".contains("median")
        }
    }

    @Test("faults: the watched process dies, the stats directory turns unwritable, persistence starts corrupt")
    func processFault() throws {
        let scenario = HarnessFixtures.scenario(
            events: nil, duration: 1,
            faults: [
                FaultSpec(kind: .processDies, atSeconds: 0.5),
                FaultSpec(kind: .statsDirectoryUnwritable, atSeconds: 0.7),
                FaultSpec(kind: .corruptPersistence),
            ], interval: 0.1)
        let plan = try RunPlan(scenario: scenario)
        let faults = try FaultPlan(plan: plan, baseDirectory: nil)
        defer { faults.restore() }
        let pid = try #require(faults.watched?.pid)
        var setup = HarnessFixtures.setup(plan)
        setup.watchedProcess = pid
        setup.statsDirectory = faults.statsDirectory
        var options = DriveOptions()
        options.epochHook = { faults.inject(at: $0) }
        let run = try SinkRunner.run(.statsbench, plan: plan, setup: setup, options: options)
        let history = try #require(run.history)
        let checks = faults.checks(
            history: history.samples, start: history.start, windows: run.outcome.windowCount,
            windowNanoseconds: plan.windowNanoseconds, statsFiles: history.statsFiles)
        #expect(checks.count == 10)
        for check in checks { #expect(check.passed, "\(check.name): \(check.expected) vs \(check.actual)") }
        #expect(kill(pid, 0) != 0, "the watched process is gone")
        #expect(run.checks.allSatisfy { $0.passed })
    }

    @Test(
        "fault times scale with --scale and stay inside the run, at every scale that can hold them",
        arguments: [1.0, 0.5, 0.1, 0.02])
    func faultTimesScale(scale: Double) throws {
        let scenario = HarnessFixtures.scenario(
            events: nil, duration: 20,
            faults: [
                FaultSpec(kind: .processDies, atSeconds: 5), FaultSpec(kind: .statsDirectoryUnwritable, atSeconds: 10),
            ], interval: 0.1)
        let plan = try RunPlan(scenario: scenario, scale: scale)
        let duration = try #require(plan.durationNanoseconds)
        for fault in scenario.faults {
            let time = FaultPlan.fireTime(of: fault, plan: plan)
            let wanted = UInt64(fault.atSeconds * scale * 1e9)
            // The scaled time, unless it had to move to keep a window before and after the fault.
            #expect(time >= plan.windowNanoseconds && time + plan.windowNanoseconds <= duration)
            if wanted >= plan.windowNanoseconds && wanted + plan.windowNanoseconds <= duration {
                #expect(time == wanted)
            }
        }
    }

    @Test("a scaled run too short to hold a timed fault is refused with a message naming the scale")
    func faultRunTooShort() {
        let scenario = HarnessFixtures.scenario(
            events: nil, duration: 20, faults: [FaultSpec(kind: .processDies, atSeconds: 5)], interval: 1)
        #expect(throws: HarnessError.self) { try RunPlan(scenario: scenario, scale: 0.01) }
        do {
            _ = try RunPlan(scenario: scenario, scale: 0.01)
        } catch {
            #expect("\(error)".contains("--scale 0.01"))
        }
        // Without timed faults the same scale runs.
        #expect((try? RunPlan(scenario: HarnessFixtures.scenario(events: nil, duration: 20), scale: 0.01)) != nil)
    }

    @Test("the unwritable-directory fault moves only a directory the harness made, never the configured one")
    func faultNeverMovesTheUsersDirectory() throws {
        let userDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("harness-user-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: userDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: userDirectory) }
        let marker = userDirectory + "/keep.txt"
        _ = FileManager.default.createFile(atPath: marker, contents: Data("mine".utf8))
        var scenario = HarnessFixtures.scenario(
            events: nil, duration: 1, faults: [FaultSpec(kind: .statsDirectoryUnwritable, atSeconds: 0.5)],
            interval: 0.1)
        scenario.stats.directory = userDirectory
        let plan = try RunPlan(scenario: scenario)
        let faults = try FaultPlan(plan: plan, baseDirectory: nil)
        #expect(faults.statsDirectory.hasPrefix(userDirectory + "/"))
        #expect(faults.statsDirectory != userDirectory)
        faults.inject(at: 1_000_000_000)
        // While the fault holds (a run killed now would leave it so), the user's directory is where it was.
        var isDirectory: ObjCBool = false
        #expect(
            FileManager.default.fileExists(atPath: userDirectory, isDirectory: &isDirectory) && isDirectory.boolValue)
        #expect(FileManager.default.contents(atPath: marker) == Data("mine".utf8))
        #expect(!FileManager.default.fileExists(atPath: userDirectory + ".away"))
        faults.restore()
        #expect(FileManager.default.fileExists(atPath: faults.statsDirectory, isDirectory: &isDirectory))
        #expect(isDirectory.boolValue, "the harness's own directory is put back")
    }
}
