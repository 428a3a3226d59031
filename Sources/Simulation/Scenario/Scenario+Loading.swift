import Foundation
import Yams

extension Scenario {
    /// Loads and validates the scenario file at `path` (YAML, or JSON — a subset of YAML).
    ///
    /// Relative paths inside the file (empirical samples, stats directory) are resolved against the file's
    /// directory. Every problem in the file is reported at once.
    ///
    /// ```swift
    /// do {
    ///     let scenario = try Scenario.load(contentsOf: "scenarios/smoke.yaml")
    /// } catch {
    ///     print(error)  // scenarios/smoke.yaml:3:10: error: workers: must be at least 1 and at most 256, got 0
    /// }
    /// ```
    public static func load(contentsOf path: String) throws(ScenarioError) -> Scenario {
        let (scenario, issues) = read(path: path)
        guard let scenario, issues.isEmpty else { throw ScenarioError(issues: issues) }
        return scenario
    }

    /// Parses and validates scenario text; `file` names it in issues and `baseDirectory` anchors relative paths.
    public static func parse(
        yaml: String, file: String = "<scenario>", baseDirectory: String = FileManager.default.currentDirectoryPath
    ) throws(ScenarioError) -> Scenario {
        let (scenario, issues) = read(yaml: yaml, file: file, baseDirectory: baseDirectory)
        guard let scenario, issues.isEmpty else { throw ScenarioError(issues: issues) }
        return scenario
    }

    /// Reads the file at `path`: the scenario when valid, and every issue found (sorted by position).
    static func read(path: String) -> (Scenario?, [ScenarioIssue]) {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        if let size = attributes?[.size] as? NSNumber, size.int64Value > Int64(ScenarioLimits.fileBytes) {
            let issue = ScenarioIssue(
                file: path, line: 1, column: 1, path: "",
                message:
                    "the file is \(size.int64Value) bytes, more than the \(ScenarioLimits.fileBytes) a scenario may be")
            return (nil, [issue])
        }
        if let type = attributes?[.type] as? FileAttributeType, type != .typeRegular {
            let issue = ScenarioIssue(
                file: path, line: 1, column: 1, path: "", message: "not a regular file; name a scenario file")
            return (nil, [issue])
        }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason =
                FileManager.default.fileExists(atPath: path) ? "cannot be read as UTF-8 text" : "does not exist"
            let issue = ScenarioIssue(
                file: path, line: 1, column: 1, path: "",
                message: "scenario file \(reason); check the path and the file's permissions and encoding")
            return (nil, [issue])
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return read(yaml: text, file: path, baseDirectory: directory)
    }

    /// Reads scenario text: the scenario when valid, and every issue found (sorted by position).
    static func read(yaml: String, file: String, baseDirectory: String) -> (Scenario?, [ScenarioIssue]) {
        let reader = ScenarioReader(file: file, baseDirectory: baseDirectory)
        // Bounded first: composing an unchecked file can take minutes (aliases) or report one duplicate key.
        let findings = YAMLPrescan.scan(yaml)
        guard findings.isEmpty else {
            for finding in findings { reader.report(line: finding.line, column: finding.column, "", finding.message) }
            return (nil, reader.issues)
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            reader.reportYAML(error)
            return (nil, reader.issues)
        }
        guard let root else {
            reader.report(
                nil, "",
                "the file is empty; a scenario needs at least name, seed, duration or events, requests and arrival")
            return (nil, reader.issues)
        }
        let scenario = reader.scenario(root)
        let sorted = reader.issues.enumerated().sorted {
            ($0.element.line, $0.element.column, $0.offset) < ($1.element.line, $1.element.column, $1.offset)
        }.map(\.element)
        return (sorted.isEmpty ? scenario : nil, sorted)
    }
}

extension ScenarioReader {
    /// Turns a Yams syntax error into an issue at the position libyaml reported.
    func reportYAML(_ error: any Error) {
        guard let yamlError = error as? YamlError else {
            report(nil, "", "invalid YAML: \(error)")
            return
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let opened = context.map { " (\($0.text) started at \($0.mark.line):\($0.mark.column))" } ?? ""
            report(line: mark.line, column: mark.column, "", "invalid YAML: \(problem)\(opened); fix the syntax here")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            report(
                line: max(context.mark.line, 1), column: max(context.mark.column, 1), "",
                "key \(keys) appears more than once in one mapping; keep only one")
        case .reader(let problem, _, _, _):
            report(nil, "", "cannot read the file as YAML: \(problem)")
        default:
            report(nil, "", "invalid YAML: \(yamlError)")
        }
    }
}
