import StatsTestSupport
import Testing

@testable import ServerStats
@testable import StatsCore

@Suite("Client directory and record layout")
struct ClientDirectoryTests {
    /// A random mix of connects and disconnects (the index grows from 16 buckets, so probe runs collide and
    /// removals shift entries back), checked against a dictionary: the index must find every connected id and no other, and keep its count.
    @Test("the id index agrees with a dictionary through 20 000 random connects and disconnects")
    func indexAgreesWithDictionary() {
        let table = RecordTable(fieldsPerRecord: ClientField.allCases.count, chunkSize: 64)
        var directory = ClientDirectory()
        var model: [String: ClientHandle] = [:]
        var connected: [String] = []
        var generator = SeededRandom(seed: 7)
        var nextID = 0
        for step in 0..<20_000 {
            let connect = model.isEmpty || generator.next() % 100 < 55
            if connect {
                let id = "c\(nextID)"
                nextID += 1
                let handle = ClientHandle(record: table.allocate(shared: false))
                #expect(directory.slot(of: id) == nil)
                directory.insert(id: id, handle: handle)
                model[id] = handle
                connected.append(id)
            } else {
                let pick = Int(generator.next() % UInt64(connected.count))
                connected.swapAt(pick, connected.count - 1)
                let victim = connected.removeLast()
                let handle = model.removeValue(forKey: victim)!
                let (entry, pieces) = directory.remove(slot: handle.slot)
                #expect(entry.id == victim && entry.handle == handle && pieces.isEmpty)
                table.release(handle.record)
            }
            #expect(directory.count == model.count)
            if step % 500 == 0 || step > 19_900 {
                for (id, handle) in model {
                    #expect(directory.slot(of: id) == handle.slot, "id \(id)")
                    #expect(directory.entry(slot: handle.slot)?.id == id)
                }
                #expect(directory.slot(of: "c\(nextID)") == nil, "an id never connected")
                var walked = 0
                directory.forEach { entry in
                    walked += 1
                    #expect(model[entry.id] == entry.handle)
                }
                #expect(walked == model.count)
            }
        }
    }

    @Test("a page of clients is the slice of all clients sorted by id, for any offset and limit")
    func pages() throws {
        let pipeline = try makePipeline()
        let worker = pipeline.workers.register()
        var generator = SeededRandom(seed: 11)
        var ids: [String] = []
        for _ in 0..<300 {
            let id = "client-\(generator.next() % 1_000_000)"
            guard !ids.contains(id) else { continue }
            ids.append(id)
            _ = try pipeline.connect(clientID: id, worker: worker)
        }
        let sorted = ids.sorted()
        for (offset, limit) in [
            (0, 50), (0, 1), (17, 5), (250, 100), (ids.count - 1, 50), (ids.count, 10), (0, 0),
            (0, 10_000), (5, Int.max),
        ] {
            let (total, page) = pipeline.clientPage(offset: offset, limit: limit)
            let expected =
                offset >= sorted.count ? [] : Array(sorted[offset..<(offset + min(limit, sorted.count - offset))])
            #expect(total == ids.count)
            #expect(page.map(\.clientID) == expected, "offset \(offset), limit \(limit)")
        }
    }

    @Test("every field a successful call writes (begin, request, end) lies on the client record's first line")
    func requestLine() throws {
        let fields: [ClientField] = [
            .apiCallsTotal, .bytesApiRequests, .bytesApiResponses, .largestRequestBytes, .largestResponseBytes,
            .extremes, .lastApiCall, .concurrentCalls,
        ]
        #expect(fields.allSatisfy { $0.rawValue < ClientField.requestLine })
        #expect(ClientField.requestLine == RecordTable.wordsPerLine)
        let table = RecordTable(fieldsPerRecord: ClientField.allCases.count)
        #expect(table.recordStride == 40, "40 words: 320 bytes, five whole lines")
        let first = table.allocate(shared: false)
        let second = table.allocate(shared: false)
        let address = { (handle: RecordHandle) in UInt(bitPattern: handle.base) }
        #expect(address(first) % 64 == 0 && address(second) % 64 == 0, "records start on a line")
        #expect(address(second) - address(first) == 320)
    }

    @Test("the last call packs its time (to 1.024 µs) and method in one word")
    func lastCallPacking() throws {
        let time: UInt64 = 1_790_000_000_123_456_789
        for method in [0, 1, 17, MethodTable.maximumCount - 1] {
            let word = LastCall.pack(nanoseconds: time, methodIndex: method)
            #expect(LastCall.methodIndex(word) == method)
            let back = try #require(LastCall.nanoseconds(word))
            #expect(back <= time && time - back < 1024)
        }
        #expect(LastCall.nanoseconds(0) == nil && LastCall.methodIndex(0) == nil)
        #expect(throws: StatsConfigurationError.self) {
            _ = try MethodTable((0...MethodTable.maximumCount).map { "m\($0)" })
        }
        #expect(try MethodTable((0..<MethodTable.maximumCount).map { "m\($0)" }).count == 4095)
    }

    @Test("the packed extremes keep the slowest and fastest duration within Float's precision, in any order")
    func extremesPacking() {
        var generator = SeededRandom(seed: 3)
        for _ in 0..<200 {
            let durations = (0..<Int(generator.next() % 20 + 1)).map { _ in
                Double(generator.next() % 1_000_000_000) / 1e6  // 0 … 1000 s, in µs steps, 0 included
            }
            var word: UInt64 = 0
            for duration in durations { word = CallExtremes.merged(word, key: CallExtremes.key(duration)) }
            let slowest = CallExtremes.slowest(word)!
            let fastest = CallExtremes.fastest(word)!
            #expect(abs(slowest - durations.max()!) <= durations.max()! * 6e-8)
            #expect(abs(fastest - durations.min()!) <= durations.min()! * 6e-8)
        }
        #expect(CallExtremes.slowest(0) == nil && CallExtremes.fastest(0) == nil)
        let zero = CallExtremes.merged(0, key: CallExtremes.key(0))
        #expect(CallExtremes.slowest(zero) == 0 && CallExtremes.fastest(zero) == 0, "a 0 s call is a call")
        #expect(CallExtremes.slowest(CallExtremes.merged(0, key: CallExtremes.key(1e300))) == .infinity)
    }

    @Test("concurrent calls: current and peak from two threads on a shared client, and an unmatched end ignored")
    func concurrentCallsPacking() throws {
        let pipeline = try makePipeline()
        let worker = pipeline.workers.register()
        let shared = try pipeline.connect(clientID: "s", sharedAcrossWorkers: true, worker: worker)
        runOnThreads(2) { _ in
            for _ in 0..<50_000 {
                pipeline.beginCall(client: shared)
                pipeline.beginCall(client: shared)
                pipeline.endCall(client: shared)
                pipeline.endCall(client: shared)
            }
            pipeline.beginCall(client: shared)
        }
        let snapshot = try #require(pipeline.clientSnapshot(id: "s"))
        #expect(snapshot.concurrentApiCallsCurrent == 2, "every begin matched by an end, plus one open call a thread")
        #expect((2...4).contains(snapshot.concurrentApiCallsPeak), "two threads with at most two open each")
        let own = try pipeline.connect(clientID: "o", worker: worker)
        pipeline.endCall(client: own)
        pipeline.beginCall(client: own)
        pipeline.beginCall(client: own)
        pipeline.endCall(client: own)
        let ownSnapshot = try #require(pipeline.clientSnapshot(id: "o"))
        #expect(ownSnapshot.concurrentApiCallsCurrent == 1 && ownSnapshot.concurrentApiCallsPeak == 2)
    }

    @Test("queue health counts kept as depths change equal a walk over every client, through offers, polls and leaves")
    func queueHealthIncremental() throws {
        let pipeline = try makePipeline(queueCapacity: 4)
        let worker = pipeline.workers.register()
        var generator = SeededRandom(seed: 5)
        var queues: [String: EventQueue<Int>] = [:]
        var next = 0
        for step in 0..<3_000 {
            let roll = generator.next() % 100
            if queues.isEmpty || roll < 10 {
                let id = "q\(next)"
                next += 1
                queues[id] = EventQueue(client: try pipeline.connect(clientID: id, worker: worker), pipeline: pipeline)
            } else {
                let id = queues.keys.sorted()[Int(generator.next() % UInt64(queues.count))]
                if roll < 14 {
                    try pipeline.disconnect(queues.removeValue(forKey: id)!.client, reason: .graceful, worker: worker)
                } else if roll < 60 {
                    queues[id]!.offer(step, kind: .server, bytes: 1, worker: worker)
                } else {
                    _ = queues[id]!.poll(worker: worker)
                }
            }
            if step % 100 == 0 || step == 2_999 {
                var walked: [QueueHealth: UInt64] = [.healthy: 0, .warning: 0, .critical: 0]
                for client in pipeline.clientSnapshots() {
                    walked[QueueHealth(depth: client.queueSizeCurrent, capacity: 4), default: 0] += 1
                }
                let snapshot = pipeline.serverSnapshot()
                #expect(snapshot.eventQueuesHealthyCount == walked[.healthy], "step \(step)")
                #expect(snapshot.eventQueuesWarningCount == walked[.warning], "step \(step)")
                #expect(snapshot.eventQueuesCriticalCount == walked[.critical], "step \(step)")
            }
        }
    }

    @Test("a client's last call reads back the method and time the pipeline recorded")
    func lastCallThroughPipeline() throws {
        let pipeline = try makePipeline()
        let worker = pipeline.workers.register()
        let client = try pipeline.connect(clientID: "a", worker: worker)
        #expect(pipeline.clientSnapshot(id: "a")?.lastApiCall == nil)
        let at = pipeline.clock.now
        pipeline.recordRequest(
            method: MethodID(index: 1), seconds: 0.01, requestBytes: 3, responseBytes: 4, outcome: .success,
            client: client, worker: worker)
        let snapshot = try #require(pipeline.clientSnapshot(id: "a"))
        let recorded = try #require(snapshot.lastApiCall).nanosecondsSinceEpoch
        #expect(recorded <= at.nanosecondsSinceEpoch && at.nanosecondsSinceEpoch - recorded < 1024)
        #expect(snapshot.lastApiMethod == pipeline.configuration.methods.names[1])
        #expect(snapshot.apiCallsTotal == 1 && snapshot.bytesApiRequests == 3 && snapshot.bytesApiResponses == 4)
    }
}
