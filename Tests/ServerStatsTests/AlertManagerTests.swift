import Logging
import ServerStats
import StatsTestSupport
import Synchronization
import Testing

/// Delivery to subscribers, logging and shutdown.
@Suite struct AlertManagerTests {
    /// CPU values that give warning, critical, warning (down), resolved, with quiet steps between.
    static let cpuSequence: [Double] = [50, 75, 76, 95, 96, 70, 69, 10, 11]

    func feed(_ manager: AlertManager, _ values: [Double] = cpuSequence) -> [Alert] {
        values.enumerated().flatMap { second, value in manager.evaluate(input(.cpu, value, at: Double(second))) }
    }

    @Test func everySubscriberReceivesEveryAlertInOrder() async {
        let manager = AlertManager()
        let first = manager.subscribe()
        let second = manager.subscribe()
        #expect(manager.subscriberCount == 2)
        let emitted = feed(manager)
        #expect(emitted.map(\.id) == ["cpu_warning", "cpu_critical", "cpu_warning", "cpu_resolved"])

        var received: [[Alert]] = []
        for stream in [first, second] {
            var alerts: [Alert] = []
            for await alert in stream.prefix(emitted.count) { alerts.append(alert) }
            received.append(alerts)
        }
        #expect(received == [emitted, emitted])
    }

    @Test func aConsumerWaitingBeforeTheAlertsReceivesThem() async {
        let manager = AlertManager()
        let stream = manager.subscribe()
        let consumer = Task {
            var alerts: [Alert] = []
            for await alert in stream.prefix(4) { alerts.append(alert) }
            return alerts
        }
        let emitted = feed(manager)
        #expect(await consumer.value == emitted)
    }

    @Test func shutdownFinishesEveryStream() async {
        let manager = AlertManager()
        let stream = manager.subscribe()
        _ = manager.evaluate(input(.memory, 80))
        manager.shutdown()
        var alerts: [Alert] = []
        for await alert in stream { alerts.append(alert) }
        #expect(alerts.map(\.id) == ["memory_warning"])
        #expect(manager.subscriberCount == 0)

        var late = 0
        for await _ in manager.subscribe() { late += 1 }
        #expect(late == 0)
        #expect(manager.evaluate(input(.memory, 95, at: 1)).map(\.id) == ["memory_critical"], "evaluation goes on")
        #expect(manager.activeSeverity(of: .memory) == .critical)
    }

    @Test func aCancelledSubscriberIsRemoved() async {
        let manager = AlertManager()
        let stream = manager.subscribe()
        let consumer = Task {
            for await _ in stream {}
        }
        consumer.cancel()
        await consumer.value
        #expect(manager.subscriberCount == 0)
        #expect(feed(manager).count == 4)
    }

    @Test func aSlowSubscriberKeepsTheNewestAlertsWithinItsBuffer() async {
        let manager = AlertManager(bufferLimit: 1)
        let stream = manager.subscribe()
        let emitted = feed(manager)
        #expect(manager.droppedAlerts == UInt64(emitted.count - 1))
        manager.shutdown()
        var alerts: [Alert] = []
        for await alert in stream { alerts.append(alert) }
        #expect(alerts == [emitted.last!])
    }

    @Test func alertsAreLoggedAtTheirSeverity() throws {
        let records = LogRecords()
        let manager = AlertManager(thresholds: .defaults, logger: records.logger("alerts"))
        _ = feed(manager)
        let logged = records.all
        #expect(logged.map(\.level) == [.warning, .critical, .warning, .notice])
        #expect(
            logged.map { $0.metadata["alert_id"] } == ["cpu_warning", "cpu_critical", "cpu_warning", "cpu_resolved"])
        #expect(logged[1].message == "CPU usage critical: 95 % (threshold 90 %)")
        #expect(logged[1].metadata["threshold"] == "90.0")
        #expect(logged[1].metadata["value"] == "95.0")
    }

    @Test func concurrentEvaluationsReachEverySubscriberInTheSameOrder() async {
        let manager = AlertManager()
        let first = manager.subscribe()
        let second = manager.subscribe()
        let total = Atomic<Int>(0)
        runOnThreads(2) { thread in
            for step in 0..<200 {
                let value: Double = (step + thread).isMultiple(of: 2) ? 95 : 10
                total.add(manager.evaluate(input(.cpu, value, at: Double(step))).count, ordering: .relaxed)
            }
        }
        manager.shutdown()
        var received: [[Alert]] = []
        for stream in [first, second] {
            var alerts: [Alert] = []
            for await alert in stream { alerts.append(alert) }
            received.append(alerts)
        }
        #expect(received[0].count == total.load(ordering: .relaxed))
        #expect(received[0] == received[1])
        // Levels alternate, whatever the interleaving: raised/escalated critical, then resolved, and so on.
        for (earlier, later) in zip(received[0], received[0].dropFirst()) {
            #expect(earlier.severity != later.severity)
        }
    }
}
