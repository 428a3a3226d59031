import Foundation
import ServerStats
import Yams

/// An alert thresholds file (YAML), read and validated like a scenario: every problem is reported with its
/// file, line, column and field path, never silently defaulted.
///
/// ```yaml
/// cpu: {warning: 70, critical: 90}          # percent of one core, 0...100
/// memory: {warning: 75, critical: 90}       # percent of the machine's memory, 0...100
/// disk: {warning: 80, critical: 95}         # used percent of the fullest filesystem, 0...100
/// error-rate: {warning: 1%, critical: 5%}   # percent of requests, 0...100 (`1` and `1%` are the same)
/// p99-latency: {warning: 500ms, critical: 2s}   # a duration (plain number: seconds), up to 1 h
/// hysteresis: 10%                           # fraction of a threshold, 0 ... below 1
/// cooldown: 30s                             # minimum time at a level before it is lowered
/// ```
///
/// Every key is optional; a metric or level left out keeps its default (``ServerStats/AlertThresholds/defaults``).
/// Unknown keys, values out of range and a warning level above the critical one are errors.
public enum AlertsFile {
    /// The metric keys, in ``ServerStats/AlertMetric/all`` order.
    public static let metricKeys = ["cpu", "memory", "disk", "error-rate", "p99-latency"]

    /// The thresholds in the file at `path`; throws every issue found, located.
    public static func load(contentsOf path: String) throws(ScenarioError) -> AlertThresholds {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason =
                FileManager.default.fileExists(atPath: path) ? "cannot be read as UTF-8 text" : "does not exist"
            throw ScenarioError(issues: [
                ScenarioIssue(
                    file: path, line: 1, column: 1, path: "", message: "alerts file \(reason); check the path")
            ])
        }
        return try parse(yaml: text, file: path)
    }

    /// The thresholds in `yaml`; `file` names it in the issues.
    public static func parse(yaml: String, file: String = "<alerts>") throws(ScenarioError) -> AlertThresholds {
        let reader = ScenarioReader(file: file, baseDirectory: ".")
        // The scenario files' bounded first pass: every duplicate key at its repeat, no alias bomb composed.
        let findings = YAMLPrescan.scan(yaml)
        guard findings.isEmpty else {
            for finding in findings { reader.report(line: finding.line, column: finding.column, "", finding.message) }
            throw ScenarioError(issues: reader.issues)
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            reader.reportYAML(error)
            throw ScenarioError(issues: reader.issues)
        }
        guard let root else { return .defaults }
        let result = reader.alertThresholds(root, path: "")
        guard let result, reader.issues.isEmpty else {
            let fallback = ScenarioIssue(file: file, line: 1, column: 1, path: "", message: "unusable alerts file")
            let sorted = reader.issues.enumerated().sorted {
                ($0.element.line, $0.element.column, $0.offset) < ($1.element.line, $1.element.column, $1.offset)
            }.map(\.element)
            throw ScenarioError(issues: sorted.isEmpty ? [fallback] : sorted)
        }
        return result
    }

    /// The accepted range of `metric`'s thresholds, in its unit (percent or seconds).
    public static func range(of metric: AlertMetric) -> ClosedRange<Double> {
        metric == .p99Latency ? 0...3600 : 0...100
    }

    /// Parses one threshold value of `metric` as written in a file or on the command line: a number (percent
    /// or seconds), a percentage `5%` for percent metrics, a duration `500ms` for latency. Returns the value or
    /// a sentence saying what is wrong.
    public static func value(_ text: String, metric: AlertMetric) -> Result<Double, AlertValueError> {
        let value: Double
        if metric == .p99Latency {
            guard let seconds = try? QuantityParser.duration(text) else {
                return .failure(AlertValueError("'\(text)' is not a duration like 500ms or 2s"))
            }
            value = seconds
        } else if text.hasSuffix("%"), let number = QuantityParser.plainNumber(String(text.dropLast())) {
            value = number
        } else if let number = QuantityParser.plainNumber(text) {
            value = number
        } else {
            return .failure(AlertValueError("'\(text)' is not a percentage like 80 or 80%"))
        }
        let range = range(of: metric)
        guard value.isFinite, range.contains(value) else {
            let unit = metric == .p99Latency ? " s" : " %"
            return .failure(
                AlertValueError(
                    "\(text) is out of range: \(metric.name) thresholds go from \(Int(range.lowerBound)) to "
                        + "\(Int(range.upperBound))\(unit)"))
        }
        return .success(value)
    }
}

/// Why one threshold value was rejected.
public struct AlertValueError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var description: String
    init(_ description: String) { self.description = description }
}

extension ScenarioReader {
    /// Reads a mapping of alert thresholds at `base` (`""`: the root of an alerts file; `alerts`: a scenario's
    /// section).
    func alertThresholds(_ root: Node, path base: String) -> AlertThresholds? {
        let known = AlertsFile.metricKeys + ["hysteresis", "cooldown"]
        guard let fields = fields(root, base, known: known, expecting: "a mapping of alert thresholds") else {
            return nil
        }
        let defaults = AlertThresholds.defaults
        var levels: [AlertLevels] = []
        for (metric, key) in zip(AlertMetric.all, AlertsFile.metricKeys) {
            let fallback = defaults.levels(for: metric)
            guard let node = fields[key] else {
                levels.append(fallback)
                continue
            }
            let path = base.child(key)
            guard
                let level = self.fields(node, path, known: ["warning", "critical"], expecting: "warning and critical")
            else { continue }
            func read(_ name: String, _ fallback: Double) -> Double? {
                guard let valueNode = level[name] else { return fallback }
                guard let text = scalarText(valueNode, path.child(name), expecting: "a threshold") else { return nil }
                switch AlertsFile.value(text, metric: metric) {
                case .success(let value): return value
                case .failure(let error):
                    report(valueNode, path.child(name), error.description)
                    return nil
                }
            }
            guard let warning = read("warning", fallback.warning), let critical = read("critical", fallback.critical)
            else { continue }
            guard warning <= critical else {
                report(
                    level["warning"] ?? level["critical"] ?? node, path.child("warning"),
                    "warning \(warning) is above critical \(critical); the warning level must not exceed the critical one"
                )
                continue
            }
            levels.append(AlertLevels(warning: warning, critical: critical))
        }
        let hysteresis = quantity(fields, "hysteresis", .fraction, .unitInterval, default: defaults.hysteresis)
        if let hysteresis, hysteresis >= 1, let node = fields["hysteresis"] {
            report(node, base.child("hysteresis"), "must be below 1 (100%), got \(hysteresis)")
        }
        let cooldown = quantity(
            fields, "cooldown", .duration, .nonNegative(upTo: ScenarioLimits.maximumIntervalSeconds, "24h"),
            default: defaults.cooldownSeconds)
        guard levels.count == AlertMetric.all.count, let hysteresis, hysteresis < 1, let cooldown, issues.isEmpty
        else { return nil }
        do {
            return try AlertThresholds(
                cpuPercent: levels[0], memoryPercent: levels[1], errorRatePercent: levels[3],
                p99LatencySeconds: levels[4], hysteresis: hysteresis, cooldownSeconds: cooldown, diskPercent: levels[2])
        } catch {
            report(root, base, "\(error)")
            return nil
        }
    }
}
