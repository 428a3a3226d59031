import ServerStats
import Testing

/// Threshold defaults and validation.
@Suite struct AlertThresholdsTests {
    @Test func defaultsAreTheSeeds() throws {
        let thresholds = AlertThresholds.defaults
        #expect(thresholds.cpuPercent == AlertLevels(warning: 70, critical: 90))
        #expect(thresholds.memoryPercent == AlertLevels(warning: 75, critical: 90))
        #expect(thresholds.errorRatePercent == AlertLevels(warning: 1, critical: 5))
        #expect(thresholds.p99LatencySeconds == AlertLevels(warning: 0.5, critical: 2))
        #expect(thresholds.hysteresis == 0.1)
        #expect(thresholds.cooldownSeconds == 0)
        #expect(try AlertThresholds() == thresholds)
        #expect(thresholds.levels(for: .memory) == thresholds.memoryPercent)
        #expect(thresholds.levels(for: .p99Latency) == thresholds.p99LatencySeconds)
    }

    @Test func customLevelsAreKept() throws {
        let thresholds = try AlertThresholds(
            errorRatePercent: AlertLevels(warning: 2, critical: 2), hysteresis: 0, cooldownSeconds: 30)
        #expect(thresholds.errorRatePercent == AlertLevels(warning: 2, critical: 2))
        #expect(thresholds.cpuPercent == AlertThresholds.defaults.cpuPercent)
        #expect(thresholds.hysteresis == 0)
        #expect(thresholds.cooldownSeconds == 30)
    }

    @Test(arguments: [-1.0, .nan, .infinity, -.infinity])
    func negativeOrNonFiniteThresholdsAreRejected(value: Double) {
        let error = #expect(throws: AlertConfigurationError.self) {
            try AlertThresholds(memoryPercent: AlertLevels(warning: value, critical: 90))
        }
        guard case .invalidThreshold(let metric, let severity, _)? = error else {
            Issue.record("unexpected error \(String(describing: error))")
            return
        }
        #expect(metric == .memory)
        #expect(severity == .warning)
        #expect(error?.description.contains("memory.warning") == true)
        #expect(error?.description.contains("finite and not negative") == true)
        #expect(throws: AlertConfigurationError.self) {
            try AlertThresholds(p99LatencySeconds: AlertLevels(warning: 0.5, critical: value))
        }
    }

    @Test func warningAboveCriticalIsRejected() {
        let error = #expect(
            throws: AlertConfigurationError.warningAboveCritical(metric: .cpu, warning: 95, critical: 90)
        ) {
            try AlertThresholds(cpuPercent: AlertLevels(warning: 95, critical: 90))
        }
        #expect(
            error?.description
                == "Alert thresholds for cpu are inverted: warning 95.0 is above critical 90.0. "
                + "Set warning <= critical for cpu.")
        #expect(error?.localizedDescription == error?.description)
    }

    @Test(arguments: [-0.1, 1.0, 1.5, .nan])
    func hysteresisOutsideZeroToOneIsRejected(value: Double) {
        let error = #expect(throws: AlertConfigurationError.self) { try AlertThresholds(hysteresis: value) }
        #expect(error?.description.contains("Alert hysteresis") == true)
        #expect(error?.description.contains("AlertThresholds(hysteresis:)") == true)
    }

    @Test(arguments: [-1.0, .nan, .infinity])
    func cooldownMustBeFiniteAndNotNegative(value: Double) {
        let error = #expect(throws: AlertConfigurationError.self) { try AlertThresholds(cooldownSeconds: value) }
        #expect(error?.description.contains("Alert cooldown") == true)
    }
}
