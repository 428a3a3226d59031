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
}
