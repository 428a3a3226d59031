import Foundation
import Testing

@testable import Simulation

@Suite("Scenario values: quantities, thresholds, diagnostics")
struct ScenarioValueTests {
    @Test("durations in ns, us, ms, s, m, h and plain seconds")
    func durations() throws {
        #expect(try QuantityParser.duration("250us") == 0.00025)
        #expect(try QuantityParser.duration("10ms") == 0.01)
        #expect(try QuantityParser.duration("1.5s") == 1.5)
        #expect(try QuantityParser.duration("2m") == 120)
        #expect(try QuantityParser.duration("800ns") == 0.0000008)
        #expect(try QuantityParser.duration("3") == 3)
        #expect(throws: QuantityError.self) { try QuantityParser.duration("fast") }
    }

    @Test("sizes, rates, counts and fractions")
    func otherQuantities() throws {
        #expect(try QuantityParser.size("512B") == 512)
        #expect(try QuantityParser.size("4KiB") == 4096)
        #expect(try QuantityParser.size("1MiB") == 1_048_576)
        #expect(try QuantityParser.rate("10k/s") == 10_000)
        #expect(try QuantityParser.rate("250/s") == 250)
        #expect(try QuantityParser.rate("1M") == 1_000_000)
        #expect(try QuantityParser.count("2k") == 2000)
        #expect(try QuantityParser.fraction("0.5%") == 0.005)
        #expect(try QuantityParser.fraction("0.25") == 0.25)
        #expect(throws: QuantityError.self) { try QuantityParser.size("4KB/s") }
        #expect(throws: QuantityError.self) { try QuantityParser.rate("10x/s") }
    }

    @Test("a plain number is decimal: sign, digits, point, exponent; nothing else")
    func decimalNumbers() {
        for text in ["42", "-1.5", "+3", ".5", "2.", "1e3", "1E-3", " 7 ", "0.25e+2"] {
            #expect(QuantityParser.plainNumber(text) != nil, "\(text)")
        }
        #expect(QuantityParser.plainNumber("0.25e+2") == 25)
        for text in ["0x10", "0x1p4", "inf", "nan", "1_000", ".", "e3", "1e", "1e+", "--1", "1.2.3", "", "1 2"] {
            #expect(QuantityParser.plainNumber(text) == nil, "\(text)")
        }
    }

    @Test("thresholds parse into metric, comparator and typed value, and compare measured figures")
    func thresholds() throws {
        let overhead = try Threshold(parsing: "overhead.p999 < 1us")
        #expect(overhead.metric.measurement == .overhead && overhead.metric.statistic == .p999)
        #expect(overhead.comparator == .lessThan && overhead.value == .seconds(0.000001))
        #expect(overhead.isSatisfied(by: 0.0000005) && !overhead.isSatisfied(by: 0.000001))
        let accuracy = try Threshold(parsing: "accuracy.p99<=0.55%")
        #expect(accuracy.value == .fraction(0.0055) && accuracy.isSatisfied(by: 0.0055))
        #expect(accuracy.description == "accuracy.p99 <= 0.55%")
        #expect(overhead.description == "overhead.p999 < 1us")
        #expect(try Threshold(parsing: "ring.torn == 0").description == "ring.torn == 0")
        #expect(throws: ThresholdSyntaxError.self) { try Threshold(parsing: "overhead.p999 => 1us") }
        #expect(throws: ThresholdSyntaxError.self) { try Threshold(parsing: "overhead.p999 < 1") }
        #expect(throws: ThresholdSyntaxError.self) { try Threshold(parsing: "< 1us") }
    }

    @Test("closest-name suggestions stay within two edits")
    func suggestions() {
        #expect(closestName(to: "worker", in: ["workers", "seed"]) == "workers")
        #expect(closestName(to: "colour", in: ["interval", "directory"]) == nil)
        #expect(editDistance(Array("kitten"), Array("sitting")) == 3)
    }

    @Test("issues print like compiler diagnostics")
    func diagnostics() {
        let issue = ScenarioIssue(
            file: "scenarios/x.yaml", line: 12, column: 5, path: "requests.methods[2].latency.median",
            message: "must be positive, got -3ms")
        #expect(
            issue.description
                == "scenarios/x.yaml:12:5: error: requests.methods[2].latency.median: must be positive, got -3ms")
        let whole = ScenarioIssue(file: "a.yaml", line: 1, column: 1, path: "", message: "the file is empty")
        #expect(
            ScenarioError(issues: [issue, whole]).description == issue.description
                + "\na.yaml:1:1: error: the file is empty")
    }

    @Test("validate reports unreadable files at 1:1 and checks files in the order given")
    func validator() throws {
        let missing = "/nonexistent/statsbench/none.yaml"
        let directory = ScenarioFixtures.directory.path
        let issues = ScenarioValidator.validate(paths: [missing, ScenarioFixtures.path("full.yaml"), directory])
        #expect(issues.map(\.file) == [missing, directory])
        #expect(issues.allSatisfy { $0.line == 1 && $0.column == 1 && $0.path.isEmpty })
        #expect(
            issues.first?.message
                == "scenario file does not exist; check the path and the file's permissions and encoding")
    }
}
