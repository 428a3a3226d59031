import ServerStats
import Simulation
import Testing

@testable import Harness

@Suite("Alerts named by a scenario")
struct ScenarioAlertsTests {
    @Test("the statsbench sink evaluates the scenario's thresholds at each window; the run lists what fired and when")
    func errorRateAlertFires() throws {
        var scenario = HarnessFixtures.scenario(events: 40_000, interval: 0.25)
        // 3 of 4 requests fail at 2 %, 1 of 4 at 10 %: about 4 % of requests fail, above 1 % and below 50 %.
        scenario.alerts = try AlertThresholds(
            cpuPercent: AlertLevels(warning: 100, critical: 100),
            memoryPercent: AlertLevels(warning: 100, critical: 100),
            errorRatePercent: AlertLevels(warning: 1, critical: 50))
        let plan = try RunPlan(scenario: scenario)
        let run = try SinkRunner.run(
            .statsbench, plan: plan, setup: HarnessFixtures.setup(plan), options: DriveOptions())
        let alerts = try #require(run.alerts)
        let errorRate = alerts.episodes.filter { $0.metric == .errorRate }
        #expect(errorRate.count == 1)
        #expect(errorRate.first?.severity == .warning && errorRate.first?.resolvedAt == nil)
        let started = try #require(errorRate.first?.startedAt)
        #expect(
            started.nanosecondsSinceEpoch - alerts.start.nanosecondsSinceEpoch == 250_000_000,
            "raised at the first window's end")
        let lines = AlertSummary.lines(alerts.episodes, start: alerts.start).filter { $0.contains("error_rate") }
        #expect(lines.count == 1)
        #expect(
            lines.first?.hasPrefix("alert: error_rate warning from 250 ms, still firing at the end: Error rate") == true
        )
    }

    @Test("without thresholds there is no alert board; a run with one that never fires says so")
    func noAlerts() throws {
        let plan = try RunPlan(scenario: HarnessFixtures.scenario(events: 5_000))
        let run = try SinkRunner.run(
            .statsbench, plan: plan, setup: HarnessFixtures.setup(plan), options: DriveOptions())
        #expect(run.alerts == nil)
        #expect(AlertSummary.lines([], start: StatsTime(nanosecondsSinceEpoch: 0)) == ["alerts: no alert fired"])
    }
}
