import ArgumentParser
import Simulation

/// `statsbench validate FILE…`: checks scenario files and reports every problem with file, line, column and
/// field path; exits non-zero if any file has one.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check scenario files; print each problem as file:line:column: error: path: message.",
        discussion: """
            Exits 0 when every file is valid and 1 when a file has a problem (the check's verdict, as a linter's; \
            a file that cannot be read is one), 2 on bad usage such as no file named. `run` exits 2 for the same \
            file: there it is input the run cannot use.
            """)

    @Argument(help: "Scenario files (YAML or JSON).")
    var files: [String]

    @Flag(name: .shortAndLong, help: "Print nothing for valid files.")
    var quiet = false

    mutating func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name at least one scenario file") }
    }

    mutating func run() throws {
        var failed = 0
        for file in files {
            let issues = ScenarioValidator.validate(paths: [file])
            if issues.isEmpty {
                if !quiet { print("\(file): ok") }
            } else {
                failed += 1
                for issue in issues { printToStandardError(issue.description) }
            }
        }
        if failed > 0 {
            printToStandardError("\(failed) of \(files.count) scenario files have errors")
            throw ExitCode.failure
        }
    }
}

/// Writes a line to standard error.
func printToStandardError(_ line: String) {
    var standardError = StandardErrorStream()
    print(line, to: &standardError)
}

/// Standard error as a `TextOutputStream`.
struct StandardErrorStream: TextOutputStream {
    mutating func write(_ string: String) {
        FileDescriptorWriter.write(string, to: 2)
    }
}
