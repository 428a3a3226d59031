import Foundation
import ServerStats
import Simulation

@testable import Harness

/// Small scenarios and sinks for the runner's tests.
enum HarnessFixtures {
    /// A two-method scenario; `events` or `duration` sets its length.
    static func scenario(
        seed: UInt64 = 7, events: Int? = 100_000, duration: Double? = nil, workers: Int = 2, clients: Int = 64,
        churn: ClientChurn = .none, serverEvents: ServerEventSpec? = nil, faults: [FaultSpec] = [],
        sinks: [SinkKind] = [.none, .statsbench], measurements: [MeasurementKind] = [.conservation],
        thresholds: [Threshold] = [], interval: Double = 0.25
    ) -> Scenario {
        Scenario(
            name: "fixture", seed: seed,
            length: duration.map { .duration(seconds: $0) } ?? .events(count: events!), workers: workers,
            clients: ClientSpec(
                count: clients, churn: churn, disconnects: DisconnectMix(graceful: 2, error: 1, timeout: 1)),
            requests: RequestMix(methods: [
                MethodSpec(
                    name: "get", weight: 3, latency: .lognormal(median: 0.002, sigma: 0.8), errorRate: 0.02,
                    requestSize: .constant(value: 100), responseSize: .uniform(minimum: 10, maximum: 5000),
                    cost: CallCostSpec(
                        model: "model-a", inputTokens: .lognormal(median: 800, sigma: 0.5),
                        outputTokens: .uniform(minimum: 10, maximum: 400), cacheHitRate: 0.3, costPerToken: 0.000002)),
                MethodSpec(name: "put", latency: .pareto(minimum: 0.001, alpha: 1.5), errorRate: 0.1),
            ]),
            serverEvents: serverEvents, arrival: .poisson(ratePerSecond: 200_000),
            stats: StatsSettings(intervalSeconds: interval, historyCapacity: 100), sinks: sinks,
            measurements: measurements, thresholds: thresholds, faults: faults)
    }

    /// The setup a runner would give every sink for `plan`.
    static func setup(_ plan: RunPlan, calibrated: Double = 200) -> SinkSetup {
        var setup = plan.setup
        setup.calibratedNanoseconds = calibrated
        setup.seed = plan.scenario.seed
        setup.serverEvents = plan.scenario.serverEvents
        setup.subscriptions = plan.scenario.subscriptions
        return setup
    }

    /// Writes `text` to a fresh temporary file and returns its path.
    static func temporaryFile(_ text: String, name: String = "scenario.yaml") throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("harness-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}

/// A sink that loses one request in a thousand (it counts, but forgets every 1000th): conservation must catch it.
final class LossySink: Sink, @unchecked Sendable {
    private let counts: UnsafeMutablePointer<UInt64>
    private let workers: Int

    init(setup: SinkSetup) throws(HarnessError) {
        workers = setup.workers
        counts = .allocate(capacity: workers * 16)
        counts.initialize(repeating: 0, count: workers * 16)
    }

    deinit { counts.deallocate() }

    func record(_ request: SimulatedRequest, worker: Int) {
        counts[worker * 16 + 1] &+= 1
        if counts[worker * 16 + 1] % 1000 != 0 { counts[worker * 16] &+= 1 }
    }

    func totals() -> SinkTotals {
        SinkTotals(requests: (0..<workers).reduce(0) { $0 + counts[$1 * 16] })
    }
}

/// A sink that logs, per worker and in order, the connection of every request it is told of ahead
/// (``Sink/prepare(connection:worker:)``, logged negated) and of every request it records.
final class PrepareLogSink: Sink, @unchecked Sendable {
    /// Per worker: connection addresses, a prepare negated. Each worker appends only to its own.
    private let logs: UnsafeMutablePointer<[Int]>
    private let workers: Int

    init(setup: SinkSetup) throws(HarnessError) {
        workers = setup.workers
        logs = .allocate(capacity: workers)
        logs.initialize(repeating: [], count: workers)
    }

    deinit {
        logs.deinitialize(count: workers)
        logs.deallocate()
    }

    /// Worker `worker`'s log.
    func log(worker: Int) -> [Int] { logs[worker] }

    func record(_ request: SimulatedRequest, worker: Int) {}

    func record(_ request: SimulatedRequest, connection: UnsafeMutablePointer<Connection>, worker: Int) {
        logs[worker].append(Int(bitPattern: connection))
    }

    func record(
        _ request: SimulatedRequest, call: SimulatedCall, connection: UnsafeMutablePointer<Connection>, worker: Int
    ) {
        logs[worker].append(Int(bitPattern: connection))
    }

    func prepare(connection: UnsafeMutablePointer<Connection>, worker: Int) {
        logs[worker].append(-Int(bitPattern: connection))
    }

    func totals() -> SinkTotals {
        SinkTotals(requests: UInt64((0..<workers).reduce(0) { $0 + logs[$1].count { $0 > 0 } }))
    }
}
