import Foundation
import Testing

@testable import Simulation

@Suite("Scenario validation rules")
struct ScenarioRuleTests {
    typealias Location = ScenarioFixtures.Location

    private func messages(_ yaml: String) -> [String] { ScenarioFixtures.issues(yaml).map(\.message) }

    @Test("exactly one of duration and events")
    func runLength() {
        let both = ScenarioFixtures.minimal + "\nevents: 10"
        #expect(
            ScenarioFixtures.locations(ScenarioFixtures.issues(both)) == [Location(line: 9, column: 1, path: "events")])
        #expect(messages(both) == ["give either duration or events, not both"])
        let neither = ScenarioFixtures.minimal.replacingOccurrences(of: "duration: 1s", with: "")
        #expect(messages(neither) == ["missing run length; add e.g. 'duration: 10s' or 'events: 1M'"])
    }

    @Test("weights must not be negative and must sum to more than 0")
    func weights() {
        let zero = ScenarioFixtures.minimal + "\nclients: {disconnects: {graceful: 0, error: 0}}"
        #expect(
            messages(zero) == [
                "weights must sum to more than 0; give at least one of graceful, error, timeout a positive weight"
            ])
        let negative = ScenarioFixtures.minimal + "\nserver-events: {rate: 1k/s, kinds: {piece: -1}}"
        #expect(ScenarioFixtures.issues(negative).map(\.path) == ["server-events.kinds.piece"])
        let zeroMethods = ScenarioFixtures.minimal.replacingOccurrences(
            of: "- name: a", with: "- name: a\n      weight: 0")
        #expect(messages(zeroMethods) == ["method weights must sum to more than 0; give a method a positive weight"])
    }

    @Test("distribution and arrival parameters are range-checked")
    func parameterRanges() {
        func latencyIssue(_ latency: String) -> [String] {
            messages(ScenarioFixtures.minimal.replacingOccurrences(of: "{constant: 1ms}", with: latency))
        }
        #expect(latencyIssue("{lognormal: {median: 1ms, sigma: 0}}") == ["must be positive and at most 10, got 0"])
        #expect(latencyIssue("{pareto: {min: 1ms, alpha: 0}}") == ["must be from 0.1 to 1000, got 0"])
        #expect(latencyIssue("{uniform: {min: 2ms, max: 1ms}}") == ["must be greater than min, got 1ms"])
        #expect(
            latencyIssue("{bimodal: {first: 1ms, second: 2ms, weight: 1.5}}") == [
                "must be between 0 and 1 (0% and 100%), got 1.5"
            ])
        #expect(
            latencyIssue("{lognorm: {median: 1ms, sigma: 1}}") == ["unknown key 'lognorm'; did you mean 'lognormal'?"])
        #expect(
            latencyIssue("{constant: 1ms, exponential: {mean: 1ms}}").first?.hasPrefix(
                "expected exactly one kind of a distribution, got 2 keys") == true)
        let negativeRate = ScenarioFixtures.minimal.replacingOccurrences(of: "{poisson: 1k/s}", with: "{poisson: -5/s}")
        #expect(messages(negativeRate) == ["must be from 0.001/s to 1G/s, got -5/s"])
    }

    @Test("error rate, workers, sinks and measurements are checked against their fixed sets and ranges")
    func namedSets() {
        #expect(messages(ScenarioFixtures.minimal + "\nworkers: 0") == ["must be at least 1 and at most 256, got 0"])
        #expect(messages(ScenarioFixtures.minimal + "\nworkers: 2.5") == ["expected a whole number, got '2.5'"])
        let huge = ScenarioFixtures.minimal.replacingOccurrences(of: "duration: 1s", with: "events: 1e19")
        #expect(messages(huge) == ["expected a whole number, got '1e19'"])
        #expect(
            messages(ScenarioFixtures.minimal + "\nsinks: [statsbnech]") == [
                "unknown sink 'statsbnech'; did you mean 'statsbench'? "
                    + "known: none, statsbench, seed-naive, swift-prometheus, hdrhistogram, calibrated"
            ])
        #expect(
            messages(ScenarioFixtures.minimal + "\nsinks: [none, none]") == ["sink 'none' is listed twice; remove one"])
        #expect(
            messages(ScenarioFixtures.minimal + "\nmeasurements: [latency]") == [
                "unknown measurement 'latency'; known: overhead, accuracy, ring, memory, conservation"
            ])
        let errorRate = ScenarioFixtures.minimal.replacingOccurrences(
            of: "- name: a", with: "- name: a\n      error-rate: -0.1")
        #expect(messages(errorRate) == ["must be between 0 and 1 (0% and 100%), got -0.1"])
    }

    @Test("faults: known kinds, start-only faults take no time")
    func faults() {
        #expect(
            messages(ScenarioFixtures.minimal + "\nfaults: [{kind: process-die, at: 0.5s}]") == [
                "unknown fault 'process-die'; did you mean 'process-dies'? "
                    + "known: process-dies, stats-directory-unwritable, corrupt-persistence"
            ])
        #expect(
            messages(ScenarioFixtures.minimal + "\nfaults: [{kind: corrupt-persistence, at: 0.5s}]") == [
                "corrupt-persistence happens at the start of the run; remove 'at'"
            ])
    }

    @Test("churn is given by rates or by session length, not both")
    func churn() {
        let both = ScenarioFixtures.minimal + "\nclients: {churn: {connect-rate: 1/s, session-length: 10s}}"
        #expect(messages(both) == ["give either session-length or connect-rate/disconnect-rate, not both"])
    }

    @Test("a key given twice, an empty file and a non-mapping root are reported, never crash")
    func documentShape() {
        let duplicate = ScenarioFixtures.issues(ScenarioFixtures.minimal + "\nseed: 2")
        #expect(ScenarioFixtures.locations(duplicate) == [Location(line: 9, column: 1, path: "")])
        #expect(
            duplicate.first?.message
                == "key 'seed' appears more than once in one mapping (first at line 2, column 1); keep only one")
        #expect(messages("").first?.hasPrefix("the file is empty") == true)
        #expect(messages("- a\n- b") == ["expected a scenario mapping, got a list"])
    }
}
