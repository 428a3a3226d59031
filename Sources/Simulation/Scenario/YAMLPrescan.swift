import CYaml

/// A first pass over a scenario's YAML events (libyaml's parser, no tree) that bounds the work of loading it
/// and finds every duplicate key, before Yams composes the node tree.
///
/// Composing is only safe on text that passed: an alias repeats the whole node it names, so a few hundred
/// bytes of nested anchors (`&a [*b, *b, …]` nine levels deep) stand for billions of nodes; used as a mapping
/// key, Yams hashes the expanded key to look for duplicates and spins for minutes. This pass counts each
/// node's expanded size once per anchor (memoised), so it costs one step per event whatever the aliases
/// expand to, and stops at the first limit crossed:
///
/// - at most ``ScenarioLimits/yamlNodes`` nodes with every alias expanded;
/// - at most ``ScenarioLimits/yamlDepth`` levels of nesting, aliases expanded;
/// - at most ``ScenarioLimits/yamlAliases`` aliases;
/// - mapping keys are scalars (an alias to a scalar is fine; one to a mapping or list is not);
/// - no node carries an explicit tag (`!!float 1`): each field is read by its own rule, so a tag is refused
///   rather than ignored.
///
/// Every key repeated within one mapping is reported at the repeat, with where it first appeared; syntax
/// errors, undefined aliases and a second document are reported at libyaml's position.
struct YAMLPrescan {
    /// What a finished node contributes to its parent.
    private struct Shape {
        /// Nodes with aliases expanded (this one included).
        var nodes: Double
        /// Levels of nesting below and including this node (a scalar is 1).
        var height: Int
        /// The scalar's text, `nil` for a mapping or list.
        var scalar: String?
    }

    /// An open mapping or list.
    private struct Frame {
        var isMapping: Bool
        var anchor: String?
        var nodes: Double = 1
        var height = 1
        /// For a mapping: whether the next node is a key.
        var expectsKey = true
        /// For a mapping: each key seen, with where it first appeared.
        var keys: [String: (line: Int, column: Int)] = [:]
    }

    /// An issue found: position (1-based) and message.
    struct Finding {
        var line: Int
        var column: Int
        var message: String
    }

    private var frames: [Frame] = []
    private var anchors: [String: Shape] = [:]
    private var aliases = 0
    private var totalNodes = 0.0
    private(set) var findings: [Finding] = []
    /// Whether the pass stopped at a limit or a syntax error (the text must not be composed).
    private(set) var stopped = false

    /// Scans `yaml`; the findings are empty when it is safe to compose and has no duplicate key.
    static func scan(_ yaml: String) -> [Finding] {
        var scan = YAMLPrescan()
        scan.run(Array(yaml.utf8))
        return scan.findings
    }

    private mutating func run(_ bytes: [UInt8]) {
        guard bytes.count <= ScenarioLimits.fileBytes else {
            stop(
                line: 1, column: 1,
                "the file is \(bytes.count) bytes, more than the \(ScenarioLimits.fileBytes) a scenario may be")
            return
        }
        guard !bytes.isEmpty else { return }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            stop(line: 1, column: 1, "cannot start the YAML parser (out of memory)")
            return
        }
        defer { yaml_parser_delete(&parser) }
        bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var documents = 0
            while !stopped {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    syntaxError(parser)
                    return
                }
                defer { yaml_event_delete(&event) }
                let line = event.start_mark.line + 1
                let column = event.start_mark.column + 1
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return
                case YAML_DOCUMENT_START_EVENT:
                    documents += 1
                    if documents > 1 {
                        stop(line: line, column: column, "a scenario file holds one YAML document; remove this one")
                    }
                case YAML_SCALAR_EVENT:
                    tag(event.data.scalar.tag, line: line, column: column)
                    let value = Self.text(event.data.scalar.value, length: event.data.scalar.length)
                    let anchor = Self.anchorName(event.data.scalar.anchor)
                    let shape = Shape(nodes: 1, height: 1, scalar: value)
                    if let anchor { anchors[anchor] = shape }
                    add(shape, line: line, column: column)
                case YAML_ALIAS_EVENT:
                    alias(Self.anchorName(event.data.alias.anchor) ?? "", line: line, column: column)
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    let isMapping = event.type == YAML_MAPPING_START_EVENT
                    tag(
                        isMapping ? event.data.mapping_start.tag : event.data.sequence_start.tag, line: line,
                        column: column)
                    let anchor = Self.anchorName(
                        isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor)
                    open(isMapping: isMapping, anchor: anchor, line: line, column: column)
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    close(line: line, column: column)
                default:
                    break
                }
            }
        }
    }

    /// Reports an explicit tag (`!!float 1`, `!!str 5`, `!custom {…}`): each field is read by its own rule
    /// whatever a tag says, so a tag would be silently ignored.
    private mutating func tag(_ pointer: UnsafeMutablePointer<UInt8>?, line: Int, column: Int) {
        guard let pointer, let tag = Self.anchorName(pointer) else { return }
        let core = "tag:yaml.org,2002:"
        let written = tag.hasPrefix(core) ? "!!" + tag.dropFirst(core.count) : tag
        findings.append(
            Finding(
                line: line, column: column,
                message: "the YAML tag '\(written)' is not read (each field has its own type); remove it"))
    }

    private mutating func alias(_ name: String, line: Int, column: Int) {
        aliases += 1
        guard aliases <= ScenarioLimits.yamlAliases else {
            stop(line: line, column: column, "more than \(ScenarioLimits.yamlAliases) aliases; write the values out")
            return
        }
        guard let shape = anchors[name] else {
            stop(line: line, column: column, "alias *\(name) names no anchor defined before it")
            return
        }
        add(shape, line: line, column: column)
    }

    private mutating func open(isMapping: Bool, anchor: String?, line: Int, column: Int) {
        if let parent = frames.last, parent.isMapping, parent.expectsKey {
            // Reported once, at the key; the pass carries on so that later problems are found too.
            findings.append(
                Finding(
                    line: line, column: column,
                    message: "a mapping key must be a plain name, not a \(isMapping ? "mapping" : "list")"))
        }
        totalNodes += 1
        frames.append(Frame(isMapping: isMapping, anchor: anchor))
        guard frames.count <= ScenarioLimits.yamlDepth else {
            stop(line: line, column: column, "nested more than \(ScenarioLimits.yamlDepth) levels deep")
            return
        }
    }

    private mutating func close(line: Int, column: Int) {
        guard let frame = frames.popLast() else { return }
        let shape = Shape(nodes: frame.nodes, height: frame.height, scalar: nil)
        if let anchor = frame.anchor { anchors[anchor] = shape }
        add(shape, line: line, column: column, counted: true)
    }

    /// Adds a finished node (or an alias's expansion) to the open collection, checking the limits and keys.
    /// `counted`: the node's own nodes were already added to the total as they were read.
    private mutating func add(_ shape: Shape, line: Int, column: Int, counted: Bool = false) {
        if !counted { totalNodes += shape.nodes }
        guard totalNodes <= Double(ScenarioLimits.yamlNodes) else {
            stop(
                line: line, column: column,
                "the document expands to more than \(ScenarioLimits.yamlNodes) nodes (aliases repeat what they "
                    + "name); write the values out or use fewer aliases")
            return
        }
        guard let index = frames.indices.last else { return }
        guard frames.count + shape.height <= ScenarioLimits.yamlDepth + 1 else {
            stop(
                line: line, column: column,
                "nested more than \(ScenarioLimits.yamlDepth) levels deep (aliases expanded)")
            return
        }
        frames[index].nodes += shape.nodes
        frames[index].height = max(frames[index].height, shape.height + 1)
        guard frames[index].isMapping else { return }
        defer { frames[index].expectsKey.toggle() }
        guard frames[index].expectsKey else { return }
        guard let key = shape.scalar else {
            if counted { return }  // a mapping or list opened as a key was reported when it opened
            findings.append(
                Finding(
                    line: line, column: column,
                    message: "a mapping key must be a plain name, not an alias to a mapping or list"))
            return
        }
        if let first = frames[index].keys[key] {
            findings.append(
                Finding(
                    line: line, column: column,
                    message: "key '\(key)' appears more than once in one mapping (first at line \(first.line), "
                        + "column \(first.column)); keep only one"))
        } else {
            frames[index].keys[key] = (line, column)
        }
    }

    private mutating func stop(line: Int, column: Int, _ message: String) {
        findings.append(Finding(line: line, column: column, message: message))
        stopped = true
    }

    private mutating func syntaxError(_ parser: yaml_parser_t) {
        let problem = Self.message(parser.problem) ?? "syntax error"
        // libyaml's own limit (1,000 levels) is met while scanning ahead, before the events that would cross
        // this pass's limit are read: the same refusal, at libyaml's position.
        if problem.hasPrefix("Maximum nesting level") {
            stop(
                line: parser.problem_mark.line + 1, column: parser.problem_mark.column + 1,
                "nested more than \(ScenarioLimits.yamlDepth) levels deep")
            return
        }
        let mark = parser.context_mark
        let context =
            Self.message(parser.context).map { " (\($0) started at \(mark.line + 1):\(mark.column + 1))" } ?? ""
        stop(
            line: parser.problem_mark.line + 1, column: parser.problem_mark.column + 1,
            "invalid YAML: \(problem)\(context); fix the syntax here")
    }

    /// A NUL-terminated anchor name or tag.
    private static func anchorName(_ pointer: UnsafePointer<UInt8>?) -> String? {
        guard let pointer else { return nil }
        var length = 0
        while pointer[length] != 0 { length += 1 }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    /// One of libyaml's C-string messages.
    private static func message(_ pointer: UnsafePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private static func text(_ pointer: UnsafeMutablePointer<UInt8>?, length: Int) -> String {
        guard let pointer else { return "" }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
    }
}
