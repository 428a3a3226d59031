import Foundation
import Testing

@testable import Simulation

@Suite("Scenario issues: location, path and message")
struct ScenarioIssueTests {
    typealias Location = ScenarioFixtures.Location

    private func single(_ yaml: String) -> ScenarioIssue? {
        let issues = ScenarioFixtures.issues(yaml)
        #expect(issues.count == 1, "\(issues)")
        return issues.first
    }

    @Test("an unknown key is an error that suggests the closest known key")
    func unknownKey() throws {
        let issue = try #require(single(ScenarioFixtures.minimal + "\nworker: 2"))
        #expect(issue.description == "test.yaml:9:1: error: worker: unknown key 'worker'; did you mean 'workers'?")
    }

    @Test("an unknown key far from every known key lists the known keys")
    func unknownKeyWithoutSuggestion() throws {
        let issue = try #require(single(ScenarioFixtures.minimal + "\nstats: {colour: red}"))
        #expect(Location(line: 9, column: 9, path: "stats.colour") == ScenarioFixtures.locations([issue])[0])
        #expect(issue.message == "unknown key 'colour'; known keys: interval, history-capacity, directory")
    }

    @Test("a value of the wrong type says what was expected and what was found")
    func wrongType() throws {
        let issue = try #require(single(ScenarioFixtures.minimal + "\nworkers: [1, 2]"))
        #expect(issue.description == "test.yaml:9:10: error: workers: expected a whole number, got a list")
        let stats = try #require(single(ScenarioFixtures.minimal + "\nstats: 5"))
        #expect(stats.description == "test.yaml:9:8: error: stats: expected a mapping, got '5'")
    }

    @Test("an out-of-range value points at the value and echoes it")
    func outOfRange() throws {
        let yaml = ScenarioFixtures.minimal.replacingOccurrences(
            of: "latency: {constant: 1ms}", with: "latency: {lognormal: {median: -3ms, sigma: 1}}")
        let issue = try #require(single(yaml))
        #expect(
            issue.description
                == "test.yaml:7:37: error: requests.methods[0].latency.median: must be positive and at most 720h, got -3ms"
        )
    }

    @Test("a missing required field points at the mapping that lacks it")
    func missingRequired() throws {
        let noArrival = ScenarioFixtures.minimal.replacingOccurrences(of: "arrival: {poisson: 1k/s}", with: "")
        let issue = try #require(single(noArrival))
        #expect(
            issue.description
                == "test.yaml:1:1: error: arrival: missing required field; add e.g. 'arrival: {poisson: 10k/s}'")
        let noLatency = ScenarioFixtures.minimal.replacingOccurrences(of: "latency: {constant: 1ms}", with: "weight: 2")
        let method = try #require(single(noLatency))
        #expect(
            ScenarioFixtures.locations([method]) == [Location(line: 6, column: 7, path: "requests.methods[0].latency")])
    }

    @Test("a duration with an unknown unit names the units to use")
    func badDurationUnit() throws {
        let yaml = ScenarioFixtures.minimal.replacingOccurrences(of: "duration: 1s", with: "duration: 10sec")
        let issue = try #require(single(yaml))
        #expect(
            issue.description
                == "test.yaml:3:11: error: duration: unknown duration unit 'sec' in '10sec'; "
                + "use ns, us, ms, s, m, h or d (a plain number is seconds)"
        )
    }

    @Test("bad thresholds: no operator, unknown metric, wrong unit, measurement not taken")
    func badThresholds() {
        let yaml =
            ScenarioFixtures.minimal + """

                measurements: [overhead, accuracy]
                thresholds:
                  - overhead.p999 1us
                  - overhead.p9999 < 1us
                  - accuracy.p99 < 1us
                  - ring.torn == 0
                """
        let issues = ScenarioFixtures.issues(yaml)
        #expect(
            ScenarioFixtures.locations(issues) == [
                Location(line: 11, column: 5, path: "thresholds[0]"),
                Location(line: 12, column: 5, path: "thresholds[1]"),
                Location(line: 13, column: 5, path: "thresholds[2]"),
                Location(line: 14, column: 5, path: "thresholds[3]"),
            ])
        #expect(issues.count == 4)
        guard issues.count == 4 else { return }
        #expect(issues[0].message.hasPrefix("no comparison operator in 'overhead.p999 1us'"))
        #expect(issues[1].message.hasPrefix("unknown threshold metric 'overhead.p9999'; did you mean 'overhead.p999'?"))
        #expect(
            issues[2].message
                == "accuracy.p99 is a relative error; write the limit as a percentage (e.g. 0.55%), got '1us'")
        #expect(issues[3].message == "ring.torn needs measurement 'ring'; add it to measurements")
    }

    @Test("a threshold on a figure of sink statsbench needs that sink; conservation and ring thresholds do not")
    func thresholdNeedsItsSink() {
        let yaml =
            ScenarioFixtures.minimal + """

                sinks: [none, seed-naive]
                measurements: [overhead, accuracy, memory, ring, conservation]
                thresholds:
                  - overhead.p999 < 1us
                  - accuracy.max < 1%
                  - memory.allocations-per-event == 0
                  - conservation.violations == 0
                  - ring.torn == 0
                """
        let issues = ScenarioFixtures.issues(yaml)
        #expect(issues.map(\.path) == ["thresholds[0]", "thresholds[1]", "thresholds[2]"], "\(issues)")
        #expect(
            issues.first?.message == "overhead.p999 is a figure of sink 'statsbench'; add it to sinks", "\(issues)")
        let withSink = yaml.replacingOccurrences(of: "sinks: [none, seed-naive]", with: "sinks: [none, statsbench]")
        #expect(ScenarioFixtures.issues(withSink).isEmpty)
    }

    @Test("an empirical distribution whose sample file is missing is an error at load")
    func missingEmpiricalFile() throws {
        let path = ScenarioFixtures.path("missing-empirical.yaml")
        let issues = ScenarioValidator.validate(paths: [path])
        #expect(issues.count == 1)
        let issue = try #require(issues.first)
        #expect(issue.file == path)
        #expect(
            ScenarioFixtures.locations([issue]) == [Location(line: 7, column: 28, path: "requests.methods[0].latency")])
        #expect(issue.message.hasPrefix("sample file 'no-such-samples.txt' not found"))
    }

    @Test("invalid YAML syntax is reported where the parser stopped")
    func invalidSyntax() throws {
        let path = ScenarioFixtures.path("invalid-syntax.yaml")
        let issues = ScenarioValidator.validate(paths: [path])
        let issue = try #require(issues.first)
        #expect(issues.count == 1)
        #expect(ScenarioFixtures.locations([issue]) == [Location(line: 6, column: 1, path: "")])
        #expect(
            issue.message
                == "invalid YAML: did not find expected ',' or ']' "
                + "(while parsing a flow sequence started at 5:12); fix the syntax here"
        )
    }

    @Test("every error in a file is reported in one pass, in file order")
    func manyErrors() {
        let issues = ScenarioValidator.validate(paths: [ScenarioFixtures.path("many-errors.yaml")])
        #expect(
            ScenarioFixtures.locations(issues) == [
                Location(line: 2, column: 7, path: "seed"),
                Location(line: 4, column: 10, path: "workers"),
                Location(line: 7, column: 3, path: "clients.disconects"),
                Location(line: 11, column: 50, path: "requests.methods[0].latency.sigma"),
                Location(line: 12, column: 19, path: "requests.methods[0].error-rate"),
                Location(line: 13, column: 13, path: "requests.methods[1].name"),
                Location(line: 14, column: 43, path: "requests.methods[1].latency.alpha"),
                Location(line: 15, column: 70, path: "arrival.length"),
                Location(line: 16, column: 21, path: "sinks[1]"),
                Location(line: 17, column: 26, path: "measurements[1]"),
                Location(line: 19, column: 5, path: "thresholds[0]"),
                Location(line: 21, column: 30, path: "faults[0].at"),
            ])
        let messages = issues.map(\.message)
        #expect(messages.contains("must be at least 1 and at most 256, got 300"))
        #expect(messages.contains("unknown key 'disconects'; did you mean 'disconnects'?"))
        #expect(messages.contains("must be between 0 and 1 (0% and 100%), got 150%"))
        #expect(messages.contains("method 'a' is already defined at methods[0]; method names must be unique"))
        #expect(messages.contains("must not exceed period (1s), got 2s"))
        #expect(messages.contains("must fall within the run (duration 10s), got 12s"))
    }
}
