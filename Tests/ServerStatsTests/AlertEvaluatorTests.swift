import ServerStats
import Testing

/// An input at second `second` with one metric set.
func input(_ metric: AlertMetric, _ value: Double?, at second: Double = 0) -> AlertInput {
    var input = AlertInput(timestamp: StatsTime(secondsSinceEpoch: 1_000 + second))
    switch metric {
    case .cpu: input.cpuPercent = value
    case .memory: input.memoryPercent = value
    case .disk: input.diskPercent = value
    case .errorRate: input.errorRatePercent = value
    default: input.p99LatencySeconds = value
    }
    return input
}

/// The alert rules: levels, hysteresis, escalation, resolution, unknown values and cooldown.
@Suite struct AlertEvaluatorTests {
    @Test(arguments: AlertMetric.all)
    func eachMetricAlertsAtAndAboveItsThresholds(metric: AlertMetric) {
        let levels = AlertThresholds.defaults.levels(for: metric)
        func severity(_ value: Double) -> AlertSeverity? {
            var evaluator = AlertEvaluator()
            let alerts = evaluator.evaluate(input(metric, value))
            #expect(alerts.count <= 1)
            #expect(alerts.first?.severity == evaluator.activeSeverity(of: metric))
            return alerts.first?.severity
        }
        #expect(severity(0) == nil)
        #expect(severity(levels.warning * 0.999) == nil)
        #expect(severity(levels.warning) == .warning)
        #expect(severity((levels.warning + levels.critical) / 2) == .warning)
        #expect(severity(levels.critical.nextDown) == .warning)
        #expect(severity(levels.critical) == .critical)
        #expect(severity(levels.critical * 3) == .critical)

        var evaluator = AlertEvaluator()
        let alert = evaluator.evaluate(input(metric, levels.critical, at: 5)).first
        #expect(alert?.id == "\(metric.name)_critical")
        #expect(alert?.metric == metric)
        #expect(alert?.value == levels.critical)
        #expect(alert?.threshold == levels.critical)
        #expect(alert?.previousSeverity == nil)
        #expect(alert?.transition == .raised)
        #expect(alert?.timestamp == StatsTime(secondsSinceEpoch: 1_005))
    }

    @Test func aValueHoveringAtTheThresholdRaisesOneWarningAndResolvesBelowTheReleasePoint() {
        var evaluator = AlertEvaluator()
        var alerts: [Alert] = []
        for (second, value) in [70.0, 69.5, 70.2, 69.9, 68, 71, 66, 63.5, 63.0, 69.99].enumerated() {
            alerts += evaluator.evaluate(input(.cpu, value, at: Double(second)))
        }
        #expect(alerts.map(\.id) == ["cpu_warning"])
        #expect(evaluator.activeSeverity(of: .cpu) == .warning)

        let resolved = evaluator.evaluate(input(.cpu, 62.9, at: 20))
        #expect(resolved.map(\.id) == ["cpu_resolved"])
        #expect(resolved.first?.severity == .resolved)
        #expect(resolved.first?.previousSeverity == .warning)
        #expect(resolved.first?.transition == .resolved)
        #expect(resolved.first?.threshold == 70)
        #expect(evaluator.activeSeverity(of: .cpu) == nil)
        #expect(evaluator.evaluate(input(.cpu, 69.9, at: 21)).isEmpty, "below the threshold itself: stays normal")
        #expect(evaluator.evaluate(input(.cpu, 70, at: 22)).map(\.id) == ["cpu_warning"])
    }

    @Test func escalationAndDeescalation() {
        var evaluator = AlertEvaluator()
        var transitions: [String] = []
        // 81 is the critical release point (90 × 0.9), 63 the warning one (70 × 0.9).
        for (second, value) in [50.0, 75, 95, 85, 81, 80.9, 90, 89, 10, 10].enumerated() {
            for alert in evaluator.evaluate(input(.cpu, value, at: Double(second))) {
                transitions.append("\(alert.id) \(alert.transition.rawValue) @\(value)")
            }
        }
        #expect(
            transitions == [
                "cpu_warning raised @75.0", "cpu_critical escalated @95.0", "cpu_warning deescalated @80.9",
                "cpu_critical escalated @90.0", "cpu_resolved resolved @10.0",
            ])
    }

    @Test func aJumpStraightToCriticalAndBackResolvesDirectly() {
        var evaluator = AlertEvaluator()
        #expect(evaluator.evaluate(input(.memory, 99)).map(\.id) == ["memory_critical"])
        let resolved = evaluator.evaluate(input(.memory, 1, at: 1))
        #expect(resolved.map(\.id) == ["memory_resolved"])
        #expect(resolved.first?.previousSeverity == .critical)
    }

    @Test func unknownValuesNeverAlertAndKeepTheLevel() {
        var evaluator = AlertEvaluator()
        #expect(evaluator.evaluate(AlertInput(timestamp: StatsTime(secondsSinceEpoch: 1))).isEmpty)
        #expect(evaluator.evaluate(input(.errorRate, .nan)).isEmpty)
        #expect(evaluator.evaluate(input(.errorRate, 6)).map(\.id) == ["error_rate_critical"])
        for metric in AlertMetric.all {
            #expect(evaluator.evaluate(input(metric, nil, at: 1)).isEmpty)
            #expect(evaluator.evaluate(input(metric, .nan, at: 2)).isEmpty)
        }
        #expect(evaluator.activeSeverity(of: .errorRate) == .critical, "unknown is not recovered")
    }

    @Test func severalMetricsChangingTogetherAreReportedInMetricOrder() {
        var evaluator = AlertEvaluator()
        let alerts = evaluator.evaluate(
            AlertInput(
                timestamp: StatsTime(secondsSinceEpoch: 1), cpuPercent: 10, memoryPercent: 95, errorRatePercent: 1,
                p99LatencySeconds: 2.5))
        #expect(alerts.map(\.id) == ["memory_critical", "error_rate_warning", "p99_latency_critical"])
        evaluator.reset()
        #expect(evaluator.activeSeverity(of: .memory) == nil)
    }

    @Test func messagesSayWhatAndHowMuch() {
        var evaluator = AlertEvaluator()
        #expect(evaluator.evaluate(input(.cpu, 93.24)).first?.message == "CPU usage critical: 93.2 % (threshold 90 %)")
        #expect(
            evaluator.evaluate(input(.p99Latency, 0.612)).first?.message
                == "P99 latency elevated: 612 ms (threshold 500 ms)")
        #expect(
            evaluator.evaluate(input(.p99Latency, 0.1)).first?.message
                == "P99 latency back to normal: 100 ms (below 450 ms, warning threshold 500 ms less 10 % hysteresis)")
        #expect(
            evaluator.evaluate(input(.errorRate, 1.5)).first?.message == "Error rate elevated: 1.5 % (threshold 1 %)")
        #expect(
            evaluator.evaluate(input(.cpu, 75)).first?.message
                == "CPU usage high: 75 % (threshold 70 %) (down from critical)")
    }

    @Test func cooldownHoldsALevelBeforeItMayFallButNeverDelaysEscalation() throws {
        var evaluator = AlertEvaluator(thresholds: try AlertThresholds(cooldownSeconds: 60))
        #expect(evaluator.evaluate(input(.cpu, 75, at: 0)).map(\.id) == ["cpu_warning"])
        #expect(evaluator.evaluate(input(.cpu, 95, at: 1)).map(\.id) == ["cpu_critical"], "escalation at once")
        #expect(evaluator.evaluate(input(.cpu, 10, at: 30)).isEmpty, "held: reached critical 29 s ago")
        #expect(evaluator.evaluate(input(.cpu, 10, at: 60.9)).isEmpty)
        #expect(evaluator.evaluate(input(.cpu, 10, at: 61)).map(\.id) == ["cpu_resolved"])
        #expect(evaluator.evaluate(input(.cpu, 75, at: 62)).map(\.id) == ["cpu_warning"])
    }

    @Test func zeroHysteresisLeavesALevelJustBelowTheThreshold() throws {
        var evaluator = AlertEvaluator(thresholds: try AlertThresholds(hysteresis: 0))
        #expect(evaluator.evaluate(input(.cpu, 70)).map(\.id) == ["cpu_warning"])
        #expect(evaluator.evaluate(input(.cpu, 69.9)).map(\.id) == ["cpu_resolved"])
    }
}
