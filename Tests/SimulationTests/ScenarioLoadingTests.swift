import Foundation
import Testing

@testable import Simulation

@Suite("Scenario loading")
struct ScenarioLoadingTests {
    @Test("every shipped scenario loads without issues")
    func shippedScenariosLoad() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: ScenarioFixtures.shipped.path)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".json") }.sorted()
        #expect(
            Set(files).isSuperset(of: [
                "smoke.yaml", "steady.yaml", "heavy-tail.yaml", "churn.yaml", "event-storm.yaml", "process-faults.yaml",
            ]))
        for file in files {
            let path = ScenarioFixtures.shipped.appendingPathComponent(file).path
            #expect(ScenarioValidator.validate(paths: [path]) == [], "\(file)")
        }
    }

    @Test("the smoke scenario is CI-sized and runs every sink and measurement")
    func smokeIsComplete() throws {
        let smoke = try Scenario.load(contentsOf: ScenarioFixtures.shipped.appendingPathComponent("smoke.yaml").path)
        #expect(smoke.length == .duration(seconds: 2))
        #expect(smoke.workers == 2)
        #expect(smoke.sinks == SinkKind.all)
        #expect(smoke.measurements == MeasurementKind.all)
    }

    @Test("a full-featured file parses into the exact expected value")
    func fullFixture() throws {
        let scenario = try Scenario.load(contentsOf: ScenarioFixtures.path("full.yaml"))
        #expect(scenario == Self.expectedFull)
    }

    @Test("a JSON file is accepted and means the same as its YAML twin")
    func jsonFixture() throws {
        let scenario = try Scenario.load(contentsOf: ScenarioFixtures.path("full.json"))
        #expect(scenario == Self.expectedFull)
    }

    @Test("omitted optional parts take their documented defaults")
    func defaults() throws {
        let scenario = try Scenario.parse(yaml: ScenarioFixtures.minimal, file: "t.yaml", baseDirectory: "/")
        let expected = Scenario(
            name: "t", seed: 1, length: .duration(seconds: 1),
            requests: RequestMix(methods: [MethodSpec(name: "a", latency: .constant(value: 0.001))]),
            arrival: .poisson(ratePerSecond: 1000))
        #expect(scenario == expected)
        #expect(scenario.workers == 1)
        #expect(scenario.clients == ClientSpec(count: 100, churn: .none, disconnects: DisconnectMix(graceful: 1)))
        #expect(scenario.stats == StatsSettings(intervalSeconds: 1, historyCapacity: 360, directory: nil))
        #expect(scenario.sinks == [.none, .statsbench])
        #expect(scenario.measurements == [.overhead, .accuracy, .conservation])
        #expect(scenario.serverEvents == nil && scenario.subscriptions == nil)
    }

    @Test("an event count replaces the duration; session-length churn is accepted")
    func eventsAndSessions() throws {
        let yaml =
            ScenarioFixtures.minimal.replacingOccurrences(of: "duration: 1s", with: "events: 2M") + """

                clients:
                  count: 5
                  churn: {session-length: {exponential: {mean: 30s}}}
                """
        let scenario = try Scenario.parse(yaml: yaml)
        #expect(scenario.length == .events(count: 2_000_000))
        #expect(scenario.clients.churn == .sessions(length: .exponential(mean: 30)))
    }

    static var expectedFull: Scenario {
        let fixtures = ScenarioFixtures.directory
        let toolsCall = MethodSpec(
            name: "tools/call", weight: 3, latency: .lognormal(median: 0.01, sigma: 1), errorRate: 0.005,
            requestSize: .constant(value: 512), responseSize: .uniform(minimum: 1024, maximum: 1_048_576),
            cost: CallCostSpec(
                model: "sim-model", inputTokens: .lognormal(median: 800, sigma: 0.5),
                outputTokens: .constant(value: 2000), cacheHitRate: 0.25, costPerToken: 0.000002))
        let slow = MethodSpec(
            name: "slow", weight: 1.5,
            latency: .bimodal(
                first: .pareto(minimum: 0.001, alpha: 1.5), second: .exponential(mean: 0.00025), firstWeight: 0.75),
            requestSize: .constant(value: 4096))
        let replay = MethodSpec(
            name: "replay", weight: 0,
            latency: .empirical(path: fixtures.appendingPathComponent("samples.txt").standardizedFileURL.path))
        return Scenario(
            name: "full", description: "Every part of the format, each away from its default.", seed: UInt64.max,
            length: .duration(seconds: 1.5), workers: 4,
            clients: ClientSpec(
                count: 10_000, churn: .rates(connectsPerSecond: 10, disconnectsPerSecond: 8),
                disconnects: DisconnectMix(graceful: 0.7, error: 0.2, timeout: 0.1)),
            requests: RequestMix(methods: [toolsCall, slow, replay]),
            serverEvents: ServerEventSpec(
                ratePerSecond: 100_000, kinds: EventKindWeights(server: 1, piece: 4, connect: 0.5, disconnect: 0),
                queueCapacity: 64, consumerSpeedPerSecond: 2000),
            subscriptions: SubscriptionSpec(pieces: 100, subscribeRatePerSecond: 1500),
            arrival: .burst(
                ratePerSecond: 10_000, burstRatePerSecond: 1_000_000, periodSeconds: 120, burstSeconds: 0.25),
            stats: StatsSettings(
                intervalSeconds: 0.5, historyCapacity: 720,
                directory: fixtures.appendingPathComponent("stats-out").standardizedFileURL.path),
            sinks: SinkKind.all, measurements: MeasurementKind.all,
            thresholds: [
                Threshold(
                    metric: ThresholdMetric(path: "overhead.p999")!, comparator: .lessThan, value: .seconds(1e-6)),
                Threshold(
                    metric: ThresholdMetric(path: "accuracy.p99")!, comparator: .lessThanOrEqual,
                    value: .fraction(0.005)),
                Threshold(metric: ThresholdMetric(path: "ring.torn")!, comparator: .equal, value: .number(0)),
                Threshold(
                    metric: ThresholdMetric(path: "memory.bytes-per-client")!, comparator: .greaterThanOrEqual,
                    value: .number(100)),
                Threshold(
                    metric: ThresholdMetric(path: "overhead.ratio")!, comparator: .greaterThan, value: .number(2.5)),
            ],
            faults: [
                FaultSpec(kind: .corruptPersistence),
                FaultSpec(kind: .processDies, atSeconds: 1),
                FaultSpec(kind: .statsDirectoryUnwritable, atSeconds: 0.1),
            ])
    }
}
