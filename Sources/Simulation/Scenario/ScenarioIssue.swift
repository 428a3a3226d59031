/// One problem found in a scenario file, located like a compiler diagnostic.
///
/// ```text
/// scenarios/x.yaml:12:5: error: requests.methods[2].latency.median: must be positive, got -3ms
/// ```
public struct ScenarioIssue: Sendable, Hashable, CustomStringConvertible {
    /// The file as it was named to the loader.
    public var file: String
    /// Line, from 1.
    public var line: Int
    /// Column, from 1 (counted in Unicode scalars).
    public var column: Int
    /// The field path, e.g. `requests.methods[2].latency.median`; empty for a problem with the whole file.
    public var path: String
    /// What is wrong and what to do.
    public var message: String

    /// Creates an issue.
    public init(file: String, line: Int, column: Int, path: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
    }

    /// `file:line:column: error: path: message`.
    public var description: String {
        let location = "\(file):\(line):\(column): error: "
        return path.isEmpty ? location + message : location + path + ": " + message
    }
}

/// A scenario file that cannot be used: every issue found in it, in file order.
public struct ScenarioError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The issues, at least one.
    public var issues: [ScenarioIssue]

    /// Creates an error from `issues`.
    public init(issues: [ScenarioIssue]) {
        self.issues = issues
    }

    /// One diagnostic per line.
    public var description: String {
        issues.map(\.description).joined(separator: "\n")
    }
}
