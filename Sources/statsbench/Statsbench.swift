import ArgumentParser
import Harness

/// `statsbench`: the command-line tool of the statistics benchmark and simulation harness.
@main
struct Statsbench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Server statistics: scenario files, simulated load and comparative reports.",
        discussion: """
            Scenario files live in scenarios/ (format: docs/scenario-format.md); results are described in \
            docs/result-format.md.
            """,
        version: Version.current,
        subcommands: [Run.self, Compare.self, Validate.self, Serve.self, Watch.self, Sweep.self]
    )

    /// Runs the command; a usage error (an unknown or malformed flag, a value out of range) exits 2 like every
    /// other bad input, as each command's help says, instead of swift-argument-parser's 64 (`EX_USAGE`).
    static func main() async {
        if let problem = unknownHelpTopic(Array(CommandLine.arguments.dropFirst())) {
            printToStandardError("Error: \(problem)\nUsage: statsbench help <subcommand>")
            exit(withError: ExitCode(2))
        }
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            printToStandardError(fullMessage(for: error))
            exit(withError: ExitCode(2))
        }
    }

    /// Why `statsbench help …` names no subcommand, or `nil` when it does (or names none, or is not `help`).
    /// swift-argument-parser prints the overview and exits 0 for `help nonsense`; a mistyped name is bad input
    /// like any other, so it exits 2 with the list of subcommands.
    static func unknownHelpTopic(_ arguments: [String]) -> String? {
        guard arguments.first == "help" else { return nil }
        let topics = arguments.dropFirst().filter { !$0.hasPrefix("-") }
        guard let topic = topics.first else { return nil }
        let names = configuration.subcommands.map { $0._commandName }
        guard names.contains(topic) else {
            return "unknown subcommand '\(topic)'; the subcommands are \(names.joined(separator: ", "))"
        }
        if let extra = topics.dropFirst().first { return "'\(topic)' has no subcommand '\(extra)'" }
        return nil
    }
}
