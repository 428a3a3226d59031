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

    @Test("a scenario run's result and report list the alerts that fired, with when they started")
    func resultAndReportListAlerts() throws {
        let path = try HarnessFixtures.temporaryFile(
            """
            name: alerting
            seed: 5
            events: 40k
            workers: 1
            clients: {count: 8}
            requests:
              methods:
                - {name: a, latency: {constant: 1ms}, error-rate: 10%}
            arrival: {poisson: 100k/s}
            stats: {interval: 100ms}
            sinks: [none, statsbench]
            measurements: [conservation]
            alerts:
              error-rate: {warning: 1%, critical: 50%}
            """)
        let result = try ScenarioRunner.run(
            scenarioFile: path, options: ScenarioRunTests.quick, progress: ProgressReporter(quiet: true))
        let alerts = try #require(result.alerts)
        let errorRate = try #require(alerts.first { $0.metric == "error_rate" })
        #expect(errorRate.severity == "warning" && errorRate.resolvedAtSeconds == nil)
        #expect(abs(errorRate.startedAtSeconds - 0.1) < 1e-9, "raised at the first window's end")
        let report = ReportRenderer.markdown(result)
        #expect(report.contains("## Alerts"))
        #expect(report.contains("| error_rate | warning | 100.0 ms | still firing at the end |"))
        #expect(SummaryRenderer.summary(result, reportPath: "r.md").contains("alerts          error_rate warning"))
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
