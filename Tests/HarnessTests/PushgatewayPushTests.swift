import Foundation
import Testing

@testable import Harness

@Suite("Pushgateway push: grouping key and headline figures of a run")
struct PushgatewayPushTests {
    /// A real (tiny) run, with overhead figures set by hand so that every headline family is present.
    static func result() throws -> RunResult {
        let file = try HarnessFixtures.temporaryFile(
            """
            name: push-check
            seed: 5
            events: 5k
            workers: 1
            clients: {count: 4}
            requests:
              methods:
                - {name: get, latency: {lognormal: {median: 2ms, sigma: 0.5}}}
            arrival: {poisson: 100k/s}
            sinks: [none, statsbench]
            measurements: [accuracy, conservation]
            """)
        var result = try ScenarioRunner.run(
            scenarioFile: file, options: ScenarioRunTests.quick, progress: ProgressReporter(quiet: true))
        result.overhead = OverheadFigures(
            primitives: [],
            sinks: [
                SinkOverhead(
                    sink: "statsbench", pairs: 2, pairNanoseconds: [3, 5], meanNanoseconds: 4,
                    confidence95Nanoseconds: 0.5, medianNanoseconds: 4, ratioToAtomic: 2.5, sampledCost: nil)
            ],
            clockPairNanoseconds: 20)
        result.environment.gitRevision = "abc123-dirty"
        result.environment.machine.hostname = "ci/runner 1"
        return result
    }

    @Test("the path carries job, scenario, revision, machine and the user's labels, every value base64url")
    func groupingKey() throws {
        let push = try PushgatewayPush(result: try Self.result(), job: "ci/nightly", labels: [("branch", "")])
        func encoded(_ value: String) -> String {
            Data(value.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_")
        }
        #expect(
            push.path
                == "metrics/job@base64/\(encoded("ci/nightly"))/scenario@base64/\(encoded("push-check"))"
                + "/revision@base64/\(encoded("abc123-dirty"))/machine@base64/\(encoded("ci/runner 1"))"
                + "/branch@base64/=")  // the empty value: a lone '=' (Pushgateway 1.0's rule for it)
        #expect(!push.path.contains("ci/nightly"))
    }

    @Test("the body has each headline figure of the run, in base units")
    func headlineFigures() throws {
        let result = try Self.result()
        let body = try PushgatewayPush(result: result, job: "statsbench").body
        let lines = Set(body.split(separator: "\n").map(String.init))
        #expect(lines.contains("statsbench_run_passed \(result.passed ? 1 : 0)"))
        #expect(lines.contains("statsbench_run_events \(result.generator.events)"))
        #expect(lines.contains("statsbench_run_overhead_seconds_per_event{sink=\"statsbench\"} 4e-09"))
        #expect(lines.contains("statsbench_run_overhead_ci95_seconds{sink=\"statsbench\"} 5e-10"))
        #expect(lines.contains("statsbench_run_overhead_ratio_to_atomic{sink=\"statsbench\"} 2.5"))
        let worst = try #require(
            result.accuracy?.rows.filter { $0.sink == "statsbench" }.flatMap { $0.relativeError.compactMap { $0 } }
                .max())
        let line = try #require(
            lines.first { $0.hasPrefix("statsbench_run_accuracy_worst_relative_error{sink=\"statsbench\"} ") })
        #expect(Double(line.split(separator: " ").last ?? "") == worst)
        #expect(body.contains("# TYPE statsbench_run_passed gauge\n"))
        // Not measured (no memory measurement): left out, not written as 0.
        #expect(!body.contains("statsbench_run_bytes_per_client"))
        #expect(!body.contains("statsbench_run_instructions_per_record"))
    }

    @Test("instruction counts are pushed per record path")
    func instructionCounts() throws {
        var result = try Self.result()
        result.instructions = InstructionFigures(
            paths: [
                InstructionCount(path: "counter", instructionsPerRecord: 19, records: [1, 2]),
                InstructionCount(path: "histogram", instructionsPerRecord: 80, records: [1, 2]),
            ], unavailable: nil, injectedSteps: 0, tool: "valgrind")
        let lines = Set(try PushgatewayPush(result: result, job: "j").body.split(separator: "\n").map(String.init))
        #expect(lines.contains("statsbench_run_instructions_per_record{path=\"counter\"} 19"))
        #expect(lines.contains("statsbench_run_instructions_per_record{path=\"histogram\"} 80"))
    }

    @Test(
        "bad job or label names are refused, naming the label",
        arguments: [
            ("", [("a", "1")], PushgatewayLabelError.emptyJob),
            ("j", [("1abc", "1")], .invalidName("1abc")), ("j", [("__x", "1")], .invalidName("__x")),
            ("j", [("a-b", "1")], .invalidName("a-b")), ("j", [("", "1")], .invalidName("")),
            ("j", [("scenario", "x")], .duplicate("scenario")), ("j", [("job", "x")], .duplicate("job")),
            ("j", [("a", "1"), ("a", "2")], .duplicate("a")),
            ("j", [("sink", "x")], .duplicate("sink")), ("j", [("path", "x")], .duplicate("path")),
        ])
    func refusesBadNames(job: String, labels: [(String, String)], expected: PushgatewayLabelError) {
        #expect(throws: expected) { try PushgatewayPush.validate(job: job, userLabels: labels) }
    }

    @Test("a refused label name says which rule it broke")
    func duplicateMessages() {
        #expect(PushgatewayLabelError.duplicate("a").description == "--label 'a': given twice; give each label once")
        #expect(PushgatewayLabelError.duplicate("job").description.contains("every push has this label already"))
        #expect(PushgatewayLabelError.duplicate("sink").description.contains("series are labelled by sink already"))
    }
}
