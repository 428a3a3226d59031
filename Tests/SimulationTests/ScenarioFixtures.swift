import Foundation
import Simulation

/// Paths of the scenario test fixtures and the shipped scenarios, found from this file's location.
enum ScenarioFixtures {
    /// `Tests/SimulationTests/Fixtures`.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures")
    /// The repository's `scenarios/` folder.
    static let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../scenarios").standardizedFileURL

    /// The path of fixture `name`.
    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// The issues of scenario text (none when it is valid), named `test.yaml` and anchored in the fixtures.
    static func issues(_ yaml: String) -> [ScenarioIssue] {
        do {
            _ = try Scenario.parse(yaml: yaml, file: "test.yaml", baseDirectory: directory.path)
            return []
        } catch {
            return error.issues
        }
    }

    /// `(line, column, path)` of each issue, for exact comparisons.
    static func locations(_ issues: [ScenarioIssue]) -> [Location] {
        issues.map { Location(line: $0.line, column: $0.column, path: $0.path) }
    }

    /// Where an issue points.
    struct Location: Hashable, CustomStringConvertible {
        let line: Int
        let column: Int
        let path: String
        var description: String { "\(line):\(column) \(path)" }
    }

    /// A minimal valid scenario; tests append or replace lines to break it.
    static let minimal = """
        name: t
        seed: 1
        duration: 1s
        requests:
          methods:
            - name: a
              latency: {constant: 1ms}
        arrival: {poisson: 1k/s}
        """
}
