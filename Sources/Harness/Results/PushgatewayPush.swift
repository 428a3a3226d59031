import Foundation
import StatsExport

/// One scenario's headline figures as a Pushgateway push: the grouping key (the URL path
/// `/metrics/job/NAME/scenario/…/revision/…/machine/…[/k/v…]`) and the text-format body, so that CI runs on many
/// machines become time series a Prometheus can chart and alert on.
///
/// Every figure is a gauge named `statsbench_run_…`, with a `sink` label where it is per sink:
/// `passed` (1 or 0), `overhead_seconds_per_event` and its `overhead_ci95_seconds` (the 95 % interval's half
/// width), `overhead_ratio_to_atomic` (× one uncontended atomic add), `accuracy_worst_relative_error` (largest
/// relative quantile error, 0…), `bytes_per_client`, `instructions_per_record` (label `path`: `counter`,
/// `histogram`, `request`, `ring`; counted under valgrind), `events` and `elapsed_seconds`. A figure the run did
/// not measure is left out, never written as 0.
public struct PushgatewayPush: Sendable, Hashable {
    /// The path below the Pushgateway's base URL: `metrics/job/…` with every value base64url-encoded
    /// (`name@base64/value`), so a value with `/` or an empty one is carried as it is.
    public let path: String
    /// The text exposition (format 0.0.4) to `PUT` there (replacing that group's previous figures).
    public let body: String

    /// The push of `result` for job `job`, with the labels `scenario`, `revision` (the git revision, `unknown`
    /// without one) and `machine` (the host name), then `labels` in order.
    ///
    /// - Throws: ``PushgatewayLabelError`` when the job is empty, a label name is not a Prometheus label name
    ///   (`[a-zA-Z_][a-zA-Z0-9_]*`, not starting with `__`) or repeats one of the others (`job` included).
    public init(result: RunResult, job: String, labels: [(String, String)] = []) throws(PushgatewayLabelError) {
        let key: [(String, String)] =
            [
                ("scenario", result.scenario.name), ("revision", result.environment.gitRevision ?? "unknown"),
                ("machine", result.environment.machine.hostname),
            ] + labels
        try Self.validate(job: job, labels: key)
        path =
            "metrics/job@base64/" + Self.base64URL(job)
            + key.map { "/\($0.0)@base64/" + Self.base64URL($0.1) }.joined()
        body = Self.body(result)
    }

    /// Checks the job and the label names (the grouping labels every push adds, `scenario`, `revision` and
    /// `machine`, included in the check for repeats).
    ///
    /// - Throws: ``PushgatewayLabelError`` naming the first bad name.
    public static func validate(job: String, userLabels: [(String, String)]) throws(PushgatewayLabelError) {
        try validate(job: job, labels: [("scenario", ""), ("revision", ""), ("machine", "")] + userLabels)
    }

    /// Checks the job and the label names; see ``init(result:job:labels:)``.
    static func validate(job: String, labels: [(String, String)]) throws(PushgatewayLabelError) {
        guard !job.isEmpty else { throw .emptyJob }
        // `sink` and `path` label the pushed series themselves: a grouping label of that name would overwrite them.
        var seen: Set<String> = ["job", "sink", "path"]
        for (name, _) in labels {
            let valid =
                name.first.map { $0 == "_" || ($0.isASCII && $0.isLetter) } == true
                && name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
                && !name.hasPrefix("__")
            guard valid else { throw .invalidName(name) }
            guard seen.insert(name).inserted else { throw .duplicate(name) }
        }
    }

    /// Base64url without padding-free shortcuts: `+` → `-`, `/` → `_`, `=` kept (what the Pushgateway decodes).
    /// The empty value is `=`: an empty path segment would be no value at all to the Pushgateway, which reads a
    /// lone `=` as the empty string.
    static func base64URL(_ value: String) -> String {
        guard !value.isEmpty else { return "=" }
        return Data(value.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
    }

    /// The figures of `result` as text exposition.
    static func body(_ result: RunResult) -> String {
        var renderer = PrometheusRenderer(options: PrometheusOptions())
        var families: [(String, String, [(labels: [(String, String)], value: Double)])] = [
            ("run_passed", "1 when every threshold and check of the run held, else 0.", [([], result.passed ? 1 : 0)]),
            ("run_events", "Events the scenario generated.", [([], Double(result.generator.events))]),
            ("run_elapsed_seconds", "Wall-clock time of the run.", [([], result.environment.elapsedSeconds)]),
        ]
        if let overhead = result.overhead {
            let sinks = overhead.sinks
            families.append(
                (
                    "run_overhead_seconds_per_event", "Mean added cost per recorded event, by sink.",
                    sinks.map { ([("sink", $0.sink)], $0.meanNanoseconds * 1e-9) }
                ))
            families.append(
                (
                    "run_overhead_ci95_seconds", "Half width of the 95 % interval of the overhead per event, by sink.",
                    sinks.map { ([("sink", $0.sink)], $0.confidence95Nanoseconds * 1e-9) }
                ))
            families.append(
                (
                    "run_overhead_ratio_to_atomic", "Overhead per event in multiples of one atomic add, by sink.",
                    sinks.compactMap { sink in sink.ratioToAtomic.map { ([("sink", sink.sink)], $0) } }
                ))
        }
        if let accuracy = result.accuracy {
            var worst: [String: Double] = [:]
            var order: [String] = []
            for row in accuracy.rows {
                for error in row.relativeError.compactMap({ $0 }) where error.isFinite {
                    if worst[row.sink] == nil { order.append(row.sink) }
                    worst[row.sink] = max(worst[row.sink] ?? error, error)
                }
            }
            families.append(
                (
                    "run_accuracy_worst_relative_error",
                    "Largest relative quantile error of the run, by sink (0.01 = 1 %).",
                    order.map { ([("sink", $0)], worst[$0] ?? 0) }
                ))
        }
        if let bytes = result.memory?.bytesPerClient {
            families.append(("run_bytes_per_client", "Memory per connected client.", [([], bytes)]))
        }
        if let paths = result.instructions?.paths, !paths.isEmpty {
            families.append(
                (
                    "run_instructions_per_record", "Instructions per record of each record path (valgrind).",
                    paths.map { ([("path", $0.path)], $0.instructionsPerRecord) }
                ))
        }
        for (name, help, samples) in families {
            renderer.appendGauges("statsbench_" + name, help: help, samples.filter { $0.value.isFinite })
        }
        return renderer.text
    }
}

/// A Pushgateway job or grouping label that cannot be used.
public enum PushgatewayLabelError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The job name is empty.
    case emptyJob
    /// `name` is not a Prometheus label name.
    case invalidName(String)
    /// `name` is given twice, or is one of the labels every push has (`job`, `scenario`, `revision`, `machine`)
    /// or that its series carry (`sink`, `path`).
    case duplicate(String)

    /// What was wrong.
    public var description: String {
        switch self {
        case .emptyJob: return "--job must not be empty"
        case .invalidName(let name):
            return "--label '\(name)': not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __)"
        case .duplicate(let name):
            if ["job", "scenario", "revision", "machine"].contains(name) {
                return "--label '\(name)': every push has this label already (job, scenario, revision, machine); "
                    + "choose another name"
            }
            if ["sink", "path"].contains(name) {
                return "--label '\(name)': the pushed series are labelled by \(name) already (sink, path); "
                    + "choose another name"
            }
            return "--label '\(name)': given twice; give each label once"
        }
    }
}
