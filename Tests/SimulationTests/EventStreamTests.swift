import Simulation
import Testing

@Suite("Event stream")
struct EventStreamTests {
    private let count = 1_000_000

    private func configuration(
        seed: UInt64 = 42, arrival: ArrivalSpec = .poisson(ratePerSecond: 100_000), clients: Int = 10
    ) -> EventStreamConfiguration {
        EventStreamConfiguration(
            methods: [
                .init(
                    name: "get", weight: 7, latency: .lognormal(median: 0.002, sigma: 0.5),
                    requestBytes: .constant(value: 100), responseBytes: .uniform(minimum: 1000, maximum: 2000),
                    errorRate: 0.1),
                .init(name: "put", weight: 2, latency: .constant(value: 0.5), requestBytes: .constant(value: 4096)),
                .init(name: "delete", weight: 1, latency: .exponential(mean: 0.01), errorRate: 1),
            ],
            clients: clients, arrival: arrival, seed: seed)
    }

    private func generate(_ configuration: EventStreamConfiguration, count: Int) throws -> [SimulatedRequest] {
        var stream = try EventStream(configuration: configuration)
        return (0..<count).map { _ in stream.next() }
    }

    @Test("methods by weight, errors by rate, clients uniform (each share ± 6 standard errors over 1 M events)")
    func shares() throws {
        let events = try generate(configuration(), count: count)
        for (method, weight) in [(0, 0.7), (1, 0.2), (2, 0.1)] {
            let share = Double(events.count { $0.methodIndex == method }) / Double(count)
            #expect(abs(share - weight) <= StatisticalTolerance.proportion(weight, count: count), "method \(method)")
        }
        let gets = events.filter { $0.methodIndex == 0 }
        let getFailures = Double(gets.count { $0.outcome == .failure }) / Double(gets.count)
        #expect(abs(getFailures - 0.1) <= StatisticalTolerance.proportion(0.1, count: gets.count))
        #expect(events.allSatisfy { $0.methodIndex != 1 || $0.outcome == .success })
        #expect(events.allSatisfy { $0.methodIndex != 2 || $0.outcome == .failure })
        var clients = [Int](repeating: 0, count: 10)
        for event in events { clients[Int(event.clientIndex)] += 1 }
        for seen in clients {
            #expect(abs(Double(seen) / Double(count) - 0.1) <= StatisticalTolerance.proportion(0.1, count: count))
        }
    }

    @Test("each method draws from its own latency and size distributions")
    func perMethodDistributions() throws {
        let events = try generate(configuration(), count: 100_000)
        let puts = events.filter { $0.methodIndex == 1 }
        #expect(!puts.isEmpty)
        #expect(puts.allSatisfy { $0.latencySeconds == 0.5 && $0.requestBytes == 4096 && $0.responseBytes == 0 })
        let gets = events.filter { $0.methodIndex == 0 }
        #expect(gets.allSatisfy { $0.requestBytes == 100 && (1000...2000).contains($0.responseBytes) })
        let median = gets.map(\.latencySeconds).sorted()[gets.count / 2]
        #expect(abs(median / 0.002 - 1) < 0.02)  // lognormal median, n ≈ 70 000: 6σ ≈ 1.4 % at σ = 0.5
    }

    @Test("intended starts follow the arrival schedule exactly")
    func startsFollowSchedule() throws {
        let spec = ArrivalSpec.poisson(ratePerSecond: 1000)
        let events = try generate(configuration(arrival: spec), count: 10_000)
        var schedule = try ArrivalSchedule(spec, random: RandomStream(seed: 42, stream: .max))
        #expect(events.allSatisfy { $0.intendedStartNanoseconds == schedule.next() })
    }

    @Test(
        "worker shares: the union over any worker count is the single-worker stream, and so is the combined hash",
        arguments: [
            ArrivalSpec.poisson(ratePerSecond: 10_000), .ramp(fromPerSecond: 10, toPerSecond: 10_000, overSeconds: 2),
        ])
    func workerShares(arrival: ArrivalSpec) throws {
        let total = 30_000
        let configuration = configuration(arrival: arrival)
        var single = try EventStream(configuration: configuration)
        let everything = (0..<total).map { _ in single.next() }
        for workers in [2, 3, 5] {
            var union = [SimulatedRequest?](repeating: nil, count: total)
            var hashes: [UInt64] = []
            let block = EventStream.blockLength
            for worker in 0..<workers {
                var stream = try EventStream(configuration: configuration, worker: worker, workers: workers)
                // Worker w's events: the blocks w, w + W, w + 2W …
                let indices = (0..<total).filter { ($0 / block) % workers == worker }
                #expect(
                    UInt64(indices.count) == EventStream.share(ofWorker: worker, of: workers, events: UInt64(total)))
                for index in indices {
                    #expect(stream.nextEventIndex == UInt64(index))
                    let event = stream.next()
                    union[index] = event
                    #expect(stream.lastEventIndex == UInt64(index))
                    // What a consumer can know ahead: the worker's next index, and any event's client.
                    #expect(stream.nextEventIndex == stream.eventIndex(after: UInt64(index)))
                    #expect(event.clientIndex == stream.clientIndex(ofEvent: UInt64(index)))
                }
                hashes.append(stream.hash)
            }
            #expect(union.map { $0! } == everything, "\(workers) workers")
            #expect(EventStream.combinedHash(hashes) == single.hash, "\(workers) workers")
        }
    }

    @Test("a worker's share of an events run: whole blocks, then its part of the last round; the shares sum up")
    func workerShareCounts() {
        let block = UInt64(EventStream.blockLength)
        for workers in [1, 2, 3, 7] {
            for events in [0, 1, block - 1, block, block + 1, 5 * block + 3, 1_000_003] {
                let shares = (0..<workers).map { EventStream.share(ofWorker: $0, of: workers, events: events) }
                #expect(shares.reduce(0, +) == events, "\(workers) workers, \(events) events")
                let counted = (0..<workers).map { worker in
                    (0..<min(events, 10_000)).count { Int($0 / block) % workers == worker }
                }
                if events <= 10_000 { #expect(shares.map(Int.init) == counted, "\(workers) workers, \(events) events") }
            }
        }
    }

    @Test("the same seed gives the same events and hash; another seed another hash")
    func hashDeterminism() throws {
        var first = try EventStream(configuration: configuration(seed: 1))
        var again = try EventStream(configuration: configuration(seed: 1))
        var other = try EventStream(configuration: configuration(seed: 2))
        #expect(first.hash == 0)
        for _ in 0..<100_000 {
            #expect(first.next() == again.next())
            _ = other.next()
        }
        #expect(first.hash == again.hash && first.eventsGenerated == 100_000)
        #expect(first.hash != other.hash)
        // A different arrival process, client count or method mix also changes the hash.
        var slower = try EventStream(configuration: configuration(seed: 1, arrival: .poisson(ratePerSecond: 99_999)))
        var fewerClients = try EventStream(configuration: configuration(seed: 1, clients: 9))
        for _ in 0..<100_000 {
            _ = slower.next()
            _ = fewerClients.next()
        }
        #expect(Set([first.hash, slower.hash, fewerClients.hash]).count == 3)
    }

    /// Every sampler kind (a two-leaf and a flattened mixture among them), errors, and a Poisson and a burst
    /// schedule.
    private func pinnedConfiguration(arrival: ArrivalSpec) -> EventStreamConfiguration {
        EventStreamConfiguration(
            methods: [
                .init(
                    name: "get", weight: 5, latency: .lognormal(median: 0.008, sigma: 0.6),
                    requestBytes: .uniform(minimum: 10, maximum: 5000),
                    responseBytes: .pareto(minimum: 100, alpha: 1.5), errorRate: 0.05),
                .init(name: "put", weight: 2, latency: .exponential(mean: 0.003), requestBytes: .constant(value: 4096)),
                .init(
                    name: "mix", weight: 1,
                    latency: .bimodal(
                        first: .lognormal(median: 0.002, sigma: 0.25),
                        second: .bimodal(
                            first: .constant(value: 1), second: .uniform(minimum: 2, maximum: 3), firstWeight: 0.5),
                        firstWeight: 0.7),
                    responseBytes: .bimodal(
                        first: .constant(value: 10), second: .exponential(mean: 1000), firstWeight: 0.3),
                    errorRate: 1),
                .init(name: "rare", weight: 0.01, latency: .pareto(minimum: 0.001, alpha: 1.2)),
            ],
            clients: 777, arrival: arrival, seed: 20_261_130)
    }

    @Test(
        "the stream is the one earlier versions generated: each worker's hash is pinned (a change to how events are drawn breaks every saved baseline's hash, so it must be deliberate)",
        arguments: [
            (
                ArrivalSpec.poisson(ratePerSecond: 50_000),
                [[0x991e_a0bb_f0e5_e845], [0x692b_8cb5_b5ac_0892, 0xc4b7_7601_b7ee_6c3a, 0x71b2_72fb_09d9_d5a7]]
            ),
            (
                .burst(ratePerSecond: 1000, burstRatePerSecond: 100_000, periodSeconds: 1, burstSeconds: 0.25),
                [[0x5800_70c1_7b9a_9cb8], [0xdde3_625d_5bfc_7e58, 0x05cf_c9c9_ea70_0de4, 0x0af3_c172_cdcc_42e7]]
            ),
        ] as [(ArrivalSpec, [[UInt64]])])
    func pinnedStream(arrival: ArrivalSpec, expected: [[UInt64]]) throws {
        // Pinned when a block's draws came to come from one stream per block (each event had its own before):
        // a later change that moves any event's values must be deliberate and change these with the baselines.
        for (workers, hashes) in zip([1, 3], expected) {
            for worker in 0..<workers {
                var stream = try EventStream(
                    configuration: pinnedConfiguration(arrival: arrival), worker: worker, workers: workers)
                for _ in 0..<(50_001 / workers) { _ = stream.next() }
                #expect(stream.hash == hashes[worker], "worker \(worker) of \(workers)")
            }
        }
    }

    @Test("a request's fingerprint changes with every field and with its index")
    func fingerprint() {
        let base = SimulatedRequest(
            intendedStartNanoseconds: 1, latencySeconds: 0.25, requestBytes: 2, responseBytes: 3, clientIndex: 4,
            methodIndex: 5, outcome: .success)
        var variants = [base]
        variants.append(modifying(base) { $0.intendedStartNanoseconds = 2 })
        variants.append(modifying(base) { $0.latencySeconds = 0.26 })
        variants.append(modifying(base) { $0.requestBytes = 3 })
        variants.append(modifying(base) { $0.responseBytes = 2 })
        variants.append(modifying(base) { $0.clientIndex = 5 })
        variants.append(modifying(base) { $0.methodIndex = 4 })
        variants.append(modifying(base) { $0.outcome = .failure })
        var prints = Set(variants.map { $0.fingerprint(index: 0) })
        prints.insert(base.fingerprint(index: 1))
        #expect(prints.count == variants.count + 1)
    }

    private func modifying(_ request: SimulatedRequest, _ change: (inout SimulatedRequest) -> Void) -> SimulatedRequest
    {
        var copy = request
        change(&copy)
        return copy
    }
}
