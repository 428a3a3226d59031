import ServerStats
import StatsCore
import StatsTestSupport
import Synchronization
import Testing

@Suite("StatsPipeline conservation")
struct PipelineConservationTests {
    /// What a test thread recorded, for comparison with the pipeline's figures.
    final class Tally: Sendable {
        let calls = Atomic<UInt64>(0)
        let failures = Atomic<UInt64>(0)
        let requestBytes = Atomic<UInt64>(0)
        let responseBytes = Atomic<UInt64>(0)
    }

    @Test("two workers: per-client sums equal server totals equal what was recorded")
    func twoWorkers() throws {
        let pipeline = try makePipeline()
        let get = try #require(pipeline.methods.id(of: "get"))
        let tally = Tally()
        runOnThreads(2) { thread in
            let worker = pipeline.workers.register()
            var random = SeededRandom(seed: UInt64(thread + 1))
            let clients = (0..<20).map { try! pipeline.connect(clientID: "w\(thread)-c\($0)", worker: worker) }
            for step in 0..<200_000 {
                let requestBytes = random.next() % 2000
                let responseBytes = random.next() % 9000
                let failed = random.next() % 10 == 0
                pipeline.recordRequest(
                    method: get, seconds: 0.001 + Double(step % 50) * 1e-4, requestBytes: requestBytes,
                    responseBytes: responseBytes, outcome: failed ? .timeoutError : .success,
                    client: clients[step % clients.count], worker: worker)
                tally.calls.wrappingAdd(1, ordering: .relaxed)
                if failed { tally.failures.wrappingAdd(1, ordering: .relaxed) }
                tally.requestBytes.wrappingAdd(requestBytes, ordering: .relaxed)
                tally.responseBytes.wrappingAdd(responseBytes, ordering: .relaxed)
            }
        }
        let server = pipeline.serverSnapshot()
        let clients = pipeline.clientSnapshots()
        #expect(clients.count == 40)
        #expect(server.apiCallsTotal == tally.calls.load(ordering: .relaxed))
        #expect(server.apiCallsTotal == 400_000)
        #expect(server.apiCallsFailure == tally.failures.load(ordering: .relaxed))
        #expect(server.apiCallsSuccess + server.apiCallsFailure == server.apiCallsTotal)
        #expect(server.timeoutErrorsTotal == server.apiCallsFailure)
        #expect(server.bytesApiRequestsTotal == tally.requestBytes.load(ordering: .relaxed))
        #expect(server.bytesApiResponsesTotal == tally.responseBytes.load(ordering: .relaxed))
        #expect(clients.map(\.apiCallsTotal).reduce(0, +) == server.apiCallsTotal)
        #expect(clients.map(\.apiCallsFailure).reduce(0, +) == server.apiCallsFailure)
        #expect(clients.map(\.bytesReceived).reduce(0, +) == server.bytesApiRequestsTotal)
        #expect(clients.map(\.bytesSent).reduce(0, +) == server.bytesApiResponsesTotal)
        #expect(server.clientsConnectedTotal - server.clientsDisconnectedTotal == server.clientsConnectedCurrent)
        let window = pipeline.requestStatistics()
        #expect(window.total == server.apiCallsTotal)
        #expect(window.errors == server.apiCallsFailure)
    }

    @Test("sent − dropped = delivered + queued, per client and server-wide, with a slow consumer")
    func events() throws {
        let pipeline = try makePipeline(queueCapacity: 8)
        let producer = pipeline.workers.register()
        let clients = try (0..<3).map { try pipeline.connect(clientID: "c\($0)", worker: producer) }
        let queues = clients.map { EventQueue<Int>(client: $0, pipeline: pipeline) }
        let consumed = Atomic<Int>(0)
        runOnThreads(2) { thread in
            let worker = pipeline.workers.register()
            if thread == 0 {
                for event in 0..<30_000 {
                    queues[event % 3].offer(event, kind: event % 5 == 0 ? .piece : .server, bytes: 100, worker: worker)
                }
            } else {
                for round in 0..<20_000 where round % 3 != 0 {  // a consumer slower than the producer
                    if queues[round % 3].poll(worker: worker) != nil { consumed.wrappingAdd(1, ordering: .relaxed) }
                }
            }
        }
        let server = pipeline.serverSnapshot()
        let queued = UInt64(queues.map(\.depth).reduce(0, +))
        #expect(server.eventsSentTotal == 30_000)
        #expect(server.serverEventsSent + server.pieceEventsSent == 30_000)
        #expect(server.eventDeliverySuccesses == UInt64(consumed.load(ordering: .relaxed)))
        #expect(server.eventsSentTotal - server.eventsDroppedTotal == server.eventDeliverySuccesses + queued)
        #expect(server.eventsDroppedTotal > 0, "the slow consumer must have overflowed")
        for (client, queue) in zip(pipeline.clientSnapshots(), queues) {
            #expect(client.eventsSent - client.eventsDropped == client.eventsDelivered + UInt64(queue.depth))
            #expect(client.queueSizeCurrent == UInt64(queue.depth))
            #expect(client.queueSizePeak == 8)
        }
        #expect(pipeline.clientSnapshots().map(\.eventsDropped).reduce(0, +) == server.eventsDroppedTotal)
        #expect(server.bytesEventsTotal == 100 * server.eventDeliverySuccesses)
    }

    @Test("disconnects fold sessions into the server totals, reclaim records and keep every count")
    func disconnects() throws {
        let pipeline = try makePipeline()
        let worker = pipeline.workers.register()
        let put = try #require(pipeline.methods.id(of: "put"))
        let a = try pipeline.connect(clientID: "a", worker: worker)
        let b = try pipeline.connect(clientID: "b", worker: worker)
        pipeline.recordRequest(
            method: put, seconds: 0.5, requestBytes: 10, responseBytes: 20, outcome: .success, client: a, worker: worker
        )
        pipeline.tick(to: t(1030))
        try pipeline.disconnect(a, reason: .graceful, worker: worker)
        pipeline.tick(to: t(1090))
        let final = try pipeline.disconnect(b, reason: .timeout, worker: worker)
        #expect(final.clientID == "b")
        let server = pipeline.serverSnapshot()
        #expect(server.clientsConnectedTotal == 2 && server.clientsDisconnectedTotal == 2)
        #expect(server.clientsConnectedCurrent == 0 && server.clientsConnectedPeak == 2)
        #expect(server.clientsDisconnectedGraceful == 1 && server.clientsDisconnectedTimeout == 1)
        #expect(server.shortestSession == 30 && server.longestSession == 90)
        #expect(abs(server.connectionDurationTotal - 120) < 1e-6)
        #expect(server.apiCallsTotal == 1 && server.bytesTransferredTotal == 30)
        #expect(pipeline.clientSnapshot(id: "a") == nil)
        #expect(throws: ClientRegistryError.self) { try pipeline.disconnect(a, reason: .error, worker: worker) }
        // The freed record is reused, zeroed.
        let c = try pipeline.connect(clientID: "c", worker: worker)
        #expect(c.slot == a.slot || c.slot == b.slot)
        #expect(pipeline.clientSnapshot(id: "c")?.apiCallsTotal == 0)
    }

    @Test("a duplicate or empty client id is a clear error")
    func badClientIDs() throws {
        let pipeline = try makePipeline()
        let worker = pipeline.workers.register()
        _ = try pipeline.connect(clientID: "x", worker: worker)
        #expect(throws: ClientRegistryError.alreadyConnected("x")) {
            try pipeline.connect(clientID: "x", worker: worker)
        }
        #expect(throws: ClientRegistryError.emptyID) { try pipeline.connect(clientID: "", worker: worker) }
        #expect(String(describing: ClientRegistryError.alreadyConnected("x")).contains("'x'"))
    }
}

@Suite("StatsPipeline bad values")
struct PipelineBadValueTests {
    @Test("NaN, negative and infinite durations are counted but never become the slowest or fastest call")
    func badDurations() throws {
        let pipeline = try makePipeline()
        let worker = pipeline.workers.register()
        let client = try pipeline.connect(clientID: "c", worker: worker)
        let get = try #require(pipeline.methods.id(of: "get"))
        for seconds in [0.25, .nan, -3, .infinity, 0.5, 0] {
            pipeline.recordRequest(
                method: get, seconds: seconds, requestBytes: 1, responseBytes: 1, outcome: .success,
                client: client, worker: worker)
        }
        let server = pipeline.serverSnapshot()
        #expect(server.apiCallsTotal == 6)
        #expect(server.apiSlowestCall == 0.5 && server.apiFastestCall == 0)
        let snapshot = try #require(pipeline.clientSnapshot(id: "c"))
        #expect(snapshot.slowestApiCall == 0.5 && snapshot.fastestApiCall == 0)
        let window = pipeline.requestStatistics()
        #expect(window.total == 5, "NaN is rejected by the histogram; the other five are counted")
        #expect(window.maximum == .infinity)
    }

    @Test("times outside the representable range are clamped, never a crash")
    func clampedTimes() {
        #expect(StatsTime(secondsSinceEpoch: -5).nanosecondsSinceEpoch == 0)
        #expect(StatsTime(secondsSinceEpoch: .nan).nanosecondsSinceEpoch == 0)
        #expect(StatsTime(secondsSinceEpoch: .infinity).nanosecondsSinceEpoch == .max)
        #expect(StatsTime(secondsSinceEpoch: 1.5).nanosecondsSinceEpoch == 1_500_000_000)
    }
}
