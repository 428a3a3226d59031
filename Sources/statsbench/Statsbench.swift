import ArgumentParser

/// `statsbench`: the command-line tool of the statistics benchmark and simulation harness.
@main
struct Statsbench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Server statistics: scenario files, simulated load and comparative reports.",
        discussion: """
            Scenario files live in scenarios/ (format: docs/scenario-format.md). The scenario runner \
            (statsbench run) is being built; `make run` runs the micro-benchmarks meanwhile.
            """,
        subcommands: [Validate.self]
    )
}
