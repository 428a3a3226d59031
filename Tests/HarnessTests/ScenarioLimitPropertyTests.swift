import Foundation
import Simulation
import StatsTestSupport
import Testing

@testable import Harness
@testable import Simulation

/// One numeric field of the property test's scenario: where it is written, how, and its documented range.
private struct NumericField: Sendable, CustomStringConvertible {
    /// The token in ``ScenarioLimitPropertyTests/template`` that the value replaces.
    let token: String
    /// The issue path a value out of range is reported at.
    let path: String
    /// The unit written after the number.
    let unit: String
    /// The value the token has while another field is varied.
    let fallback: String
    /// The documented range, in the base unit.
    let lower: Double
    let lowerIncluded: Bool
    let upper: Double
    /// Whether the field takes whole numbers only.
    let whole: Bool

    init(
        _ token: String, _ path: String, unit: String = "", fallback: String, _ lower: Double,
        lowerIncluded: Bool = true, _ upper: Double, whole: Bool = false
    ) {
        self.token = token
        self.path = path
        self.unit = unit
        self.fallback = fallback
        self.lower = lower
        self.lowerIncluded = lowerIncluded
        self.upper = upper
        self.whole = whole
    }

    var description: String { path }

    func inRange(_ value: Double) -> Bool {
        (lowerIncluded ? value >= lower : value > lower) && value <= upper && (!whole || value == value.rounded())
    }
}

@Suite("Scenario limits, property: whatever validate accepts runs, without a trap")
struct ScenarioLimitPropertyTests {
    /// A scenario using every numeric field; each `@token@` is replaced by a field's value.
    static let template = """
        name: property
        seed: 7
        @length@
        workers: @workers@
        clients:
          count: @clients@
          churn: {connect-rate: @connect@/s, disconnect-rate: @disconnect@/s}
        requests:
          methods:
            - name: a
              weight: @weight@
              latency: {lognormal: {median: @median@s, sigma: @sigma@}}
              error-rate: @error@
              request-size: {uniform: {min: @sizemin@B, max: 1KiB}}
              response-size: {pareto: {min: @paretomin@B, alpha: @alpha@}}
              cost:
                model: m
                input-tokens: {exponential: {mean: @tokens@}}
                output-tokens: @outtokens@
                cache-hit-rate: @cache@
                cost-per-token: @cost@
            - name: b
              latency: {bimodal: {first: {constant: @constant@s}, second: {exponential: {mean: 2ms}}, weight: 0.5}}
        server-events: {rate: @events@/s, queue-capacity: @queue@, consumer-speed: @speed@/s}
        subscriptions: {pieces: @pieces@, subscribe-rate: @subscribe@/s}
        arrival: @arrival@
        stats: {interval: @interval@s, history-capacity: @history@}
        sinks: [none, statsbench]
        measurements: [conservation]
        """

    private static let fields: [NumericField] = [
        NumericField("@length@", "duration", fallback: "duration: 5ms", 0.001, 604_800),
        NumericField("@length@", "events", fallback: "duration: 5ms", 1, 1e9, whole: true),
        NumericField("@workers@", "workers", fallback: "2", 1, 256, whole: true),
        NumericField("@clients@", "clients.count", fallback: "8", 1, 1_000_000, whole: true),
        NumericField("@connect@", "clients.churn.connect-rate", fallback: "0.01", 0, 1e6),
        NumericField("@disconnect@", "clients.churn.disconnect-rate", fallback: "0.005", 0, 1e6),
        NumericField("@weight@", "requests.methods[0].weight", fallback: "2", 0, 1e9),
        NumericField(
            "@median@", "requests.methods[0].latency.median", fallback: "0.001", 0, lowerIncluded: false,
            ScenarioLimits.distributionSeconds),
        NumericField("@sigma@", "requests.methods[0].latency.sigma", fallback: "1", 0, lowerIncluded: false, 10),
        NumericField("@error@", "requests.methods[0].error-rate", fallback: "0.01", 0, 1),
        NumericField("@sizemin@", "requests.methods[0].request-size", fallback: "10", 0, 1024.0.nextDown),
        NumericField(
            "@paretomin@", "requests.methods[0].response-size.min", fallback: "100", 0, lowerIncluded: false,
            2_147_483_648),
        NumericField("@alpha@", "requests.methods[0].response-size.alpha", fallback: "1.5", 0.1, 1000),
        NumericField(
            "@tokens@", "requests.methods[0].cost.input-tokens.mean", fallback: "100", 0, lowerIncluded: false, 1e7),
        NumericField("@outtokens@", "requests.methods[0].cost.output-tokens", fallback: "50", 0, 1e7, whole: true),
        NumericField("@cache@", "requests.methods[0].cost.cache-hit-rate", fallback: "0.1", 0, 1),
        NumericField("@cost@", "requests.methods[0].cost.cost-per-token", fallback: "0.00001", 0, 1),
        NumericField(
            "@constant@", "requests.methods[1].latency.first", fallback: "0.001", 0, ScenarioLimits.distributionSeconds),
        NumericField("@events@", "server-events.rate", fallback: "0.01", 0.001, 1e8),
        NumericField("@queue@", "server-events.queue-capacity", fallback: "4", 1, 1_000_000, whole: true),
        NumericField("@speed@", "server-events.consumer-speed", fallback: "1000", 0.001, 1e9),
        NumericField("@pieces@", "subscriptions.pieces", fallback: "10", 0, 1_000_000, whole: true),
        NumericField("@subscribe@", "subscriptions.subscribe-rate", fallback: "0.01", 0, 1e6),
        NumericField("@arrival@", "arrival", fallback: "{poisson: 100k/s}", 0.001, 1e9),
        NumericField("@interval@", "stats.interval", fallback: "0.001", 0.001, 86_400),
        NumericField("@history@", "stats.history-capacity", fallback: "100", 1, 1_000_000, whole: true),
    ]

    /// The scenario text with `field` set to `text` (every other field at its fallback).
    private static func yaml(_ field: NumericField, _ text: String) -> String {
        var yaml = template
        for other in fields {
            let value: String
            if other.token == field.token {
                switch other.token {
                case "@length@": value = field.path == "events" ? "events: \(text)" : "duration: \(text)s"
                case "@arrival@": value = "{poisson: \(text)/s}"
                default: value = text
                }
            } else {
                value = other.fallback
            }
            yaml = yaml.replacingOccurrences(of: other.token, with: value)
        }
        return yaml
    }

    /// The finite value `text` spells in the documented number syntax (decimal: sign, digits, point, exponent),
    /// or `nil`; written here from the documentation, not from the reader's code.
    private static func decimal(_ text: String) -> Double? {
        guard text.wholeMatch(of: /[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/) != nil, let value = Double(text),
            value.isFinite
        else { return nil }
        return value
    }

    /// Boundary values of `field` and seeded random ones across 40 orders of magnitude, as written.
    private static func values(_ field: NumericField, random: inout SeededRandom) -> [String] {
        var numbers = [
            0, -1, 1, field.lower, field.upper, field.upper.nextUp, field.upper * 1.000_001, field.lower.nextDown,
            1e308, 1e-308, 0x1p63, 18_446_744_073_709_551_616,
        ]
        for _ in 0..<10 {
            let magnitude = pow(10, random.unitOpen() * 40 - 15)
            numbers.append(random.next() % 10 == 0 ? -magnitude : magnitude)
        }
        for _ in 0..<4 {  // in range, log-uniform (from 10⁻³ where the range starts at 0)
            let low = log10(max(field.lower, 1e-3))
            numbers.append(min(field.upper, pow(10, low + (log10(field.upper) - low) * random.unitOpen())))
        }
        var texts = numbers.map { number in
            field.whole ? String(format: "%.0f", number.rounded()) : "\(number)"
        }
        texts += ["nan", "inf", "-inf", "1e309", "0x10", "1_000"]
        return texts
    }

    @Test("each numeric field at random and boundary values: refused out of range at its path, run when accepted")
    func acceptedScenariosRun() throws {
        var random = SeededRandom(seed: 0x5CE7A210)
        var accepted = 0
        var refused = 0
        for field in Self.fields {
            for text in Self.values(field, random: &random) {
                let yaml = Self.yaml(field, text)
                let scenario: Scenario
                do {
                    scenario = try Scenario.parse(yaml: yaml, file: "p.yaml")
                } catch {
                    refused += 1
                    if let value = Self.decimal(text), field.inRange(value) {
                        // In range: only a limit on the run as a whole may refuse it (or a field coupled to it).
                        #expect(
                            error.issues.allSatisfy {
                                !$0.path.hasPrefix(field.path) || $0.message.contains("more than")
                            },
                            "\(field) = \(text): \(error)")
                    } else {
                        #expect(
                            error.issues.contains { $0.path.hasPrefix(field.path) },
                            "\(field) = \(text) was refused elsewhere: \(error)")
                    }
                    continue
                }
                accepted += 1
                #expect(Self.decimal(text) != nil, "\(field) = \(text) is not a decimal number but accepted")
                if let value = Self.decimal(text) {
                    #expect(field.inRange(value), "\(field) = \(text) is outside the documented range but accepted")
                }
                try tinyRun(scenario, label: "\(field) = \(text)")
            }
        }
        #expect(accepted > 100)
        #expect(refused > 100)
    }

    @Test("each shipped scenario runs tiny")
    func shippedScenarios() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../scenarios").standardizedFileURL
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) where file.hasSuffix(".yaml") {
            let scenario = try Scenario.load(contentsOf: directory.appendingPathComponent(file).path)
            try tinyRun(scenario, label: file)
        }
    }

    /// Runs `scenario` through the statsbench sink at a scale that keeps it to a few thousand requests and a few
    /// windows: it must not throw, and must generate events.
    private func tinyRun(_ scenario: Scenario, label: String) throws {
        // Faults are injected by the scenario runner, not by this drive; a tiny scale would be refused for a run
        // too short to hold timed faults (a refusal of the scale, not of the file).
        var scenario = scenario
        scenario.faults = []
        let size = RunSize(scenario)
        let scale = min(1, 2_000 / max(1, size.requests), 1 / size.windows)
        let plan: RunPlan
        do {
            plan = try RunPlan(scenario: scenario, scale: scale)
        } catch {
            Issue.record("\(label): validate accepted it but the plan refused it: \(error)")
            return
        }
        do {
            let run = try SinkRunner.run(
                .statsbench, plan: plan, setup: HarnessFixtures.setup(plan), options: DriveOptions())
            #expect(run.outcome.events >= 1, "\(label)")
        } catch {
            Issue.record("\(label): validate accepted it but the run refused it: \(error)")
        }
    }
}
