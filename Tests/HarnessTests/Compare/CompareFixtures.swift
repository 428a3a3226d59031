import Foundation
import StatsExport

@testable import Harness

/// Result files for the comparison tests: a real `smoke` result (`Fixtures/compare/smoke.json`, schema 3) and the
/// same run as schema version 2 (`smoke-v2.json`), with variants made by changing named figures.
enum CompareFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("compare")

    /// A fixture file decoded.
    static func result(_ name: String = "smoke.json") throws -> RunResult {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        return try JSONNumbers.decoder().decode(RunResult.self, from: data)
    }

    /// The fixture with hand-made pairs: 20 per sink around `centre(sink)` ns, spread ±5 ns in a fixed pattern.
    static func withPairs(_ result: RunResult, offset: Int = 0, centre: (String) -> Double) -> RunResult {
        var result = result
        guard var overhead = result.overhead else { return result }
        overhead.sinks = overhead.sinks.map { sink in
            var sink = sink
            sink.pairNanoseconds = (0..<20).map { centre(sink.sink) + Double((($0 + offset) * 7) % 11) - 5 }
            sink.pairs = 20
            sink.meanNanoseconds = Statistics.mean(sink.pairNanoseconds)
            sink.medianNanoseconds = Statistics.median(sink.pairNanoseconds)
            return sink
        }
        result.overhead = overhead
        return result
    }

    /// The baseline every test starts from: the fixture with 50 ns pairs for every sink (200 for calibrated).
    static func baseline() throws -> RunResult {
        withPairs(try result()) { $0 == "calibrated" ? 200 : 50 }
    }

    /// Writes `results` as `<dir>/<n>/result.json` in a fresh directory; returns the directory.
    static func write(_ results: [RunResult]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("compare-\(UUID().uuidString)")
        for (index, result) in results.enumerated() {
            let directory = root.appendingPathComponent("\(index)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try JSONNumbers.encoder().encode(result).write(to: directory.appendingPathComponent("result.json"))
        }
        return root.path
    }

    /// Loads what ``write(_:)`` wrote.
    static func loaded(_ results: [RunResult]) throws -> [LoadedResult] {
        try ResultLoader.load([try write(results)])
    }

    /// The built `statsbench` beside the test bundle, if there is one.
    static var executable: String? {
        let directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let candidates = [directory, directory.deletingLastPathComponent()].map {
            $0.appendingPathComponent("statsbench").path
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs the built `statsbench` with `arguments`; returns its exit status and standard error.
    static func run(_ arguments: [String]) throws -> (status: Int32, errors: String) {
        let process = Process()
        process.executableURL = URL(
            fileURLWithPath: try compareRequire(executable, "statsbench is not built beside the tests"))
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// `#require` outside a test function (the executable lookup).
func compareRequire<T>(_ value: T?, _ message: String = "missing") throws -> T {
    guard let value else { throw CompareFixtureError(message: message) }
    return value
}

struct CompareFixtureError: Error { var message: String }
