import Foundation
import Simulation
import Testing

@testable import Harness

/// `--vary` arguments: located errors for every kind of bad input, and the point lists.
@Suite struct SweepPlanTests {
    static let yaml = """
        name: plan
        seed: 1
        events: 1000
        workers: 2
        clients: {count: 100}
        requests:
          methods:
            - {name: get, weight: 3, latency: 1ms}
            - {name: put, latency: 2ms}
        arrival: {burst: {rate: 10k/s, burst-rate: 50k/s, period: 1s, length: 250ms}}
        stats: {history-capacity: 60}
        sinks: [none, statsbench]
        """

    static func base() throws -> (String, Scenario) {
        let file = try HarnessFixtures.temporaryFile(yaml)
        return (file, try Scenario.load(contentsOf: file))
    }

    static func error(_ vary: [String]) throws -> SweepPlanError? {
        let (file, base) = try base()
        do {
            let plan = try SweepPlan(varying: vary, base: base, oneAtATime: false)
            _ = try plan.scenarios(file: file, base: base)
            return nil
        } catch {
            return error
        }
    }

    @Test func unknownParameterListsTheKnownOnes() throws {
        let error = try #require(try Self.error(["clients=1k", "threads=2"]))
        #expect(error.position == 2)
        #expect(error.reason == .unknownParameter("threads"))
        for name in SweepParameter.names { #expect(error.description.contains(name)) }
    }

    @Test("no --vary at all: the message asks for one, with no empty argument quoted")
    func noVaryArgument() throws {
        let error = try #require(try Self.error([]))
        #expect(error.description.hasPrefix("name at least one --vary NAME=V1,V2,…"), "\(error.description)")
        #expect(!error.description.contains("''"))
    }

    @Test(arguments: ["clients=", "clients=1k,,10k", "clients=1k,"])
    func emptyValuesAreRefused(argument: String) throws {
        let error = try #require(try Self.error([argument]))
        #expect(error.reason == .emptyList)
        #expect(error.position == 1)
    }

    @Test func duplicateParameterNamesTheFirst() throws {
        let error = try #require(try Self.error(["workers=1,2", "clients=1k", "workers=4"]))
        #expect(error.position == 3)
        #expect(error.reason == .duplicate(firstArgument: 1))
    }

    @Test(arguments: [
        ("clients=1k,1k", "1k", "1k"), ("clients=1k,2k,1000", "1000", "1k"), ("rate=10k/s,10000/s", "10000/s", "10k/s"),
    ])
    func repeatedValuesAreRefused(argument: String, value: String, first: String) throws {
        let error = try #require(try Self.error([argument]))
        #expect(error.value == value)
        #expect(error.reason == .malformed("the same value as '\(first)'; list each value once"))
    }

    @Test(arguments: [
        ("clients=1k,lots", "lots"), ("rate=fast", "fast"), ("workers=1.5", "1.5"), ("clients=2x", "2x"),
        ("clients=1e300", "1e300"), ("workers=1e16", "1e16"),
    ])
    func unparseableValuesAreLocated(argument: String, value: String) throws {
        let error = try #require(try Self.error([argument]))
        #expect(error.value == value)
        guard case .unparseable = error.reason else {
            Issue.record("expected unparseable, got \(error.reason)")
            return
        }
        #expect(error.description.contains("'\(value)'"))
    }

    @Test(arguments: [
        ("clients=1k,2M", "2M", "clients.count"), ("workers=0", "0", "workers"), ("workers=300", "300", "workers"),
        ("history-capacity=2M", "2M", "stats.history-capacity"), ("methods=0", "0", "requests.methods"),
        ("methods=3,70000", "70000", "requests.methods"),
        // Rates beyond what an integer holds are the scenario's to refuse (they trapped converting to Int64).
        ("rate=1e19", "1e19", "arrival"), ("rate=1e300/s", "1e300/s", "arrival"), ("rate=1E20/s", "1E20/s", "arrival"),
    ])
    func valuesTheScenarioRefusesAreLocated(argument: String, value: String, field: String) throws {
        let error = try #require(try Self.error([argument]))
        #expect(error.value == value)
        guard case .outOfRange(let path, _) = error.reason else {
            Issue.record("expected out of range, got \(error.reason)")
            return
        }
        #expect(path.hasPrefix(field), "field \(path)")
    }

    @Test func crossProductVariesTheLastFastest() throws {
        let (file, base) = try Self.base()
        let plan = try SweepPlan(varying: ["clients=1k,10k", "workers=1,2,3"], base: base, oneAtATime: false)
        let points = plan.points
        #expect(points.map(\.values) == [[1000, 1], [1000, 2], [1000, 3], [10000, 1], [10000, 2], [10000, 3]])
        #expect(points.map(\.index) == Array(0..<6))
        let scenarios = try plan.scenarios(file: file, base: base)
        #expect(scenarios.map(\.clients.count) == [1000, 1000, 1000, 10000, 10000, 10000])
        #expect(scenarios.map(\.workers) == [1, 2, 3, 1, 2, 3])
    }

    @Test func oneAtATimeKeepsTheOthersAtTheScenarioValues() throws {
        let (_, base) = try Self.base()
        let plan = try SweepPlan(varying: ["clients=1k,10k", "workers=1,4"], base: base, oneAtATime: true)
        #expect(plan.points.map(\.values) == [[1000, 2], [10000, 2], [100, 1], [100, 4]])
        #expect(plan.points.map(\.varied) == [0, 0, 1, 1])
    }

    @Test func rateScalesTheBurstToTheMeanAndMethodsRepeat() throws {
        let (file, base) = try Self.base()
        let plan = try SweepPlan(
            varying: ["rate=40k/s", "methods=5", "history-capacity=600"], base: base, oneAtATime: false)
        let scenario = try #require(try plan.scenarios(file: file, base: base).first)
        // The scenario's mean is (10k × 0.75 + 50k × 0.25) = 20k/s: both rates doubled, the shape kept.
        #expect(SweepParameter.rate.value(in: scenario) == 40_000)
        guard case .burst(let rate, let burst, let period, let length) = scenario.arrival else {
            Issue.record("arrival is no longer a burst: \(scenario.arrival)")
            return
        }
        #expect(rate == 20_000 && burst == 100_000 && period == 1 && length == 0.25)
        #expect(scenario.requests.methods.map(\.name) == ["get", "put", "get~2", "put~2", "get~3"])
        #expect(scenario.requests.methods.map(\.weight) == [3, 1, 3, 1, 3])
        #expect(scenario.stats.historyCapacity == 600)
    }
}
