import Foundation
import Simulation
import Testing

/// Empirical distributions read their samples from a file; each test writes its own files in a fresh
/// temporary directory.
@Suite("Empirical distributions")
struct DistributionEmpiricalTests {
    private let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("empirical-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    private func write(_ text: String, to name: String) throws {
        try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    private func error(loading name: String) -> DistributionError? {
        do {
            _ = try Distribution(.empirical(path: name), baseDirectory: directory)
            return nil
        } catch {
            return error
        }
    }

    @Test("draws each sample of the file equally often; comments, blank lines and CRLF are ignored")
    func drawsFileSamples() throws {
        try write("# latencies in seconds\n0.001\n\n  0.002  # inline comment\r\n0.004\n0.008\n", to: "samples.txt")
        let distribution = try Distribution(.empirical(path: "samples.txt"), baseDirectory: directory)
        var random = RandomStream(seed: 1)
        let count = 1_000_000
        var counts: [Double: Int] = [:]
        for _ in 0..<count { counts[distribution.sample(using: &random), default: 0] += 1 }
        #expect(Set(counts.keys) == [0.001, 0.002, 0.004, 0.008])
        let tolerance = StatisticalTolerance.proportion(0.25, count: count)
        for (value, seen) in counts {
            #expect(abs(Double(seen) / Double(count) - 0.25) <= tolerance, "sample \(value)")
        }
    }

    @Test("an absolute path ignores the base directory")
    func absolutePath() throws {
        try write("7\n", to: "seven.txt")
        let path = directory.appendingPathComponent("seven.txt").path
        let distribution = try Distribution(.empirical(path: path), baseDirectory: URL(fileURLWithPath: "/nonexistent"))
        var random = RandomStream(seed: 1)
        #expect(distribution.sample(using: &random) == 7)
    }

    @Test("a line that is not a number is rejected with the file and line")
    func notANumber() throws {
        try write("# header\n0.5\n\nfast\n", to: "bad.txt")
        let expectedPath = directory.appendingPathComponent("bad.txt").path
        let failure = error(loading: "bad.txt")
        #expect(failure == .invalidSample(path: expectedPath, line: 4, text: "fast"))
        #expect(failure?.description.contains("bad.txt:4") == true)
    }

    @Test(
        "non-finite and non-decimal samples are rejected (numbers are decimal, as in scenario files)",
        arguments: ["nan", "inf", "-infinity", "0x10", "0x1p-3", "0X1A", "1_0"])
    func nonFinite(text: String) throws {
        try write("1\n\(text)\n", to: "nonfinite.txt")
        let path = directory.appendingPathComponent("nonfinite.txt").path
        #expect(error(loading: "nonfinite.txt") == .invalidSample(path: path, line: 2, text: text))
    }

    @Test("a binary file is named as such; a control character in a bad line is shown escaped, not sent raw")
    func binaryAndControlCharacters() throws {
        try Data([0x31, 0x0A, 0xFF, 0xFE, 0x00, 0x0A]).write(to: directory.appendingPathComponent("binary.bin"))
        guard case .unreadableFile(_, let reason) = error(loading: "binary.bin") else {
            Issue.record("a binary file was not refused as unreadable")
            return
        }
        #expect(reason == "it is not UTF-8 text (a binary file?)")
        try write("1\n2\u{0}\u{1B}[31m\n", to: "control.txt")
        let path = directory.appendingPathComponent("control.txt").path
        let failure = error(loading: "control.txt")
        #expect(failure == .invalidSample(path: path, line: 2, text: #"2\u{0}\u{1b}[31m"#))
        #expect(failure?.description.contains("\u{0}") == false && failure?.description.contains("\u{1B}") == false)
    }

    @Test("a file without samples is rejected")
    func empty() throws {
        try write("# nothing here\n\n   \n", to: "empty.txt")
        let path = directory.appendingPathComponent("empty.txt").path
        #expect(error(loading: "empty.txt") == .emptyFile(path: path))
    }

    @Test("a missing file is rejected, naming the resolved path")
    func missing() {
        guard case .unreadableFile(let path, _)? = error(loading: "missing.txt") else {
            Issue.record("expected unreadableFile")
            return
        }
        #expect(path == directory.appendingPathComponent("missing.txt").path)
    }

    @Test("an empirical leaf inside a mixture is loaded too")
    func insideMixture() throws {
        try write("1\n", to: "one.txt")
        let spec = DistributionSpec.bimodal(
            first: .empirical(path: "one.txt"), second: .constant(value: 2), firstWeight: 1)
        let distribution = try Distribution(spec, baseDirectory: directory)
        var random = RandomStream(seed: 1)
        #expect(distribution.sample(using: &random) == 1)
    }
}
