import Foundation
import Testing

@testable import Simulation

@Suite("Scenario limits: every quantity in a finite range, every run of a size that finishes")
struct ScenarioLimitTests {
    typealias Location = ScenarioFixtures.Location

    /// The minimal scenario with `section` appended.
    private func issues(adding section: String) -> [ScenarioIssue] {
        ScenarioFixtures.issues(ScenarioFixtures.minimal + "\n" + section)
    }

    @Test(
        "rates, costs and counts that used to pass validation and trap the run are refused at their value",
        arguments: [
            ("server-events: {rate: 1e19}", Location(line: 9, column: 23, path: "server-events.rate"), "100M/s"),
            (
                "subscriptions: {pieces: 10, subscribe-rate: 1e21}",
                Location(line: 9, column: 45, path: "subscriptions.subscribe-rate"), "1M/s"
            ),
            (
                "clients: {churn: {connect-rate: 1e21, disconnect-rate: 1}}",
                Location(line: 9, column: 33, path: "clients.churn.connect-rate"), "1M/s"
            ),
            (
                "clients: {churn: {connect-rate: 1, disconnect-rate: 1e300}}",
                Location(line: 9, column: 53, path: "clients.churn.disconnect-rate"), "1M/s"
            ),
            (
                "server-events: {rate: 10, consumer-speed: 1e30}",
                Location(line: 9, column: 43, path: "server-events.consumer-speed"), "1G/s"
            ),
            ("subscriptions: {pieces: 1e12}", Location(line: 9, column: 25, path: "subscriptions.pieces"), "1000000"),
            (
                "server-events: {rate: 10, queue-capacity: 1e12}",
                Location(line: 9, column: 43, path: "server-events.queue-capacity"), "1000000"
            ),
            ("clients: {count: 1e9}", Location(line: 9, column: 18, path: "clients.count"), "1000000"),
            ("stats: {interval: 1e-9}", Location(line: 9, column: 19, path: "stats.interval"), "1ms"),
            ("stats: {interval: 1e6}", Location(line: 9, column: 19, path: "stats.interval"), "24h"),
        ])
    func hugeRates(section: String, location: Location, range: String) {
        let found = issues(adding: section)
        #expect(ScenarioFixtures.locations(found) == [location], "\(found)")
        #expect(found.first?.message.contains(range) == true, "\(found)")
    }

    @Test("cost-per-token and token counts have a documented finite range")
    func costs() {
        let method = """
                  cost: {model: m, input-tokens: 10, output-tokens: 10, cost-per-token: 1e19}
            """
        let yaml = ScenarioFixtures.minimal.replacingOccurrences(
            of: "      latency: {constant: 1ms}", with: "      latency: {constant: 1ms}\n" + method)
        let found = ScenarioFixtures.issues(yaml)
        #expect(found.map(\.path) == ["requests.methods[0].cost.cost-per-token"])
        #expect(found.first?.message == "must be from 0 to 1, got 1e19")
        let tokens = yaml.replacingOccurrences(of: "cost-per-token: 1e19", with: "cost-per-token: 0.001")
            .replacingOccurrences(of: "input-tokens: 10", with: "input-tokens: {lognormal: {median: 1e15, sigma: 1}}")
        #expect(ScenarioFixtures.issues(tokens).map(\.message) == ["must be positive and at most 10M, got 1e15"])
        // A constant token count is whole: a fraction is refused where it is written, bare or as `constant:`; a
        // fractional median is a distribution's, whose draws are rounded.
        let valid = yaml.replacingOccurrences(of: "cost-per-token: 1e19", with: "cost-per-token: 0.001")
        for (edit, path) in [
            ("input-tokens: 0.5", "requests.methods[0].cost.input-tokens"),
            ("input-tokens: {constant: 2.5}", "requests.methods[0].cost.input-tokens"),
        ] {
            let found = ScenarioFixtures.issues(valid.replacingOccurrences(of: "input-tokens: 10", with: edit))
            #expect(found.map(\.path) == [path], "\(edit): \(found)")
            #expect(found.first?.message.hasPrefix("a constant count is a whole number, got ") == true, "\(found)")
        }
        for edit in ["input-tokens: 1.5k", "input-tokens: {lognormal: {median: 0.5, sigma: 1}}"] {
            #expect(ScenarioFixtures.issues(valid.replacingOccurrences(of: "input-tokens: 10", with: edit)).isEmpty)
        }
    }

    @Test("methods: at most 1024, and at most 2048 per-method latency windows (methods × (workers + 1))")
    func methodLimits() {
        func scenario(methods: Int, workers: Int) -> String {
            let list = (0..<methods).map { "    - {name: m\($0), latency: 1ms}" }.joined(separator: "\n")
            return "name: t\nseed: 1\nduration: 1s\nworkers: \(workers)\nrequests:\n  methods:\n\(list)\n"
                + "arrival: {poisson: 1k/s}\n"
        }
        let tooMany = ScenarioFixtures.issues(scenario(methods: 1025, workers: 1))
        #expect(tooMany.map(\.path) == ["requests.methods"])
        #expect(tooMany.first?.message == "1025 methods, more than the 1024 a run may hold")
        let tooManyWindows = ScenarioFixtures.issues(scenario(methods: 700, workers: 2))
        #expect(tooManyWindows.map(\.path) == ["requests.methods"])
        #expect(
            tooManyWindows.first?.message.hasPrefix("700 methods × (2 workers + 1) = 2100 per-method latency windows")
                == true, "\(tooManyWindows)")
        #expect(ScenarioFixtures.issues(scenario(methods: 682, workers: 2)).isEmpty, "2046 windows")
        #expect(
            ScenarioFixtures.issues(scenario(methods: 1024, workers: 1)).isEmpty,
            "1024 methods on 1 worker: 2048 windows, the limit itself")
        #expect(ScenarioFixtures.issues(scenario(methods: 8, workers: 256)).map(\.path) == ["requests.methods"])
    }

    /// The minimal scenario as an `events:` run of `events` whose method has `cost`.
    private func costScenario(events: String, cost: String) -> String {
        ScenarioFixtures.minimal.replacingOccurrences(of: "duration: 1s", with: "events: \(events)")
            .replacingOccurrences(
                of: "      latency: {constant: 1ms}", with: "      latency: {constant: 1ms}\n      cost: \(cost)")
    }

    @Test("a run whose calls could cost more than the call ledger sums is refused at the method's cost, with figures")
    func runCostOverflow() {
        // The repro: 2 × 10M tokens at 1 unit a token is 2e13 micro-units a call, 2e19 over 1M events: the ledger's
        // and the generator's Int64 sums wrapped and the run PASSED.
        let cost = "{model: big, input-tokens: 10M, output-tokens: 10M, cost-per-token: 1}"
        let found = ScenarioFixtures.issues(costScenario(events: "1M", cost: cost))
        #expect(ScenarioFixtures.locations(found) == [Location(line: 8, column: 13, path: "requests.methods[0].cost")])
        #expect(
            found.first?.message
                == "one call can cost up to 2e+13 micro-units (2e+07 input and output tokens at cost-per-token 1); "
                + "× the run's 1000000 events that is 2e+19 micro-units, more than the 9e+18 (9e+12 currency units) "
                + "the call ledger can sum; lower cost-per-token or the token counts, or shorten the run",
            "\(found)")
        // 9e18 / 2e13 = 450 000 calls fit exactly; one more does not.
        #expect(ScenarioFixtures.issues(costScenario(events: "450000", cost: cost)).isEmpty)
        #expect(
            ScenarioFixtures.issues(costScenario(events: "450001", cost: cost)).map(\.path) == [
                "requests.methods[0].cost"
            ])
        // A method of weight 0 makes no call.
        let unused = costScenario(events: "1M", cost: cost).replacingOccurrences(
            of: "    - name: a\n", with: "    - name: b\n      latency: 1ms\n    - name: a\n      weight: 0\n")
        #expect(ScenarioFixtures.issues(unused).isEmpty, "\(ScenarioFixtures.issues(unused))")
    }

    @Test("an unbounded token distribution is bounded by the per-draw clamp, and a duration run by its largest count")
    func runCostOverflowUnbounded() {
        // A lognormal's draws are clamped to 10M tokens: its largest call is that of a constant 10M.
        let lognormal =
            "{model: m, input-tokens: {lognormal: {median: 800, sigma: 0.5}}, output-tokens: 1, cost-per-token: 1}"
        let found = ScenarioFixtures.issues(costScenario(events: "1M", cost: lognormal))
        #expect(found.map(\.path) == ["requests.methods[0].cost"])
        #expect(found.first?.message.contains("up to 1e+13 micro-units (1e+07 input and output tokens") == true)
        let cheap = lognormal.replacingOccurrences(of: "cost-per-token: 1", with: "cost-per-token: 0.000002")
        #expect(ScenarioFixtures.issues(costScenario(events: "1G", cost: cheap)).isEmpty)
        // A duration run: 1000 s at 1M/s is 1e9 requests expected, at most 1e9 + 10√1e9 + 10 (about 1.0003e9).
        let duration = { (tokens: String) in
            ScenarioFixtures.minimal.replacingOccurrences(of: "duration: 1s", with: "duration: 1000s")
                .replacingOccurrences(of: "{poisson: 1k/s}", with: "{poisson: 1M/s}")
                .replacingOccurrences(
                    of: "      latency: {constant: 1ms}",
                    with: "      latency: {constant: 1ms}\n      cost: {model: m, input-tokens: \(tokens), "
                        + "output-tokens: 0, cost-per-token: 1}")
        }
        let refused = ScenarioFixtures.issues(duration("10k"))
        #expect(refused.map(\.path) == ["requests.methods[0].cost"])
        #expect(
            refused.first?.message.contains("× the run's at most 1e+09 requests that is 1e+19 micro-units") == true,
            "\(refused)")
        // 9k tokens: 9e9 micro-units × the expected 1e9 is the limit exactly; the margin above it is not.
        #expect(ScenarioFixtures.issues(duration("9k")).map(\.path) == ["requests.methods[0].cost"])
        #expect(ScenarioFixtures.issues(duration("8990")).isEmpty)
    }

    @Test("a token draw is clamped to 10M, so one call's cost is bounded by its spec's largest draws")
    func tokenDrawClamp() {
        #expect(CallCostModel.tokens(1e15) == 10_000_000)
        #expect(CallCostModel.tokens(.infinity) == 10_000_000)
        #expect(CallCostModel.tokens(.nan) == 0 && CallCostModel.tokens(-3) == 0)
        // A Pareto of alpha 0.1 from 1M draws past 10M four times in five.
        let pareto = try! Distribution(.pareto(minimum: 1_000_000, alpha: 0.1), baseDirectory: nil)
        var random = RandomStream(seed: 3)
        let draws = (0..<10_000).map { _ in CallCostModel.tokens(pareto.sample(using: &random)) }
        #expect(draws.max() == 10_000_000 && draws.min()! >= 1_000_000)
        let spec = CallCostSpec(
            model: "m",
            inputTokens: .bimodal(first: .constant(value: 1000), second: .constant(value: 30), firstWeight: 0.5),
            outputTokens: .uniform(minimum: 10, maximum: 400), costPerToken: 0.000002)
        #expect(spec.largestCallMicroUnits == 2800)
        let tail = CallCostSpec(
            model: "m", inputTokens: .pareto(minimum: 1, alpha: 0.1), outputTokens: .exponential(mean: 5),
            costPerToken: 0.5)
        #expect(tail.largestCallMicroUnits == 1e13)
    }

    @Test(
        "a unit that scales a number past the largest Double is refused by the parser, not read as infinity",
        arguments: ["1e308h", "1e308k/s", "1e308GiB", "1e308M", "1e308min"])
    func overflowingUnits(text: String) {
        let kinds: [Quantity] = [.duration, .rate, .size, .count, .duration]
        let parsed = kinds.compactMap { try? $0.parse(text) }
        #expect(parsed.allSatisfy { $0.isFinite })
        let quantity: Quantity =
            text.hasSuffix("/s") ? .rate : text.hasSuffix("B") ? .size : text.hasSuffix("M") ? .count : .duration
        #expect(throws: QuantityError.self) { try quantity.parse(text) }
    }

    @Test(
        "nan, inf and their spellings are not numbers in any field",
        arguments: ["nan", "inf", "-inf", ".inf", "infinity", "NaN"])
    func nonFinite(text: String) {
        for kind in [Quantity.duration, .size, .rate, .fraction, .count, .number] {
            #expect(throws: QuantityError.self) { try kind.parse(text) }
        }
    }

    @Test("the run length, sizes and fault times that parse to huge values are refused at the value")
    func hugeLengths() {
        let duration = ScenarioFixtures.issues(
            ScenarioFixtures.minimal.replacingOccurrences(of: "duration: 1s", with: "duration: 1e308h"))
        #expect(ScenarioFixtures.locations(duration) == [Location(line: 3, column: 11, path: "duration")])
        #expect(duration.first?.message.contains("too large to represent") == true)
        let longRun = ScenarioFixtures.issues(
            ScenarioFixtures.minimal.replacingOccurrences(of: "duration: 1s", with: "duration: 200h"))
        #expect(longRun.map(\.message) == ["must be from 1ms to 168h (7 days), got 200h"])
        let size = ScenarioFixtures.issues(
            ScenarioFixtures.minimal.replacingOccurrences(
                of: "latency: {constant: 1ms}", with: "latency: {constant: 1ms}\n      request-size: 1e308GiB"))
        #expect(size.map(\.path) == ["requests.methods[0].request-size"])
        let bigSize = ScenarioFixtures.issues(
            ScenarioFixtures.minimal.replacingOccurrences(
                of: "latency: {constant: 1ms}", with: "latency: {constant: 1ms}\n      request-size: 3GiB"))
        #expect(bigSize.map(\.message) == ["must be from 0 to 2GiB, got 3GiB"])
        let eventsRun = ScenarioFixtures.minimal.replacingOccurrences(of: "duration: 1s", with: "events: 1k")
        let fault = ScenarioFixtures.issues(eventsRun + "\nfaults: [{kind: process-dies, at: 1e308h}]")
        #expect(fault.map(\.path) == ["faults[0].at"])
        let rate = ScenarioFixtures.issues(
            ScenarioFixtures.minimal.replacingOccurrences(of: "{poisson: 1k/s}", with: "{poisson: 1e308k/s}"))
        #expect(rate.map(\.path) == ["arrival"])
        #expect(rate.first?.message.contains("too large to represent") == true)
    }

    @Test("a Poisson rate of 1e29 is refused: it would never finish")
    func hugePoisson() {
        let found = ScenarioFixtures.issues(
            ScenarioFixtures.minimal.replacingOccurrences(of: "{poisson: 1k/s}", with: "{poisson: 1e29}"))
        #expect(ScenarioFixtures.locations(found) == [Location(line: 8, column: 20, path: "arrival")])
        #expect(found.first?.message == "must be from 0.001/s to 1G/s, got 1e29")
    }

    @Test("a valid rate over a long duration is refused with the number of requests it would generate")
    func tooManyRequests() {
        let yaml = ScenarioFixtures.minimal.replacingOccurrences(of: "duration: 1s", with: "duration: 24h")
            .replacingOccurrences(of: "{poisson: 1k/s}", with: "{poisson: 1M/s}")
        let found = ScenarioFixtures.issues(yaml)
        #expect(ScenarioFixtures.locations(found) == [Location(line: 3, column: 11, path: "duration")])
        #expect(found.first?.message.contains("8.64e+10 requests") == true, "\(found)")
        // 1 000 000 000 requests exactly is the limit, and allowed.
        let atLimit = ScenarioFixtures.minimal.replacingOccurrences(of: "duration: 1s", with: "duration: 1000s")
            .replacingOccurrences(of: "{poisson: 1k/s}", with: "{poisson: 1M/s}")
        #expect(ScenarioFixtures.issues(atLimit).isEmpty)
    }

    @Test("an events run whose events are spread too thinly spans too many windows, and is refused")
    func tooManyWindows() {
        let yaml = ScenarioFixtures.minimal.replacingOccurrences(of: "duration: 1s", with: "events: 1M")
            .replacingOccurrences(of: "{poisson: 1k/s}", with: "{constant: 0.001/s}")
        let found = ScenarioFixtures.issues(yaml)
        #expect(found.map(\.path) == ["events"])
        #expect(found.first?.message.contains("windows of stats.interval") == true, "\(found)")
    }

    @Test("server events over whole windows count against the control-plane limit, as do client queues")
    func controlPlane() {
        // One 24 h window at 1M/s: 8.64e10 events offered, even though the run lasts 1 s.
        let found = issues(adding: "stats: {interval: 24h}\nserver-events: {rate: 1M/s}")
        #expect(found.map(\.path) == ["duration"])
        #expect(found.first?.message.contains("server events, subscriptions") == true, "\(found)")
        let queues = issues(adding: "clients: {count: 1M}\nserver-events: {rate: 10, queue-capacity: 1000}")
        #expect(queues.map(\.path) == ["server-events.queue-capacity"])
    }

    @Test("a name that cannot name a report directory is refused by validation, as run would")
    func reportName() {
        let found = ScenarioFixtures.issues(
            ScenarioFixtures.minimal.replacingOccurrences(of: "name: t", with: "name: a/b"))
        #expect(ScenarioFixtures.locations(found) == [Location(line: 1, column: 7, path: "name")])
    }

    @Test("an empirical file with a sample out of the quantity's range, or that is not a number, is refused")
    func empiricalSamples() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("limits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "0.001\n1e300\n".write(to: directory.appendingPathComponent("big.txt"), atomically: true, encoding: .utf8)
        try "0.001\nfast\n".write(to: directory.appendingPathComponent("bad.txt"), atomically: true, encoding: .utf8)
        for (file, fragment) in [("big.txt", "line 2 holds 1e+300"), ("bad.txt", "\"fast\" is not a finite number")] {
            let yaml = ScenarioFixtures.minimal.replacingOccurrences(
                of: "{constant: 1ms}", with: "{empirical: \(file)}")
            do {
                _ = try Scenario.parse(yaml: yaml, file: "e.yaml", baseDirectory: directory.path)
                Issue.record("\(file) was accepted")
            } catch {
                #expect(error.issues.map(\.path) == ["requests.methods[0].latency"])
                #expect(error.issues.first?.message.contains(fragment) == true, "\(error)")
            }
        }
    }

    @Test("the shipped scenarios stay within every limit")
    func shippedScenarios() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: ScenarioFixtures.shipped.path)
            .filter { $0.hasSuffix(".yaml") }
        #expect(!files.isEmpty)
        for file in files {
            let issues = ScenarioValidator.validate(paths: [ScenarioFixtures.shipped.appendingPathComponent(file).path])
            #expect(issues.isEmpty, "\(file): \(issues)")
        }
    }
}
