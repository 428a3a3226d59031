import ServerStats
import StatsCore
import Testing

@Suite("Derived analytics")
struct AnalyticsTests {
    @Test("server figures on a hand-computed example")
    func server() throws {
        let pipeline = try makePipeline(queueCapacity: 4)
        let worker = pipeline.workers.register()
        let get = try #require(pipeline.methods.id(of: "get"))
        let a = try pipeline.connect(clientID: "a", worker: worker)
        let b = try pipeline.connect(clientID: "b", worker: worker)
        for (index, seconds) in [0.2, 0.4, 0.6, 0.8].enumerated() {
            pipeline.recordRequest(
                method: get, seconds: seconds, requestBytes: 0, responseBytes: 0,
                outcome: index == 3 ? .serverError : .success, client: a, worker: worker)
        }
        let queueA = EventQueue<Int>(client: a, pipeline: pipeline)
        for event in 0..<6 { queueA.offer(event, kind: .server, bytes: 1, worker: worker) }  // 2 dropped, depth 4
        let queueB = EventQueue<Int>(client: b, pipeline: pipeline)
        for event in 0..<2 { queueB.offer(event, kind: .piece, bytes: 1, worker: worker) }
        try pipeline.subscribe(a, piece: "p", worker: worker)
        try pipeline.subscribe(b, piece: "p", worker: worker)
        try pipeline.unsubscribe(b, piece: "p", worker: worker)
        pipeline.tick(to: t(1000 + 7200))  // two hours up

        let snapshot = pipeline.serverSnapshot()
        let analytics = ServerAnalytics(snapshot)
        #expect(analytics.uptimeSeconds == 7200)
        #expect(analytics.apiSuccessRate == 0.75)
        #expect(abs(analytics.responseTimeRange - 0.6) < 1e-12)
        #expect(analytics.eventDeliveryReliability == 0.75)  // (8 − 2) / 8
        #expect(analytics.apiCallsPerHour == 2)
        #expect(analytics.subscriptionChurnPerHour == 1.5)  // 3 changes / 2 h
        #expect(snapshot.eventQueuesCriticalCount == 1 && snapshot.eventQueuesHealthyCount == 1)
        #expect(analytics.queueHealthScore == 0.5)
        #expect(abs(analytics.healthScore - (0.4 * 0.75 + 0.3 * 0.75 + 0.3 * 0.5)) < 1e-12)
        #expect(snapshot.pieceSubscriptionsTotal == 2 && snapshot.pieceSubscriptionsActive == 1)
        #expect(snapshot.pieceSubscriptionsPeak == 2 && snapshot.mostSubscribedPieceCount == 1)
        #expect(snapshot.serverErrorsTotal == 1)
        #expect(snapshot.apiSlowestCall == 0.8 && snapshot.apiFastestCall == 0.2)
    }

    @Test("division by zero is defined: an idle server is healthy")
    func idle() throws {
        let pipeline = try makePipeline()
        let analytics = ServerAnalytics(pipeline.serverSnapshot())
        #expect(analytics.uptimeSeconds == 0)
        #expect(analytics.apiSuccessRate == 1 && analytics.eventDeliveryReliability == 1)
        #expect(analytics.apiCallsPerHour == 0 && analytics.subscriptionChurnPerHour == 0)
        #expect(analytics.queueHealthScore == 1 && analytics.healthScore == 1)
        #expect(analytics.responseTimeRange == 0)
    }

    @Test("client figures on a hand-computed example")
    func client() throws {
        let pipeline = try makePipeline(queueCapacity: 4)
        let worker = pipeline.workers.register()
        let put = try #require(pipeline.methods.id(of: "put"))
        let client = try pipeline.connect(clientID: "c", worker: worker)
        pipeline.recordRequest(
            method: put, seconds: 0.1, requestBytes: 5, responseBytes: 7, outcome: .success, client: client,
            worker: worker)
        pipeline.recordRequest(
            method: put, seconds: 0.3, requestBytes: 5, responseBytes: 7, outcome: .networkError, client: client,
            worker: worker)
        let queue = EventQueue<String>(client: client, pipeline: pipeline)
        for event in 0..<3 { queue.offer("e\(event)", kind: .connect, bytes: 10, worker: worker) }
        pipeline.tick(to: t(1010))
        #expect(queue.poll(worker: worker) == "e0")
        let snapshot = try #require(pipeline.clientSnapshot(id: "c"))
        let analytics = ClientAnalytics(snapshot, now: t(1010), queueCapacity: 4)
        #expect(analytics.apiSuccessRate == 0.5)
        // A client's slowest and fastest durations are kept as Float (relative error < 6e-8 each).
        #expect(abs(analytics.responseTimeRange - 0.2) <= (0.3 + 0.1) * 6e-8)
        #expect(analytics.connectionDuration == 10)
        #expect(analytics.apiCallFrequency == 0.2)
        #expect(analytics.eventConsumptionRate == 0.1)
        #expect(analytics.queueHealth == .healthy)  // 2 of 4
        #expect(snapshot.lastApiMethod == "put" && snapshot.lastError == "network-error")
        #expect(snapshot.lastEventKind == .connect && snapshot.connectEventsReceived == 1)
        #expect(snapshot.queueConsumerLag == 10)
        #expect(snapshot.networkErrors == 1)
    }

    @Test("queue health classes at their thresholds")
    func queueHealth() {
        #expect(QueueHealth(depth: 74, capacity: 100) == .healthy)
        #expect(QueueHealth(depth: 75, capacity: 100) == .warning)
        #expect(QueueHealth(depth: 89, capacity: 100) == .warning)
        #expect(QueueHealth(depth: 90, capacity: 100) == .critical)
        #expect(QueueHealth(depth: 100, capacity: 100) == .critical)
    }

    @Test("overflow drops the oldest event")
    func dropOldest() throws {
        let pipeline = try makePipeline(queueCapacity: 3)
        let worker = pipeline.workers.register()
        let queue = EventQueue<Int>(client: try pipeline.connect(clientID: "c", worker: worker), pipeline: pipeline)
        let dropped = (1...5).map { queue.offer($0, kind: .server, bytes: 1, worker: worker) }
        #expect(dropped == [false, false, false, true, true])
        #expect([queue.poll(worker: worker), queue.poll(worker: worker), queue.poll(worker: worker)] == [3, 4, 5])
        #expect(queue.poll(worker: worker) == nil)
        let client = try #require(pipeline.clientSnapshot(id: "c"))
        #expect(client.queueOverflowCount == 2 && client.eventsDropped == 2 && client.queueSizePeak == 3)
    }
}

@Suite("Alerts fed by the pipeline")
struct PipelineAlertTests {
    @Test("a window's error rate and p99 reach the alert thresholds; an empty window is unknown")
    func fromRequestStatistics() throws {
        let pipeline = try makePipeline()
        let worker = pipeline.workers.register()
        let client = try pipeline.connect(clientID: "c", worker: worker)
        let get = try #require(pipeline.methods.id(of: "get"))
        let idle = AlertInput(sample: ResourceSample(timestamp: t(1000)), requests: pipeline.requestStatistics())
        #expect(idle.errorRatePercent == nil && idle.p99LatencySeconds == nil)

        for index in 0..<100 {
            pipeline.recordRequest(
                method: get, seconds: index < 98 ? 0.01 : 3, requestBytes: 1, responseBytes: 1,
                outcome: index < 6 ? .internalError : .success, client: client, worker: worker)
        }
        let input = AlertInput(sample: ResourceSample(timestamp: t(1000)), requests: pipeline.requestStatistics())
        #expect(input.errorRatePercent == 6)
        #expect(input.p99LatencySeconds == 3)
        let manager = AlertManager(thresholds: .defaults)
        let alerts = manager.evaluate(input)
        #expect(Set(alerts.map(\.id)) == ["error_rate_critical", "p99_latency_critical"])
    }
}
