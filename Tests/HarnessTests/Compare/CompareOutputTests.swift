import Foundation
import Testing

@testable import Harness

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("compare's outputs: JUnit XML, compare.json, compare.md and the exit codes")
struct CompareOutputTests {
    static func regressedReport() throws -> ComparisonReport {
        let base = try CompareFixtures.baseline()
        var current = CompareFixtures.withPairs(try CompareFixtures.result(), offset: 2) {
            $0 == "statsbench" ? 75 : $0 == "calibrated" ? 200 : 50
        }
        // Text that must be escaped in every output; the loader refuses such a hash, so this side is not read
        // from a file.
        current.generator.hash = "<&\"'>"
        var other = base
        other.scenario.name = "steady"
        return Comparer.compare(
            baseline: try CompareFixtures.loaded([base, other]),
            current: [LoadedResult(file: "current/result.json", result: current)])
    }

    @Test("JUnit: testsuites › testsuite per scenario › testcase per figure; failures name figure, change, limit")
    func junitStructure() throws {
        let report = try Self.regressedReport()
        let xml = CompareJUnit.render(report)
        #if canImport(FoundationXML)
            let document = try XMLDocument(xmlString: xml, options: [])
            let root = try #require(document.rootElement())
            #expect(root.name == "testsuites")
            #expect(root.attribute(forName: "tests")?.stringValue == "\(report.rows.count)")
            #expect(root.attribute(forName: "failures")?.stringValue == "\(report.regressions)")
            let suites = root.elements(forName: "testsuite")
            #expect(suites.map { $0.attribute(forName: "name")?.stringValue } == ["smoke", "steady"])
            var cases = 0
            var failures: [String] = []
            for suite in suites {
                let testcases = suite.elements(forName: "testcase")
                #expect(suite.attribute(forName: "tests")?.stringValue == "\(testcases.count)")
                #expect(suite.children?.allSatisfy { $0.name == "testcase" } == true)
                cases += testcases.count
                for testcase in testcases {
                    #expect(testcase.attribute(forName: "name")?.stringValue?.isEmpty == false)
                    #expect(testcase.attribute(forName: "classname")?.stringValue?.hasPrefix("statsbench.") == true)
                    for failure in testcase.elements(forName: "failure") {
                        failures.append(failure.attribute(forName: "message")?.stringValue ?? "")
                    }
                }
            }
            #expect(cases == report.rows.count)
            #expect(failures.count == report.regressions)
            let overhead = try #require(failures.first { $0.hasPrefix("overhead/event statsbench") })
            #expect(overhead.contains("slower") && overhead.contains("change +") && overhead.contains("limit"))
            #expect(failures.contains { $0.hasPrefix("event-stream hash") && $0.contains("<&\"'>") })
        #else
            #expect(xml.hasPrefix("<?xml"))
            #expect(!xml.contains("<&\""))
        #endif
    }

    @Test("compare.json round-trips and carries regressions and passed; compare.md names every figure shown")
    func jsonAndMarkdown() throws {
        let report = try Self.regressedReport()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("out-\(UUID().uuidString)")
        let junit = directory.appendingPathComponent("junit.xml")
        let written = try CompareWriter.write(report, directory: directory, junit: junit)
        let names = written.map { URL(fileURLWithPath: $0).lastPathComponent }.sorted()
        #expect(names == ["compare.html", "compare.json", "compare.md", "junit.xml"])
        let data = try Data(contentsOf: directory.appendingPathComponent("compare.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["regressions"] as? Int == report.regressions)
        #expect(object["passed"] as? Bool == false)
        let decoded = try JSONDecoder().decode(ComparisonReport.self, from: data)
        #expect(decoded.rows == report.rows)
        let markdown = try String(contentsOf: directory.appendingPathComponent("compare.md"), encoding: .utf8)
        #expect(markdown.hasPrefix("# statsbench compare: \(report.regressions) regressions"))
        #expect(markdown.contains("| overhead/event statsbench |"))
        #expect(markdown.contains("**slower** ❌"))
    }

    @Test(
        "exit codes: 0 unchanged, 1 regressed, 2 bad input",
        .enabled(if: CompareFixtures.executable != nil, "needs the statsbench executable built beside the tests"))
    func exitCodes() throws {
        let base = try CompareFixtures.write([try CompareFixtures.baseline()])
        let same = try CompareFixtures.write([
            CompareFixtures.withPairs(try CompareFixtures.result(), offset: 4) { $0 == "calibrated" ? 200 : 50 }
        ])
        var slower = try CompareFixtures.baseline()
        slower.conservation?.violations += 1
        let regressed = try CompareFixtures.write([slower])
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)").path
        #expect(try CompareFixtures.run(["compare", base, same, "-q", "--output", output]).status == 0)
        let failed = try CompareFixtures.run(["compare", base, regressed, "-q", "--output", output])
        #expect(failed.status == 1)
        #expect(failed.errors.contains("conservation violations"))
        let bad = try CompareFixtures.run(["compare", base, "/nonexistent", "-q", "--output", output])
        #expect(bad.status == 2)
        #expect(bad.errors.contains("/nonexistent"))
        #expect(try CompareFixtures.run(["compare", base, same, "-q", "--alpha", "2", "--output", output]).status == 2)
        // A --junit file that is one of the inputs (here through another spelling of its path) is refused, and
        // the input is kept.
        let input = same + "/0/result.json"
        let before = try Data(contentsOf: URL(fileURLWithPath: input))
        let overwrite = try CompareFixtures.run([
            "compare", base, same, "-q", "--output", output, "--junit", same + "/0/../0/result.json",
        ])
        #expect(overwrite.status == 2 && overwrite.errors.contains("would overwrite"), "\(overwrite.errors)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: input)) == before)
        // `run --baseline` with no scenario in common compares nothing: exit 2, as `compare` does, not a pass.
        let scenario = output + "-other.yaml"
        try """
        name: other
        seed: 1
        events: 2000
        workers: 1
        clients: {count: 10}
        requests:
          methods:
            - name: get
              latency: {constant: 1ms}
        arrival: {poisson: 20k/s}
        sinks: [none, statsbench]
        measurements: [conservation]
        """.write(toFile: scenario, atomically: true, encoding: .utf8)
        let nothing = try CompareFixtures.run([
            "run", scenario, "-q", "-o", output + "-run", "--baseline", base, "--instructions", "off",
        ])
        #expect(nothing.status == 2 && nothing.errors.contains("no scenario is on both sides"), "\(nothing.errors)")
        let trim = try CompareFixtures.run(["compare", base, same, "-q", "--run-trim", "50", "--output", output])
        #expect(trim.status == 2 && trim.errors.contains("--run-trim"))
        // --busy-threads out of range: a usage error before anything runs, naming the option.
        for command in ["run", "sweep"] {
            let busy = try CompareFixtures.run([command, "scenarios/smoke.yaml", "--busy-threads", "300"])
            #expect(
                busy.status != 0 && busy.errors.contains("--busy-threads must be from 0 to 256, got 300"), "\(command)")
        }
    }
}
