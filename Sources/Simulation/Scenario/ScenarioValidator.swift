/// Checks scenario files without running them: the core of `statsbench validate FILE…`.
///
/// ```swift
/// let issues = ScenarioValidator.validate(paths: CommandLine.arguments.dropFirst().map { $0 })
/// issues.forEach { print($0) }
/// exit(issues.isEmpty ? 0 : 1)
/// ```
public enum ScenarioValidator {
    /// Every issue in every file, file by file in the order given, each file's issues by position.
    /// An unreadable file yields one issue at line 1, column 1; nothing throws.
    public static func validate(paths: [String]) -> [ScenarioIssue] {
        paths.flatMap { Scenario.read(path: $0).1 }
    }
}
