import Yams

/// Reads a composed YAML node tree into scenario parts, collecting every issue instead of stopping at the first.
///
/// Each `read…` method returns `nil` after reporting why a part is unusable, so that the caller carries on
/// with the rest of the file and the user sees all the problems in one pass.
final class ScenarioReader {
    /// The file as named to the loader, used in issues.
    let file: String
    /// Directory that relative paths (empirical samples, stats directory) are resolved against.
    let baseDirectory: String
    /// The issues found so far.
    private(set) var issues: [ScenarioIssue] = []

    init(file: String, baseDirectory: String) {
        self.file = file
        self.baseDirectory = baseDirectory
    }

    /// Records an issue at `node`'s position (line 1, column 1 when it has none).
    func report(_ node: Node?, _ path: String, _ message: String) {
        issues.append(
            ScenarioIssue(
                file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, path: path,
                message: message))
    }

    /// Records an issue at an explicit position.
    func report(line: Int, column: Int, _ path: String, _ message: String) {
        issues.append(ScenarioIssue(file: file, line: line, column: column, path: path, message: message))
    }

    /// The mapping at `node` with its keys checked against `known`: unknown keys are reported (with the closest
    /// known key as a suggestion), so they are never silently ignored.
    func fields(_ node: Node, _ path: String, known: [String], expecting what: String) -> Fields? {
        guard let mapping = node.mapping else {
            report(node, path, "expected \(what), got \(Self.describe(node))")
            return nil
        }
        var entries: [String: (key: Node, value: Node)] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                report(key, path, "keys must be plain names, got \(Self.describe(key))")
                continue
            }
            guard known.contains(name) else {
                let hint =
                    closestName(to: name, in: known).map { "did you mean '\($0)'?" }
                    ?? "known keys: \(known.joined(separator: ", "))"
                report(key, path.child(name), "unknown key '\(name)'; \(hint)")
                continue
            }
            entries[name] = (key, value)
        }
        return Fields(node: node, path: path, entries: entries)
    }

    /// The value of a required field; reports it missing (with an example of what to write) when absent.
    func required(_ fields: Fields, _ key: String, example: String) -> Node? {
        if let value = fields[key] { return value }
        report(fields.node, fields.path.child(key), "missing required field; add e.g. '\(key): \(example)'")
        return nil
    }

    /// An optional field: `fallback` when absent, else what `read` makes of it (`nil` when it reported an issue).
    func optional<T>(_ fields: Fields, _ key: String, default fallback: T, _ read: (Node, String) -> T?) -> T? {
        guard let node = fields[key] else { return fallback }
        return read(node, fields.path.child(key))
    }

    /// The text of a scalar, or `nil` (reported) for a mapping, a list or an empty value.
    func scalarText(_ node: Node, _ path: String, expecting what: String) -> String? {
        guard let scalar = node.scalar, node.null == nil else {
            report(node, path, "expected \(what), got \(Self.describe(node))")
            return nil
        }
        return scalar.string
    }

    /// The items of a list, or `nil` (reported) for anything else.
    func items(_ node: Node, _ path: String, expecting what: String) -> [Node]? {
        guard let sequence = node.sequence else {
            report(node, path, "expected \(what), got \(Self.describe(node))")
            return nil
        }
        return Array(sequence)
    }

    /// A short description of a node for "expected X, got Y" messages.
    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            return node.null != nil ? "an empty value" : "'\(scalar.string)'"
        }
    }
}

/// The entries of a mapping whose keys have been checked.
struct Fields {
    /// The mapping node (where "missing field" issues point).
    let node: Node
    /// The mapping's field path.
    let path: String
    /// Known keys present, with their key and value nodes.
    let entries: [String: (key: Node, value: Node)]

    /// The value of `key`, or `nil` when absent.
    subscript(key: String) -> Node? { entries[key]?.value }
}

extension String {
    /// The path of field `key` below this path: `requests` + `methods` → `requests.methods`.
    func child(_ key: String) -> String { isEmpty ? key : self + "." + key }

    /// The path of item `index` of the list at this path: `requests.methods[2]`.
    func item(_ index: Int) -> String { self + "[\(index)]" }
}
