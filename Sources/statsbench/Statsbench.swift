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
}
