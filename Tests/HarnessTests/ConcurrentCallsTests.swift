import ServerStats
import Simulation
import StatsTestSupport
import Testing

@testable import Harness

/// The concurrent-call figures the statsbench sink feeds: a call is in flight from its intended start to its end.
/// The calls in flight are kept the way a worker loop keeps them (its own bookkeeping, shared by every sink).
@Suite("Concurrent calls in simulated time")
struct ConcurrentCallsTests {
    typealias Loop = WorkerLoop<StatsbenchSink>

    /// Records `request` as a worker loop does: end the calls that ended by its start, serve its connection,
    /// record through the connection, begin its call.
    static func feed(
        _ request: SimulatedRequest, sink: StatsbenchSink, calls: inout InFlightCalls, connections: ConnectionTable
    ) {
        Loop.endCalls(
            before: request, calls: &calls, sink: sink, connections: connections.base, writes: true, worker: 0)
        let connection = Loop.serve(request, connections: connections.base, writes: true)
        sink.record(request, connection: connection, worker: 0)
        Loop.beginCall(
            of: request, connections: connections.base, writes: true, calls: &calls, sink: sink, worker: 0)
    }

    /// The most intervals `[start, end)` overlapping at once, by a sweep (an end at t comes before a start at t).
    static func maximumOverlap(_ calls: [(start: UInt64, end: UInt64)]) -> Int {
        let events = calls.flatMap { [($0.start, 1), ($0.end, -1)] }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        var current = 0
        var best = 0
        for (_, delta) in events {
            current += delta
            best = max(best, current)
        }
        return best
    }

    @Test("with one worker the server-wide and per-client peaks are the true maximum overlaps", arguments: [1, 2, 3])
    func peaksAreTheTrueMaxima(seed: UInt64) throws {
        let clients = 4
        let sink = try StatsbenchSink(setup: SinkSetup(methods: ["m"], workers: 1, clients: clients))
        let connections = ConnectionTable(slots: clients)
        for slot in 0..<clients { sink.connect(slot: slot, connection: connections[slot]) }
        var inFlight = InFlightCalls(capacity: 1 << 12)
        defer { inFlight.deallocate() }
        var random = SeededRandom(seed: seed)
        var start: UInt64 = 0
        var calls: [(start: UInt64, end: UInt64)] = []
        var perClient = Array(repeating: [(start: UInt64, end: UInt64)](), count: clients)
        for number in 0..<3_000 {
            start += random.next() % 2_000_000
            // Mostly short calls, some long, some without a duration (never in flight).
            let latency: Double =
                number % 50 == 0 ? 0 : number % 97 == 0 ? .nan : random.unitOpen() * (number % 7 == 0 ? 0.05 : 0.004)
            let client = UInt32(random.next() % UInt64(clients))
            Self.feed(
                SimulatedRequest(
                    intendedStartNanoseconds: start, latencySeconds: latency, requestBytes: 1, responseBytes: 1,
                    clientIndex: client, methodIndex: 0, outcome: .success),
                sink: sink, calls: &inFlight, connections: connections)
            if latency > 0 {
                let call = (start: start, end: start + UInt64(latency * 1e9))
                calls.append(call)
                perClient[Int(client)].append(call)
            }
        }
        let server = sink.pipeline.serverSnapshot()
        let truth = Self.maximumOverlap(calls)
        #expect(truth > 3, "the calls overlap")
        #expect(server.apiConcurrentCallsPeak == UInt64(truth))
        let inFlightAtLastStart = calls.filter { $0.start <= start && $0.end > start }.count
        #expect(server.apiConcurrentCallsCurrent == UInt64(inFlightAtLastStart))
        for client in sink.pipeline.clientSnapshots() {
            let slot = Int(client.clientID.dropFirst("client-".count))! - 1
            #expect(client.concurrentApiCallsPeak == UInt64(Self.maximumOverlap(perClient[slot])), "\(client.clientID)")
        }
        // Once the run's time passes every end, nothing is in flight; the peak stays.
        Loop.endCalls(
            endingBy: start + 1_000_000_000, calls: &inFlight, sink: sink, connections: connections.base, worker: 0)
        // The connections counted every request and every ended call (each client's own, too).
        #expect(connections.requests == 3_000 && connections.callsEnded == UInt64(calls.count))
        for slot in 0..<clients {
            #expect(connections[slot].pointee.callsEnded == UInt64(perClient[slot].count), "slot \(slot)")
        }
        sink.advance(toNanoseconds: start + 1_000_000_000)
        #expect(sink.pipeline.serverSnapshot().apiConcurrentCallsCurrent == 0)
        #expect(sink.pipeline.serverSnapshot().apiConcurrentCallsPeak == UInt64(truth))
        #expect(sink.pipeline.clientSnapshots().map(\.concurrentApiCallsCurrent) == [0, 0, 0, 0])
        #expect(inFlight.peak == truth, "the loop's own account is the same sweep")
        let checks = sink.concurrencyChecks(
            server: sink.pipeline.serverSnapshot(),
            calls: CallOverlap(workerPeaks: [inFlight.peak], inFlight: UInt64(inFlight.count), endedEarly: 0))
        for check in checks {
            #expect(check.passed, "\(check.name): expected \(check.expected), found \(check.actual)")
        }
    }

    @Test(
        "the wheel against a reference: random pushes, ends by time, leaving clients, a full store, overflow",
        arguments: [(5, 6, 4), (6, 10, 8), (7, 14, 6)])
    func wheelAgainstReference(seed: UInt64, bucketWidthLog2: Int, bucketCountLog2: Int) {
        // Wheels of 1 µs to 1 ms: with the smallest most calls wait in the overflow heap.
        var calls = InFlightCalls(capacity: 32, bucketWidthLog2: bucketWidthLog2, bucketCountLog2: bucketCountLog2)
        defer { calls.deallocate() }
        var reference: [(end: UInt64, slot: UInt32)] = []
        var random = SeededRandom(seed: seed)
        var now: UInt64 = 0
        var peak = 0
        var overflowed = false
        for step in 0..<40_000 {
            // Mostly small steps; now and then a jump past many buckets, or no step at all.
            now += step % 1_000 == 0 ? random.next() % 5_000_000 : random.next() % 1_000
            switch random.next() % 100 {
            case 0..<55:
                let slot = UInt32(random.next() % 50)
                // Some calls end far beyond the wheel; a few had already ended when added.
                let end =
                    step % 97 == 0
                    ? now - min(now, random.next() % 50)
                    : now + random.next() % (step % 3 == 0 ? 2_000_000 : 20_000)
                if end >> UInt64(bucketWidthLog2) > (now >> UInt64(bucketWidthLog2)) + (1 << UInt64(bucketCountLog2)) {
                    overflowed = true
                }
                if calls.isFull {
                    let earliest = reference.map(\.end).min()!
                    let slotEnded = calls.endEarly()
                    let index = reference.firstIndex { $0.end == earliest && $0.slot == slotEnded }
                    #expect(index != nil, "ended early a call that is not the earliest")
                    if let index { reference.remove(at: index) }
                }
                calls.push(end: end, slot: slot)
                reference.append((end, slot))
                peak = max(peak, reference.count)
            case 55..<95:
                var ended: [UInt32] = []
                calls.removeEnded(by: now) { ended.append($0) }
                let expected = reference.filter { $0.end <= now }.map(\.slot)
                #expect(ended.sorted() == expected.sorted(), "step \(step)")
                reference.removeAll { $0.end <= now }
            case 95..<97:
                let slot = UInt32(random.next() % 50)
                let removed = calls.removeAll(slot: slot)
                #expect(removed == reference.filter { $0.slot == slot }.count)
                reference.removeAll { $0.slot == slot }
            case 97..<99:
                // Several clients leave at once (an epoch's churn): one pass ends exactly their calls.
                let leaving = Set((0..<(1 + random.next() % 8)).map { _ in UInt32(random.next() % 50) })
                var ended: [UInt32] = []
                calls.removeAll(leaving: { leaving.contains($0) }) { ended.append($0) }
                #expect(ended.sorted() == reference.filter { leaving.contains($0.slot) }.map(\.slot).sorted())
                reference.removeAll { leaving.contains($0.slot) }
            default:
                var ended: [UInt32] = []
                calls.removeAll { ended.append($0) }
                #expect(ended.sorted() == reference.map(\.slot).sorted())
                reference.removeAll()
            }
            #expect(calls.count == reference.count)
        }
        #expect(calls.peak == peak && calls.truncated > 0, "the store filled up at least once")
        #expect(overflowed, "some calls ended beyond the wheel")
    }

    @Test("a client that leaves ends its calls in flight; the others keep theirs")
    func leavingClientEndsItsCalls() throws {
        let sink = try StatsbenchSink(setup: SinkSetup(methods: ["m"], workers: 1, clients: 2))
        let connections = ConnectionTable(slots: 2)
        sink.connect(slot: 0, connection: connections[0])
        sink.connect(slot: 1, connection: connections[1])
        var inFlight = InFlightCalls(capacity: 16)
        defer { inFlight.deallocate() }
        for (start, client) in [(0, 0), (1, 0), (2, 1)] as [(UInt64, UInt32)] {
            Self.feed(
                SimulatedRequest(
                    intendedStartNanoseconds: start, latencySeconds: 10, requestBytes: 1, responseBytes: 1,
                    clientIndex: client, methodIndex: 0, outcome: .success),
                sink: sink, calls: &inFlight, connections: connections)
        }
        #expect(sink.pipeline.serverSnapshot().apiConcurrentCallsCurrent == 3)
        // As the driver does before a disconnect: end the leaving client's calls.
        for _ in 0..<inFlight.removeAll(slot: 0) {
            Loop.end(slot: 0, connections: connections.base, sink: sink, worker: 0)
        }
        sink.disconnect(slot: 0, reason: .graceful)
        #expect(sink.pipeline.serverSnapshot().apiConcurrentCallsCurrent == 1)
        #expect(sink.pipeline.serverSnapshot().apiConcurrentCallsPeak == 3)
        sink.connect(slot: 0, connection: connections[0])
        let fresh = try #require(sink.pipeline.clientSnapshot(id: "client-3"))
        #expect(fresh.concurrentApiCallsCurrent == 0, "the new client in the slot inherits nothing")
        // The slot's connection now holds the new client's handle: its requests go to the new client.
        Self.feed(
            SimulatedRequest(
                intendedStartNanoseconds: 3, latencySeconds: 0, requestBytes: 1, responseBytes: 1, clientIndex: 0,
                methodIndex: 0, outcome: .success),
            sink: sink, calls: &inFlight, connections: connections)
        #expect(sink.pipeline.clientSnapshot(id: "client-3")?.apiCallsTotal == 1)
        #expect(connections[0].pointee.requests == 3 && connections[0].pointee.callsEnded == 2)
    }
}

@Suite("Connections")
struct ConnectionTests {
    @Test("a connection is one aligned cache line; a sink's state round-trips without touching the driver's words")
    func sinkStateRoundTrip() {
        #expect(MemoryLayout<Connection>.stride == 64)
        let table = ConnectionTable(slots: 3)
        for slot in 0..<3 {
            #expect(Int(bitPattern: UnsafeRawPointer(table[slot])) % 64 == 0)
            #expect(table[slot].pointee.requests == 0 && table[slot].pointee.callsEnded == 0)
        }
        table[1].pointee.requests = 7
        table[1].pointee.lastStartNanoseconds = 9
        table[1].pointee.callsEnded = 11
        let state: (UInt64, UInt64, UInt64, UInt64, UInt64) = (1, 2, 3, .max, 5)
        table[1].storeSinkState(state)
        let read = table[1].sinkState(as: (UInt64, UInt64, UInt64, UInt64, UInt64).self)
        #expect(read.0 == 1 && read.1 == 2 && read.2 == 3 && read.3 == .max && read.4 == 5)
        #expect(table[1].pointee.requests == 7 && table[1].pointee.lastStartNanoseconds == 9)
        #expect(table[1].pointee.callsEnded == 11)
        #expect(table[0].pointee.requests == 0 && table[2].pointee.requests == 0, "neighbours untouched")
        #expect(table.requests == 7 && table.callsEnded == 11)
    }

    @Test("the statsbench sink's prepare changes no figure and its connection's words; the record that follows counts")
    func prepareChangesNothing() throws {
        let sink = try StatsbenchSink(setup: SinkSetup(methods: ["m"], workers: 1, clients: 3))
        let table = ConnectionTable(slots: 3)
        for slot in 0..<3 { sink.connect(slot: slot, connection: table[slot]) }
        sink.record(
            SimulatedRequest(
                intendedStartNanoseconds: 1, latencySeconds: 0.002, requestBytes: 10, responseBytes: 20, clientIndex: 1,
                methodIndex: 0, outcome: .success),
            connection: table[1], worker: 0)
        let server = sink.pipeline.serverSnapshot()
        let clients = sink.pipeline.clientSnapshots()
        for _ in 0..<3 {
            for slot in 0..<3 { sink.prepare(connection: table[slot], worker: 0) }
        }
        #expect(sink.pipeline.serverSnapshot() == server)
        #expect(sink.pipeline.clientSnapshots() == clients)
        #expect(table.requests == 0 && table.callsEnded == 0)
        sink.prepare(connection: table[2], worker: 0)
        sink.record(
            SimulatedRequest(
                intendedStartNanoseconds: 2, latencySeconds: 0.001, requestBytes: 1, responseBytes: 2, clientIndex: 2,
                methodIndex: 0, outcome: .success),
            connection: table[2], worker: 0)
        #expect(sink.pipeline.serverSnapshot().apiCallsTotal == 2)
        #expect(sink.pipeline.clientSnapshots().map(\.apiCallsTotal).sorted() == [0, 1, 1])
    }
}
