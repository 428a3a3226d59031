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

    @Test("every field reads numbers in decimal only: hexadecimal is refused alike by counts, quantities and the seed")
    func decimalOnly() {
        func issues(_ from: String, _ to: String) -> [String] {
            let yaml = ScenarioFixtures.minimal.replacingOccurrences(of: from, with: to)
            #expect(yaml != ScenarioFixtures.minimal, "\(from) is in the fixture")
            return messages(yaml)
        }
        #expect(messages(ScenarioFixtures.minimal + "\nworkers: 0x2") == ["expected a whole number, got '0x2'"])
        #expect(
            issues("seed: 1", "seed: 0x10") == ["expected a whole number from 0 to \(UInt64.max), got '0x10'"])
        #expect(issues("{constant: 1ms}", "{constant: 0x1ms}").first?.hasPrefix("'0x1ms' is not a duration") == true)
        #expect(issues("{poisson: 1k/s}", "{poisson: 0x10/s}").first?.hasPrefix("'0x10/s' is not a rate") == true)
        #expect(issues("duration: 1s", "events: 0x1p10").first == "expected a whole number, got '0x1p10'")
        // The decimal spellings still work in the same fields.
        #expect(issues("duration: 1s", "events: 1e3") == [])
        #expect(issues("{constant: 1ms}", "{constant: .5e-3}") == [])
        #expect(messages(ScenarioFixtures.minimal + "\nworkers: +2") == [])
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

    @Test("a timed fault needs two stats intervals of run and must come before the run's end, events: runs too")
    func faultTimes() {
        let short = ScenarioFixtures.minimal + "\nstats: {interval: 600ms}\nfaults: [{kind: process-dies, at: 0.5s}]"
        #expect(
            messages(short) == [
                "the run spans 1s, shorter than two stats intervals (1.2s): a fault at a time needs a window "
                    + "before and after it; lengthen the run or shorten stats.interval"
            ])
        let eventsRun = ScenarioFixtures.minimal.replacingOccurrences(of: "duration: 1s", with: "events: 20k")
        let late = ScenarioFixtures.issues(eventsRun + "\nfaults: [{kind: process-dies, at: 1h}]")
        #expect(late.map(\.path) == ["faults[0].at"])
        #expect(
            late.first?.message
                == "must fall within the run: its 20000 events end about 20s into it at the arrival rate, got 1h")
        #expect(messages(eventsRun + "\nfaults: [{kind: process-dies, at: 10s}]").isEmpty)
        // A start-only fault needs no window before it.
        #expect(
            messages(ScenarioFixtures.minimal + "\nstats: {interval: 1s}\nfaults: [{kind: corrupt-persistence}]")
                .isEmpty)
    }

    @Test("a run shorter than 1 ms, or one that generates no request, is refused")
    func emptyRuns() {
        let tiny = ScenarioFixtures.minimal.replacingOccurrences(of: "duration: 1s", with: "duration: 1ns")
        #expect(messages(tiny) == ["must be from 1ms to 168h (7 days), got 1ns"])
        let none = ScenarioFixtures.minimal.replacingOccurrences(of: "{poisson: 1k/s}", with: "{poisson: 0.5/s}")
        #expect(
            messages(none) == [
                "the run would generate no request (about 0.5 at the arrival rate over 1s): lengthen the run or "
                    + "raise the arrival rate"
            ])
        // A quiet phase (rate 0) first: the burst at the end of the 1 s period starts after a 200 ms run, although
        // the period's average rate gives about 1.2 requests.
        let burst = ScenarioFixtures.minimal.replacingOccurrences(of: "duration: 1s", with: "duration: 200ms")
            .replacingOccurrences(
                of: "{poisson: 1k/s}", with: "{burst: {rate: 0, burst-rate: 1k/s, period: 1s, length: 1ms}}")
        #expect(
            messages(burst) == [
                "the run would generate no request: the arrival process's first event is due at 999ms, not before "
                    + "the run's end at 200ms; lengthen the run or raise the arrival rate"
            ])
        #expect(messages(burst.replacingOccurrences(of: "duration: 200ms", with: "duration: 1s")).isEmpty)
    }

    @Test("a ramp down to 0 runs for a duration, and an events: run may not ask for more events than it has")
    func rampDownToZero() {
        let ramp = ScenarioFixtures.minimal.replacingOccurrences(
            of: "{poisson: 1k/s}", with: "{ramp: {from: 1k/s, to: 0, over: 1s}}")
        #expect(messages(ramp.replacingOccurrences(of: "duration: 1s", with: "duration: 10s")).isEmpty)
        #expect(messages(ramp.replacingOccurrences(of: "duration: 1s", with: "events: 400")).isEmpty)
        #expect(
            messages(ramp.replacingOccurrences(of: "duration: 1s", with: "events: 501")) == [
                "the arrival ramp down to 0 has about 500 events in all, fewer than the 501 asked for; lower events or "
                    + "give the ramp a later end"
            ])
    }

    @Test("a stats directory that names a file is refused when validating (the run could never create it)")
    func statsDirectoryIsAFile() {
        // samples.txt is a fixture file; a missing directory is fine (the run creates it).
        let file = ScenarioFixtures.minimal + "\nstats: {directory: samples.txt}"
        let issues = ScenarioFixtures.issues(file)
        #expect(issues.map(\.path) == ["stats.directory"])
        #expect(issues.first?.message.hasPrefix("'samples.txt' is a file, not a directory") == true)
        #expect(ScenarioFixtures.issues(ScenarioFixtures.minimal + "\nstats: {directory: not-there-yet}").isEmpty)
        // Nor can one under a file, however deep.
        let under = ScenarioFixtures.issues(ScenarioFixtures.minimal + "\nstats: {directory: samples.txt/a/b}")
        #expect(under.map(\.path) == ["stats.directory"])
        #expect(under.first?.message.hasPrefix("'samples.txt/a/b' lies under the file ") == true)
    }

    @Test("a name too long for a directory is refused when validating, as when running")
    func longName() {
        let long = String(repeating: "n", count: Scenario.maximumNameLength + 1)
        let issues = messages(ScenarioFixtures.minimal.replacingOccurrences(of: "name: t", with: "name: \(long)"))
        #expect(issues == ["a name of 129 characters cannot name a report directory: use at most 128"])
        let longest = String(repeating: "n", count: Scenario.maximumNameLength)
        #expect(
            messages(ScenarioFixtures.minimal.replacingOccurrences(of: "name: t", with: "name: \(longest)")).isEmpty)
    }

    @Test("a method name with a control character, or empty, is refused (it would break report tables)")
    func methodNames() {
        func issues(_ name: String) -> [String] {
            messages(ScenarioFixtures.minimal.replacingOccurrences(of: "- name: a", with: "- name: \(name)"))
        }
        #expect(
            issues(#""get\nput""#) == [#"a method name must not contain control characters, got U+000A in "get\nput""#])
        #expect(issues(#""a\tb""#).first?.contains("U+0009") == true)
        #expect(issues(#""""#) == ["must not be empty"])
        #expect(issues(#""   ""#) == ["must not be blank (only spaces)"])
        #expect(issues(String(repeating: "m", count: 201)) == ["a method name must have 1 to 200 characters, got 201"])
        #expect(issues(#""résumé/ünïcode · ok""#).isEmpty)
        #expect(issues("\"a\u{202E}b\"").first?.contains("bidirectional control character U+202E") == true)
        #expect(issues("\"מתודה/عربي\"").isEmpty, "right-to-left letters are fine")
        // A cost model's name goes into the same reports and labels.
        let model = ScenarioFixtures.minimal.replacingOccurrences(
            of: "latency: {constant: 1ms}",
            with: "latency: {constant: 1ms}\n      cost: {model: \"m\\u202Ex\", input-tokens: 1, output-tokens: 1}")
        #expect(messages(model).first?.hasPrefix("a model name must not contain the bidirectional control") == true)
        let description = ScenarioFixtures.minimal + "\ndescription: \"x \u{2067}y\""
        #expect(messages(description).first?.contains("U+2067") == true)
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
