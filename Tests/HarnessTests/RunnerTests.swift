import Foundation
import ServerStats
import Simulation
import StatsCore
import StatsTestSupport
import Testing

@testable import Harness

@Suite("Driver and runner")
struct RunnerTests {
    @Test("the same seed gives the same hash and totals; another seed another hash")
    func determinism() throws {
        let plan = try RunPlan(scenario: HarnessFixtures.scenario(seed: 11))
        let setup = HarnessFixtures.setup(plan)
        let first = try SinkRunner.run(.none, plan: plan, setup: setup, options: DriveOptions())
        let second = try SinkRunner.run(.statsbench, plan: plan, setup: setup, options: DriveOptions())
        #expect(first.outcome.events == 100_000)
        #expect(first.outcome.hash == second.outcome.hash)
        #expect(first.outcome.totals == second.outcome.totals)
        let other = try RunPlan(scenario: HarnessFixtures.scenario(seed: 12))
        let third = try SinkRunner.run(.none, plan: other, setup: HarnessFixtures.setup(other), options: DriveOptions())
        #expect(third.outcome.hash != first.outcome.hash)
    }

    @Test("a duration run generates the same events, and the same hash, for 1 and 3 workers")
    func durationIndependentOfWorkers() throws {
        var outcomes: [DriveOutcome] = []
        for workers in [1, 3] {
            let plan = try RunPlan(scenario: HarnessFixtures.scenario(events: nil, duration: 0.6, workers: workers))
            outcomes.append(
                try SinkRunner.run(.none, plan: plan, setup: HarnessFixtures.setup(plan), options: DriveOptions())
                    .outcome)
        }
        // 0.6 s at 200 k/s: about 120 k events, exactly the same ones whatever the worker count.
        #expect(outcomes[0].events > 100_000 && outcomes[0].events < 140_000)
        #expect(outcomes[0].events == outcomes[1].events)
        #expect(outcomes[0].hash == outcomes[1].hash)
        #expect(outcomes[0].totals == outcomes[1].totals)
    }

    @Test(
        "an events: run has the same events and hash for 1, 2 and 3 workers; a worker with no share adds nothing",
        arguments: [2, 1_000, 20_001])
    func eventsRunShares(events: Int) throws {
        var hashes: [UInt64] = []
        for workers in [1, 2, 3] {
            let plan = try RunPlan(scenario: HarnessFixtures.scenario(events: events, workers: workers))
            let run = try SinkRunner.run(.none, plan: plan, setup: HarnessFixtures.setup(plan), options: DriveOptions())
            #expect(run.outcome.events == UInt64(events))
            hashes.append(run.outcome.hash)
        }
        #expect(Set(hashes).count == 1, "\(hashes)")
    }

    @Test("a scenario name that cannot be a report directory, or a run too long to count, is refused")
    func unsafePlans() {
        for name in ["../x", "a/b", "latest", "..", ""] {
            var scenario = HarnessFixtures.scenario()
            scenario.name = name
            #expect(throws: HarnessError.self) { try RunPlan(scenario: scenario) }
        }
        #expect(throws: HarnessError.self) { try RunPlan(scenario: HarnessFixtures.scenario(), scale: 1e20) }
        #expect(throws: HarnessError.self) {
            try RunPlan(scenario: HarnessFixtures.scenario(events: nil, duration: 1e12))
        }
    }

    @Test("a --scale above 1 is held to the limits a scenario file is: requests, windows, control operations")
    func scaledRunLimits() throws {
        func refusal(_ scenario: Scenario, scale: Double) -> String? {
            do {
                _ = try RunPlan(scenario: scenario, scale: scale)
                return nil
            } catch {
                return "\(error)"
            }
        }
        // 100,000 events × 20,000 = 2·10⁹ requests.
        #expect(refusal(HarnessFixtures.scenario(), scale: 20_000)?.contains("events × scale = ") == true)
        #expect(refusal(HarnessFixtures.scenario(), scale: 2) == nil)
        // 1 s at 200,000/s × 10,000 = 2·10⁹ requests expected.
        let timed = HarnessFixtures.scenario(events: nil, duration: 1)
        #expect(refusal(timed, scale: 10_000)?.contains("about 2") == true)
        // 1 ms windows: 1 s × 2,000 spans 2·10⁶ windows, with 4·10⁸ requests (within their limit).
        let fine = HarnessFixtures.scenario(events: nil, duration: 1, interval: 0.001)
        let windows = refusal(fine, scale: 2_000)
        #expect(windows?.contains("windows of stats.interval") == true, "\(windows ?? "accepted")")
        #expect(windows?.contains("--scale 2000.0") == true)
    }

    @Test("a --scale that makes a run's calls cost more than the call ledger sums is refused at the method's cost")
    func callCostsBeyondTheLedgerAtScale() throws {
        var scenario = HarnessFixtures.scenario(events: 450_000)
        scenario.requests.methods[0].cost = CallCostSpec(
            model: "big", inputTokens: .constant(value: 10_000_000), outputTokens: .constant(value: 10_000_000),
            costPerToken: 1)
        _ = try RunPlan(scenario: scenario)  // 450 000 × 2e13 micro-units: the limit, 9e18, exactly
        let error = #expect(throws: HarnessError.self) { try RunPlan(scenario: scenario, scale: 2) }
        guard case .scenario(let message) = error else {
            Issue.record("expected a scenario error, got \(String(describing: error))")
            return
        }
        #expect(
            message.hasPrefix("requests.methods[0].cost: at --scale 2.0, one call can cost up to 2e+13 micro-units"),
            "\(message)")
        #expect(message.contains("× the run's 900000 events that is 1.8e+19 micro-units"), "\(message)")
    }

    @Test("ground truth is captured per worker and method, with a mark per window")
    func groundTruthCapture() throws {
        let plan = try RunPlan(scenario: HarnessFixtures.scenario(events: 50_000))
        let run = try SinkRunner.run(
            .none, plan: plan, setup: HarnessFixtures.setup(plan), options: DriveOptions(captureLatencies: true))
        let captured = run.outcome.latencies.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } }
        #expect(captured == 50_000)
        #expect(run.outcome.windowMarks.count == run.outcome.windowCount)
        let last = run.outcome.windowMarks.last!
        #expect(last.map { $0.reduce(0, +) }.reduce(0, +) == 50_000)
        #expect(run.outcome.totals.requestsPerMethod.reduce(0, +) == 50_000)
    }

    @Test(
        "the plain loop counts requests per method over every epoch and worker: the counts of the stream's own events")
    func perMethodCountsPlainLoop() throws {
        // No capture and no sampled timing: the loop the overhead pairs run (its counts are folded per epoch).
        let events = 200_000
        for workers in [1, 2] {
            let plan = try RunPlan(scenario: HarnessFixtures.scenario(events: events, workers: workers))
            let run = try SinkRunner.run(.none, plan: plan, setup: HarnessFixtures.setup(plan), options: DriveOptions())
            var stream = try EventStream(configuration: plan.stream)
            var expected = [UInt64](repeating: 0, count: plan.stream.methods.count)
            for _ in 0..<events { expected[Int(stream.next().methodIndex)] += 1 }
            #expect(run.outcome.windowCount > 1, "the run spans several epochs")
            #expect(run.outcome.totals.requests == UInt64(events))
            #expect(run.outcome.totals.requestsPerMethod == expected, "\(workers) workers")
        }
    }

    @Test("the sink is told of each request's connection eight requests before it records it, once per request")
    func prepareAhead() throws {
        for workers in [1, 2] {
            let plan = try RunPlan(scenario: HarnessFixtures.scenario(events: 30_000, workers: workers))
            let sink = try PrepareLogSink(setup: HarnessFixtures.setup(plan))
            _ = try Driver.drive(sink, plan: plan, options: DriveOptions())
            var recorded = 0
            for worker in 0..<workers {
                let log = sink.log(worker: worker)
                let prepares = log.filter { $0 < 0 }.map { -$0 }
                let records = log.filter { $0 > 0 }
                recorded += records.count
                // One prepare per record, always before the record.
                #expect(prepares.count == records.count, "worker \(worker) of \(workers)")
                // The prepare that comes with record k is that of record k + 8, across epochs too (an epoch starts
                // with the next eight already told); the last eight are of requests past the run's end.
                let matched = (0..<(records.count - ReadAhead.prepareDistance)).count {
                    prepares[$0] == records[$0 + ReadAhead.prepareDistance]
                }
                #expect(
                    matched == records.count - ReadAhead.prepareDistance,
                    "worker \(worker) of \(workers): \(matched) of \(records.count)")
            }
            #expect(recorded == 30_000)
        }
    }

    @Test("a sink that loses one request in a thousand fails conservation")
    func lossySinkIsCaught() throws {
        let plan = try RunPlan(scenario: HarnessFixtures.scenario(events: 20_000))
        let run = try SinkRunner.run(
            LossySink.self, name: "lossy", plan, HarnessFixtures.setup(plan), DriveOptions(), [])
        let failed = run.checks.filter { !$0.passed }
        #expect(failed.count == 1)
        #expect(failed.first?.name == "requests recorded == generated")
        #expect(failed.first?.expected == 20_000)
        // Each worker forgets every 1000th of its own share.
        let lost = (0..<plan.workers).map { plan.eventShare(worker: $0)! / 1000 }.reduce(0, +)
        #expect(lost >= 19 && failed.first?.actual == 20_000 - lost)
    }

    @Test("the pipeline's books balance under churn and overflowing event queues")
    func pipelineConservation() throws {
        let scenario = HarnessFixtures.scenario(
            events: 200_000, churn: .rates(connectsPerSecond: 200, disconnectsPerSecond: 200),
            serverEvents: ServerEventSpec(ratePerSecond: 100_000, queueCapacity: 8, consumerSpeedPerSecond: 200))
        let plan = try RunPlan(scenario: scenario)
        let run = try SinkRunner.run(
            .statsbench, plan: plan, setup: HarnessFixtures.setup(plan), options: DriveOptions())
        #expect(run.checks.count > 20)
        for check in run.checks {
            #expect(check.passed, "\(check.name): expected \(check.expected), found \(check.actual)")
        }
        #expect(run.outcome.replacements > 0)
        let pipeline = try #require(run.pipeline)
        #expect(pipeline.eventsDropped > 0, "slow consumers must overflow their queues")
        #expect(pipeline.eventsDelivered > 0)
        #expect(pipeline.disconnectsError > 0 && pipeline.disconnectsTimeout > 0)
        #expect(run.checks.contains { $0.name == "ledger calls == generated model calls" })
        #expect(pipeline.modelCalls == run.outcome.totals.calls)
        #expect(pipeline.modelCalls > 100_000 && pipeline.modelCalls < 200_000, "3 of 4 requests call the model")
        #expect(pipeline.modelSavingsMicroUnits > 0, "cache hits save")
    }

    @Test("every request of the run is in the statsbench sink's whole-run histogram")
    func runQuantilesCoverTheRun() throws {
        let plan = try RunPlan(scenario: HarnessFixtures.scenario(events: 80_000))
        let sink = try StatsbenchSink(setup: HarnessFixtures.setup(plan))
        let outcome = try Driver.drive(sink, plan: plan, options: DriveOptions(captureLatencies: true))
        let truth = AccuracyProbe.sortedTruth(outcome, methods: 2)
        let estimates = try #require(sink.quantiles([0.5, 0.99, 1], scope: .run))
        for method in 0..<2 {
            let exactMax = truth[method].last!
            #expect(estimates[method][2] == exactMax, "the maximum is exact")
            let exactMedian = try #require(NearestRank.quantile(0.5, ofSorted: truth[method]))
            let error = abs(estimates[method][0]! - exactMedian) / exactMedian
            #expect(error <= 0.0055)
        }
    }
}

@Suite("Client pinning")
struct ClientPinningTests {
    @Test("each worker's requests land on its own slots, in range, for any client count", arguments: [2, 3, 4])
    func pinned(workers: Int) {
        for clients in [workers, workers + 1, 10, 97, 1000] {
            let pinnings = (0..<workers).map { ClientPinning(worker: $0, workers: workers, clients: clients) }
            var owner = [Int?](repeating: nil, count: clients)
            for (worker, pinning) in pinnings.enumerated() {
                for client in 0..<UInt32(clients) {
                    let slot = Int(pinning.pin(client))
                    #expect(slot >= 0 && slot < clients)
                    #expect(owner[slot] == nil || owner[slot] == worker, "slot \(slot) written by two workers")
                    owner[slot] = worker
                }
            }
        }
    }

    @Test("fewer clients than workers: nothing is moved (the handles are shared instead)")
    func tooFewClients() {
        let pinning = ClientPinning(worker: 1, workers: 4, clients: 3)
        #expect((0..<3).map { pinning.pin(UInt32($0)) } == [0, 1, 2])
        #expect(!ClientPinning.pins(workers: 4, clients: 3))
    }
}
