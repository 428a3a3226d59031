import Foundation
import Yams

/// One change to a scenario file's text before it is validated (what `statsbench sweep` applies per point), so
/// that a changed scenario is checked by the same reader as a file: ranges, run limits and every other rule.
public enum ScenarioEdit: Sendable, Hashable {
    /// Sets the value at a key path (`["clients", "count"]`) to `yaml`, a YAML value in the scenario format
    /// (`1000`, `{poisson: 20000}`); mappings on the way are created when missing.
    case set(path: [String], yaml: String)
    /// Makes `requests.methods` hold `count` methods: method `i` is a copy of method `i mod M` of the file's `M`
    /// methods (weight, latency, sizes, cost kept); the first `M` keep their names, a later copy of method
    /// `NAME` in round `r` (counting from 2) is named `NAME~r`. Fewer than `M` keeps the first `count`.
    case methods(count: Int)
}

extension Scenario {
    /// Loads the scenario file at `path`, applies `edits` to its text in order, and validates the result like a
    /// file (relative paths still resolve against the file's directory).
    ///
    /// - Throws: ``ScenarioError`` with the file's own issues when it is invalid as written; with the issues of
    ///   the edited text (their `path` and `message` name the field; their line and column refer to the edited
    ///   text) when an edit makes it invalid, or one issue at line 1 when an edit cannot be applied (the value
    ///   is not YAML, or a key on the path holds a scalar or a list).
    public static func load(contentsOf path: String, applying edits: [ScenarioEdit]) throws(ScenarioError)
        -> Scenario
    {
        let (original, issues) = read(path: path)
        guard let original, issues.isEmpty else { throw ScenarioError(issues: issues) }
        guard !edits.isEmpty else { return original }
        func failure(_ field: String, _ message: String) -> ScenarioError {
            ScenarioError(issues: [ScenarioIssue(file: path, line: 1, column: 1, path: field, message: message)])
        }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw failure("", "scenario file cannot be read again: \(error.localizedDescription)")
        }
        var root: Node
        do {
            guard let composed = try Yams.compose(yaml: text) else { throw failure("", "the file is empty") }
            root = composed
            for edit in edits {
                switch edit {
                case .set(let keys, let yaml):
                    guard let value = try Yams.compose(yaml: yaml) else {
                        throw failure(keys.joined(separator: "."), "the value '\(yaml)' is empty")
                    }
                    guard let edited = ScenarioEditing.setting(value, at: keys[...], in: root) else {
                        throw failure(keys.joined(separator: "."), "cannot be set: a key on the way is not a mapping")
                    }
                    root = edited
                case .methods(let count):
                    guard let edited = ScenarioEditing.repeatingMethods(count, in: root) else {
                        throw failure("requests.methods", "cannot be repeated: it is not a list of methods")
                    }
                    root = edited
                }
            }
        } catch let error as ScenarioError {
            throw error
        } catch {
            throw failure("", "the edited scenario is not YAML: \(error)")
        }
        let edited: String
        do {
            edited = try Yams.serialize(node: root)
        } catch {
            throw failure("", "the edited scenario cannot be written as YAML: \(error)")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let (scenario, editIssues) = read(yaml: edited, file: path, baseDirectory: directory)
        guard let scenario, editIssues.isEmpty else { throw ScenarioError(issues: editIssues) }
        return scenario
    }
}

/// Node surgery behind ``ScenarioEdit``.
enum ScenarioEditing {
    /// `root` with `value` at `keys`, or `nil` when a node on the way is not a mapping.
    static func setting(_ value: Node, at keys: ArraySlice<String>, in root: Node) -> Node? {
        guard let key = keys.first else { return value }
        guard case .mapping(var mapping) = root else { return nil }
        let index = mapping.firstIndex { $0.key.string == key }
        let child = index.map { mapping[$0].value } ?? Node.mapping(Node.Mapping([]))
        guard let replaced = setting(value, at: keys.dropFirst(), in: child) else { return nil }
        var pairs = mapping.map { ($0.key, $0.value) }
        if let index {
            pairs[mapping.distance(from: mapping.startIndex, to: index)].1 = replaced
        } else {
            pairs.append((Node(key), replaced))
        }
        mapping = Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark)
        return .mapping(mapping)
    }

    /// `root` with `requests.methods` repeated or cut to `count` items (the ``ScenarioEdit/methods(count:)``
    /// rule), or `nil` when there is no such list.
    static func repeatingMethods(_ count: Int, in root: Node) -> Node? {
        guard case .mapping(let top) = root, let requests = top.first(where: { $0.key.string == "requests" }),
            case .mapping(let mix) = requests.value, let list = mix.first(where: { $0.key.string == "methods" }),
            case .sequence(let methods) = list.value
        else { return nil }
        let originals = Array(methods)
        guard !originals.isEmpty else { return nil }
        var items: [Node] = []
        for index in 0..<max(0, count) {
            let original = originals[index % originals.count]
            let round = index / originals.count + 1
            guard round > 1 else {
                items.append(original)
                continue
            }
            guard case .mapping(let method) = original else { return nil }
            let name = method.first { $0.key.string == "name" }?.value.string ?? "method"
            guard let renamed = setting(Node("\(name)~\(round)"), at: ["name"], in: .mapping(method)) else {
                return nil
            }
            items.append(renamed)
        }
        let sequence = Node.sequence(Node.Sequence(items, methods.tag, methods.style, methods.mark))
        return setting(sequence, at: ["requests", "methods"], in: root)
    }
}
