import Foundation
import StatsExport

/// Why a comparison could not be made: the input named cannot be read as results (exit 2).
public struct CompareInputError: Error, CustomStringConvertible, Equatable {
    /// The file or directory.
    public var path: String
    /// What is wrong with it.
    public var reason: String

    /// `path: reason`.
    public var description: String { "\(path): \(reason)" }
}

/// One `result.json` read from disk.
public struct LoadedResult: Sendable {
    /// Where it was read from.
    public var file: String
    /// Its content.
    public var result: RunResult

    /// A result read from (or just written to) `file`.
    public init(file: String, result: RunResult) {
        self.file = file
        self.result = result
    }
}

/// Reads the results of one side of a comparison: files, or directories searched for `result.json`.
public enum ResultLoader {
    /// Every result under `paths` (a file is read as a result whatever its name; a directory gives every
    /// `result.json` below it). The same file found twice (a stamped directory and its copy in `latest/`: the
    /// same bytes) counts once; two runs that differ in any byte both count, even when they started in the same
    /// second.
    ///
    /// - Throws: ``CompareInputError`` naming the path when it does not exist, holds no `result.json`, or a file
    ///   is not a result this tool can read.
    public static func load(_ paths: [String]) throws(CompareInputError) -> [LoadedResult] {
        guard !paths.isEmpty else { throw CompareInputError(path: "(none)", reason: "no result files named") }
        var loaded: [LoadedResult] = []
        var seen: Set<Data> = []
        for path in paths {
            for file in try files(at: path) {
                let (result, data) = try read(file)
                if seen.insert(data).inserted { loaded.append(LoadedResult(file: file, result: result)) }
            }
        }
        return loaded
    }

    /// The result files a path stands for.
    static func files(at path: String) throws(CompareInputError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CompareInputError(path: path, reason: "no such file or directory")
        }
        guard isDirectory.boolValue else { return [path] }
        guard let enumerator = FileManager.default.enumerator(atPath: path) else {
            throw CompareInputError(path: path, reason: "cannot list the directory")
        }
        let found = enumerator.compactMap { $0 as? String }.filter {
            ($0 as NSString).lastPathComponent == "result.json"
        }
        .sorted().map { (path as NSString).appendingPathComponent($0) }
        guard !found.isEmpty else { throw CompareInputError(path: path, reason: "holds no result.json") }
        return found
    }

    /// Reads and decodes one result file; returns it with the file's bytes.
    static func read(_ file: String) throws(CompareInputError) -> (RunResult, Data) {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CompareInputError(path: file, reason: "cannot read the file")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CompareInputError(path: file, reason: "not a JSON object (is it a result.json?)")
        }
        guard let field = object["schemaVersion"] else {
            throw CompareInputError(path: file, reason: "no schemaVersion: not a statsbench result.json")
        }
        let current = RunResult.currentSchemaVersion
        guard field is Int || field is Double else {
            throw CompareInputError(path: file, reason: "schemaVersion must be a whole number, got '\(field)'")
        }
        guard let version = field as? Int, (1...current).contains(version) else {
            let newer = (field as? Int).map { $0 > current } ?? false
            throw CompareInputError(
                path: file,
                reason: "schemaVersion \(field) is "
                    + (newer
                        ? "newer than this tool reads (1 to \(current)): compare it with the statsbench that wrote it"
                        : "not a version statsbench writes (1 to \(current))"))
        }
        let result: RunResult
        do {
            result = try JSONNumbers.decode(RunResult.self, from: data)
        } catch {
            throw CompareInputError(
                path: file,
                reason: version == current
                    ? "does not match schema version \(version): \(JSONNumbers.describe(error))"
                    : "schema version \(version) cannot be read by this tool (which writes version \(current)): "
                        + JSONNumbers.describe(error))
        }
        if let problem = implausible(result) { throw CompareInputError(path: file, reason: problem) }
        return (result, data)
    }

    /// What no run writes but a damaged or hand-edited file can hold, and a comparison would silently turn into a
    /// figure (a NaN pair read as 0 ns, a scale of 0): the field's path and value, or `nil` when plausible.
    static func implausible(_ result: RunResult) -> String? {
        let scale = result.scenario.scale
        guard scale > 0, scale.isFinite else { return "scenario.scale must be above 0, got \(scale)" }
        for (index, sink) in (result.overhead?.sinks ?? []).enumerated() {
            let path = "overhead.sinks[\(index)]"
            guard !sink.pairNanoseconds.isEmpty else { return "\(path).pairNanoseconds is empty" }
            let samples = [
                ("pairNanoseconds", sink.pairNanoseconds),
                ("pairBaselineNanoseconds", sink.pairBaselineNanoseconds ?? []),
            ]
            for (name, values) in samples {
                if let bad = values.firstIndex(where: { !$0.isFinite }) {
                    return "\(path).\(name)[\(bad)] is \(values[bad]), not a finite number of nanoseconds"
                }
            }
        }
        // Every other number compare reads as a sample or an exact figure (a lost accuracy estimate is a missing
        // value, not a number, so accuracy errors are not among them).
        var figures: [(String, Double?)] = [("generator.nanosecondsPerEvent", result.generator.nanosecondsPerEvent)]
        for (index, primitive) in (result.overhead?.primitives ?? []).enumerated() {
            figures.append(("overhead.primitives[\(index)].nanosecondsPerOperation", primitive.nanosecondsPerOperation))
            figures.append(("overhead.primitives[\(index)].ratioToAtomic", primitive.ratioToAtomic))
        }
        for (index, sink) in (result.memory?.sinks ?? []).enumerated() {
            figures.append(("memory.sinks[\(index)].allocationsPerEvent", sink.allocationsPerEvent))
        }
        for (index, path) in (result.instructions?.paths ?? []).enumerated() {
            figures.append(("instructions.paths[\(index)].instructionsPerRecord", path.instructionsPerRecord))
        }
        for (path, value) in figures {
            if let value, !value.isFinite { return "\(path) is \(value), not a finite number" }
        }
        return inconsistent(result)
    }

    /// What makes a result's parts disagree with each other, so that a comparison would pool, drop or misread
    /// figures: the field's path and what is wrong, or `nil`.
    ///
    /// - a figure named twice (two `overhead.sinks` entries for one sink, a primitive, an accuracy row, a memory
    ///   sink, a ring row or an instruction path repeated): compare would pool or pick one silently;
    /// - a sink's `pairs` not the number of its `pairNanoseconds`, or `pairBaselineNanoseconds` of another length;
    ///   a negative or non-finite `confidence95Nanoseconds`;
    /// - `accuracy.quantiles` not strictly increasing within 0 … 1, or a row whose lists do not have one entry per
    ///   quantile: its figures would be matched to the wrong quantile or dropped;
    /// - a `sampledCost` whose quantiles decrease;
    /// - a `generator.hash` that is not 1 to 16 lower-case hexadecimal digits (a 64-bit hash as a run writes
    ///   it), an `environment.startedAt` that is not an ISO 8601 UTC time.
    static func inconsistent(_ result: RunResult) -> String? {
        var names: [String: String] = [:]
        func repeated(_ name: String, at path: String) -> String? {
            if let first = names[name] { return "\(path) repeats \(first) ('\(name)'): a figure appears twice" }
            names[name] = path
            return nil
        }
        for (index, sink) in (result.overhead?.sinks ?? []).enumerated() {
            let path = "overhead.sinks[\(index)]"
            if let problem = repeated("overhead \(sink.sink)", at: path) { return problem }
            guard sink.pairs == sink.pairNanoseconds.count else {
                return "\(path).pairs is \(sink.pairs), but pairNanoseconds holds \(sink.pairNanoseconds.count) pairs"
            }
            if let baseline = sink.pairBaselineNanoseconds, baseline.count != sink.pairNanoseconds.count {
                return "\(path).pairBaselineNanoseconds holds \(baseline.count) values, pairNanoseconds "
                    + "\(sink.pairNanoseconds.count)"
            }
            guard sink.confidence95Nanoseconds >= 0, sink.confidence95Nanoseconds.isFinite else {
                return "\(path).confidence95Nanoseconds is \(sink.confidence95Nanoseconds), not a half-width ≥ 0"
            }
            if let cost = sink.sampledCost {
                let order = [cost.p50, cost.p90, cost.p99, cost.p999, cost.max]
                guard order.allSatisfy(\.isFinite), zip(order, order.dropFirst()).allSatisfy({ $0 <= $1 }) else {
                    return "\(path).sampledCost: p50 ≤ p90 ≤ p99 ≤ p999 ≤ max does not hold (\(order))"
                }
            }
        }
        for (index, primitive) in (result.overhead?.primitives ?? []).enumerated() {
            let name = "primitive \(primitive.name) \(primitive.threads)"
            if let problem = repeated(name, at: "overhead.primitives[\(index)]") { return problem }
        }
        if let accuracy = result.accuracy {
            let quantiles = accuracy.quantiles
            guard quantiles.allSatisfy({ $0 > 0 && $0 <= 1 }),
                zip(quantiles, quantiles.dropFirst()).allSatisfy({ $0 < $1 })
            else { return "accuracy.quantiles \(quantiles) is not strictly increasing within 0 < q ≤ 1" }
            for (index, row) in accuracy.rows.enumerated() {
                let path = "accuracy.rows[\(index)]"
                if let problem = repeated("accuracy \(row.sink) \(row.method) \(row.scope)", at: path) {
                    return problem
                }
                for (field, count) in [
                    ("exact", row.exact.count), ("estimate", row.estimate.count),
                    ("relativeError", row.relativeError.count), ("missing", row.missing.count),
                ] where count != quantiles.count {
                    return "\(path).\(field) has \(count) values, accuracy.quantiles has \(quantiles.count)"
                }
            }
        }
        for (index, sink) in (result.memory?.sinks ?? []).enumerated() {
            if let problem = repeated("memory \(sink.sink)", at: "memory.sinks[\(index)]") { return problem }
        }
        for (index, row) in (result.ring?.rows ?? []).enumerated() {
            if let problem = repeated("ring \(row.ring) \(row.readers)", at: "ring.rows[\(index)]") { return problem }
        }
        for (index, path) in (result.instructions?.paths ?? []).enumerated() {
            if let problem = repeated("instructions \(path.path)", at: "instructions.paths[\(index)]") {
                return problem
            }
        }
        let hash = result.generator.hash
        guard (1...16).contains(hash.utf8.count), hash.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
            return "generator.hash '\(hash)' is not a 64-bit hash in lower-case hexadecimal (1 to 16 digits)"
        }
        guard (try? Date.ISO8601FormatStyle().parse(result.environment.startedAt)) != nil else {
            return "environment.startedAt '\(result.environment.startedAt)' is not an ISO 8601 UTC time"
        }
        return nil
    }
}
