import ArgumentParser
import Logging
import ServerStats
import Simulation

/// `serve`'s alert thresholds: the defaults, then `--alerts FILE`, then each `--alert METRIC.LEVEL=VALUE`.
enum ServeAlerts {
    /// The thresholds asked for; throws a startup error naming the file (with line and column) or the flag.
    static func thresholds(file: String?, overrides: [String]) throws -> AlertThresholds {
        var thresholds = AlertThresholds.defaults
        if let file {
            do {
                thresholds = try AlertsFile.load(contentsOf: file)
            } catch {
                throw startupError("--alerts \(file):\n\(error)")
            }
        }
        guard !overrides.isEmpty else { return thresholds }
        var levels = AlertMetric.all.map { thresholds.levels(for: $0) }
        var given: [String: String] = [:]
        for flag in overrides {
            let parts = flag.split(separator: "=", maxSplits: 1).map(String.init)
            let target = parts.first?.split(separator: ".").map(String.init) ?? []
            let keys = AlertsFile.metricKeys
            guard parts.count == 2, target.count == 2, let index = keys.firstIndex(of: target[0]),
                ["warning", "critical"].contains(target[1])
            else {
                throw startupError(
                    "--alert \(flag): expected METRIC.LEVEL=VALUE with METRIC one of \(keys.joined(separator: ", ")) "
                        + "and LEVEL warning or critical, e.g. --alert cpu.warning=80")
            }
            if let first = given[parts[0]] {
                throw startupError(
                    "--alert \(flag): \(parts[0]) is already set by --alert \(first); set each threshold once")
            }
            given[parts[0]] = flag
            switch AlertsFile.value(parts[1], metric: AlertMetric.all[index]) {
            case .success(let value):
                if target[1] == "warning" { levels[index].warning = value } else { levels[index].critical = value }
            case .failure(let problem):
                throw startupError("--alert \(flag): \(problem)")
            }
        }
        do {
            return try AlertThresholds(
                cpuPercent: levels[0], memoryPercent: levels[1], errorRatePercent: levels[3],
                p99LatencySeconds: levels[4], hysteresis: thresholds.hysteresis,
                cooldownSeconds: thresholds.cooldownSeconds, diskPercent: levels[2])
        } catch {
            throw startupError("--alert: \(error)")
        }
    }

    /// A logger for alert changes on standard error (standard output carries `listening on …`).
    static func logger() -> Logger {
        Logger(label: "statsbench.alerts") { StreamLogHandler.standardError(label: $0) }
    }
}
