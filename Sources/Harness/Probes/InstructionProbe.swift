import Foundation

/// How to count the record paths' instructions.
public struct InstructionOptions: Sendable, Equatable {
    /// The `statsbench-instructions` executable (built beside `statsbench`).
    public var executable: String
    /// The valgrind executable; `nil` looks for `valgrind` on `PATH`.
    public var valgrind: String?
    /// The two record counts; instructions per record = (I₂ − I₁) / (N₂ − N₁), so setup and start cancel out.
    /// Both have the same number of digits, so the command lines are the same length; 200,000 records apart,
    /// so a process-wide difference of a few hundred instructions (address layout where `setarch -R` cannot fix
    /// it) is below 0.002 per record.
    public var records: (Int, Int) = (100_000, 300_000)
    /// Test-only: dependent multiply–add steps added to every record (`STATSBENCH_INJECT_INSTRUCTIONS`).
    public var injectedSteps: Int = 0
    /// The record paths counted.
    public var paths: [String] = InstructionProbe.paths

    /// Counts with `executable`, valgrind from `PATH`.
    public init(executable: String) { self.executable = executable }

    /// Equal when every setting is.
    public static func == (lhs: InstructionOptions, rhs: InstructionOptions) -> Bool {
        lhs.executable == rhs.executable && lhs.valgrind == rhs.valgrind && lhs.records == rhs.records
            && lhs.injectedSteps == rhs.injectedSteps && lhs.paths == rhs.paths
    }
}

/// Instructions per record of each record path, counted under `valgrind --tool=callgrind`: the same binary and
/// inputs give the same count whatever else the machine is doing, so it is an exact figure on a noisy host.
public struct InstructionFigures: Sendable, Codable {
    /// One count per record path (empty when unavailable).
    public var paths: [InstructionCount]
    /// Why there are no counts (valgrind or the executable missing, valgrind failed); `nil` when counted.
    public var unavailable: String?
    /// Dependent multiply–add steps injected per record by the test-only switch (0 normally).
    public var injectedSteps: Int
    /// `valgrind --version`.
    public var tool: String?
}

/// One record path's instruction count.
public struct InstructionCount: Sendable, Codable, Equatable {
    /// `counter` (Counter.increment), `histogram` (ExponentialHistogram.record), `request` (the pipeline's
    /// whole request) or `ring` (SnapshotRing.append).
    public var path: String
    /// Instructions per record: (I₂ − I₁) / (N₂ − N₁).
    public var instructionsPerRecord: Double
    /// The two record counts N₁, N₂.
    public var records: [Int]
}

/// Runs `statsbench-instructions` under callgrind twice per record path.
public enum InstructionProbe {
    /// The record paths counted by default.
    public static let paths = ["counter", "histogram", "request", "ring"]

    /// Counts every path of `options`; never throws: what could not be counted is `unavailable` with why.
    public static func measure(_ options: InstructionOptions) -> InstructionFigures {
        var figures = InstructionFigures(paths: [], unavailable: nil, injectedSteps: options.injectedSteps)
        if let reason = unavailableReason(options) {
            figures.unavailable = reason
            return figures
        }
        guard let valgrind = options.valgrind ?? findOnPath("valgrind") else { return figures }
        figures.tool = (try? run(valgrind, ["--version"], environment: [:]).output)?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            for path in options.paths {
                let first = try count(valgrind: valgrind, options: options, path: path, records: options.records.0)
                let second = try count(valgrind: valgrind, options: options, path: path, records: options.records.1)
                let perRecord = (Double(second) - Double(first)) / Double(options.records.1 - options.records.0)
                figures.paths.append(
                    InstructionCount(
                        path: path, instructionsPerRecord: perRecord,
                        records: [options.records.0, options.records.1]))
            }
        } catch {
            figures.paths = []
            figures.unavailable = error.description
        }
        return figures
    }

    /// Why nothing can be counted with `options` (valgrind or the executable missing), or `nil` when it can.
    public static func unavailableReason(_ options: InstructionOptions) -> String? {
        if options.valgrind == nil && findOnPath("valgrind") == nil {
            return "valgrind not found on PATH (Debian: apt-get install valgrind)"
        }
        if let valgrind = options.valgrind, !FileManager.default.isExecutableFile(atPath: valgrind) {
            return "valgrind not found at \(valgrind)"
        }
        guard FileManager.default.isExecutableFile(atPath: options.executable) else {
            return "\(options.executable) not found: build it with `swift build --product statsbench-instructions`"
        }
        return nil
    }

    /// Total instructions of one run of `path` with `records` records.
    static func count(valgrind: String, options: InstructionOptions, path: String, records: Int)
        throws(HarnessError) -> UInt64
    {
        let output = FileManager.default.temporaryDirectory
            .appendingPathComponent("statsbench-callgrind-\(getpid())-\(path)-\(records).out")
        defer { try? FileManager.default.removeItem(at: output) }
        // Address-space randomisation moves allocations and changes a few dozen instructions from run to run;
        // `setarch -R` (util-linux) turns it off for the child, so the same binary counts the same.
        let setarch = findOnPath("setarch")
        let result = try run(
            setarch ?? valgrind,
            (setarch == nil ? [] : ["-R", valgrind]) + [
                "--tool=callgrind", "--callgrind-out-file=\(output.path)", "--dump-line=no", "-q",
                options.executable, path, String(records),
            ],
            // Swift seeds its hashing per process: fixed here, so a set or dictionary in setup costs the same.
            environment: [
                "STATSBENCH_INJECT_INSTRUCTIONS": String(options.injectedSteps), "SWIFT_DETERMINISTIC_HASHING": "1",
            ])
        guard result.status == 0 else {
            throw .system(
                "valgrind on statsbench-instructions \(path) \(records) exited \(result.status): "
                    + result.output.suffix(400))
        }
        guard let text = try? String(contentsOf: output, encoding: .utf8) else {
            throw .system("callgrind wrote no output file at \(output.path)")
        }
        for line in text.split(separator: "\n") where line.hasPrefix("summary:") || line.hasPrefix("totals:") {
            let field = line.split(separator: " ").dropFirst().first.map(String.init) ?? ""
            if let total = UInt64(field) { return total }
        }
        throw .system("callgrind's output \(output.path) has no summary line")
    }

    /// Runs `executable` with `arguments`, standard output and error together; waits for it.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String])
        throws(HarnessError) -> (status: Int32, output: String)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do {
            try process.run()
        } catch {
            throw .system("cannot start \(executable): \(error.localizedDescription)")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The first executable `name` on `PATH`.
    static func findOnPath(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
