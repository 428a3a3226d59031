import ServerStats
import Simulation
import Testing

@Suite("Alert thresholds file: values and located errors")
struct AlertsFileTests {
    func issues(_ yaml: String) -> [String] {
        do {
            _ = try AlertsFile.parse(yaml: yaml, file: "alerts.yaml")
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    @Test("every metric, hysteresis and cooldown are read; left-out levels keep their defaults")
    func reads() throws {
        let thresholds = try AlertsFile.parse(
            yaml: """
                cpu: {warning: 60, critical: 80}
                memory: {critical: 95}
                disk: {warning: 85%, critical: 99%}
                error-rate: {warning: 0.5%, critical: 2}
                p99-latency: {warning: 250ms, critical: 1s}
                hysteresis: 5%
                cooldown: 30s
                """)
        #expect(thresholds.cpuPercent == AlertLevels(warning: 60, critical: 80))
        #expect(thresholds.memoryPercent == AlertLevels(warning: 75, critical: 95))
        #expect(thresholds.diskPercent == AlertLevels(warning: 85, critical: 99))
        #expect(thresholds.errorRatePercent == AlertLevels(warning: 0.5, critical: 2))
        #expect(thresholds.p99LatencySeconds == AlertLevels(warning: 0.25, critical: 1))
        #expect(thresholds.hysteresis == 0.05 && thresholds.cooldownSeconds == 30)
        #expect(try AlertsFile.parse(yaml: "") == .defaults)
    }

    @Test("an unknown metric is located and suggests the closest name")
    func unknownMetric() {
        #expect(
            issues("cpu: {warning: 60, critical: 80}\nerror_rate: {warning: 1, critical: 2}")
                == ["alerts.yaml:2:1: error: error_rate: unknown key 'error_rate'; did you mean 'error-rate'?"])
    }

    @Test("a repeated key is located at the repeat, with where it first appeared; an alias bomb is refused unexpanded")
    func repeatedKeyAndAliases() {
        do {
            _ = try AlertsFile.parse(
                yaml: "cpu: {warning: 50%}\nmemory: {warning: 60%}\ncpu: {critical: 90%}", file: "a.yaml")
            Issue.record("a repeated key was accepted")
        } catch {
            #expect(error.issues.map(\.line) == [3], "\(error.issues)")
            #expect(error.issues.first?.message.contains("first at line 1, column 1") == true, "\(error.issues)")
        }
        var lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1..<9 {
            lines.append(
                "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]")
        }
        do {
            _ = try AlertsFile.parse(yaml: lines.joined(separator: "\n"), file: "a.yaml")
            Issue.record("an alias bomb was accepted")
        } catch {
            #expect(error.issues.first?.message.contains("expands to more than") == true, "\(error.issues)")
        }
    }

    @Test("a threshold out of range is located at its value")
    func outOfRange() {
        #expect(
            issues("memory:\n  warning: 50\n  critical: 150\n")
                == [
                    "alerts.yaml:3:13: error: memory.critical: 150 is out of range: memory thresholds go from 0 to 100 %"
                ])
        #expect(
            issues("p99-latency: {warning: 2h}")
                == [
                    "alerts.yaml:1:24: error: p99-latency.warning: 2h is out of range: p99_latency thresholds go from 0 to 3600 s"
                ]
        )
        #expect(issues("cpu: {warning: lots}").first?.contains("cpu.warning: 'lots' is not a percentage") == true)
        #expect(issues("hysteresis: 1").first?.hasPrefix("alerts.yaml:1:13: error: hysteresis:") == true)
    }

    @Test("a warning level above the critical one is an error at the warning value")
    func warningAboveCritical() {
        #expect(
            issues("disk: {warning: 90, critical: 80}")
                == [
                    "alerts.yaml:1:17: error: disk.warning: warning 90.0 is above critical 80.0; the warning level must not exceed the critical one"
                ])
        // Above a default critical level, too.
        #expect(issues("cpu: {warning: 95}").count == 1)
    }

    @Test("a missing file names the path")
    func missingFile() {
        #expect {
            try AlertsFile.load(contentsOf: "/no/such/alerts.yaml")
        } throws: { error in
            "\(error)".hasPrefix("/no/such/alerts.yaml:1:1: error: alerts file does not exist")
        }
    }
}

extension AlertsFileTests {
    @Test("every problem of a file is reported at once, in file order")
    func everyIssueInOrder() {
        let found = issues("cpu: {warning: 95, critical: 90}\nmemmory: {warning: 1}\ndisk: {critical: 101}\n")
        #expect(
            found.map { $0.split(separator: ":").prefix(3).joined(separator: ":") } == [
                "alerts.yaml:1:16", "alerts.yaml:2:1", "alerts.yaml:3:18",
            ])
    }
}

extension AlertsFileTests {
    @Test("a scenario's alerts section is read with the same rules, located under alerts.")
    func scenarioSection() throws {
        let yaml = ScenarioFixtures.minimal + "\nalerts: {error-rate: {warning: 0.5, critical: 50}, hysteresis: 0}"
        let scenario = try Scenario.parse(yaml: yaml, file: "test.yaml")
        #expect(scenario.alerts?.errorRatePercent == AlertLevels(warning: 0.5, critical: 50))
        #expect(scenario.alerts?.hysteresis == 0)
        #expect(try Scenario.parse(yaml: ScenarioFixtures.minimal, file: "test.yaml").alerts == nil)
        #expect {
            try Scenario.parse(yaml: ScenarioFixtures.minimal + "\nalerts: {cpu: {warning: 200}}", file: "test.yaml")
        } throws: { error in
            "\(error)".contains("error: alerts.cpu.warning: 200 is out of range")
        }
    }
}
