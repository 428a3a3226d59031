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
    /// `result.json` below it). The same run found twice (a stamped directory and `latest/`) counts once.
    ///
    /// - Throws: ``CompareInputError`` naming the path when it does not exist, holds no `result.json`, or a file
    ///   is not a result this tool can read.
    public static func load(_ paths: [String]) throws(CompareInputError) -> [LoadedResult] {
        guard !paths.isEmpty else { throw CompareInputError(path: "(none)", reason: "no result files named") }
        var loaded: [LoadedResult] = []
        var seen: Set<String> = []
        for path in paths {
            for file in try files(at: path) {
                let result = try read(file)
                let key =
                    "\(result.scenario.comparisonName)\u{0}\(result.environment.startedAt)\u{0}\(result.generator.hash)"
                if seen.insert(key).inserted { loaded.append(LoadedResult(file: file, result: result)) }
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

    /// Reads and decodes one result file.
    static func read(_ file: String) throws(CompareInputError) -> RunResult {
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
        return result
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
        return nil
    }
}
