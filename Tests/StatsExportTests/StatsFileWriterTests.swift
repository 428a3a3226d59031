import Foundation
import ServerStats
import StatsExport
import Testing

@Suite("Stats files")
struct StatsFileWriterTests {
    /// 2025-01-02 03:04:05 UTC.
    let time = t(1_735_787_045)

    @Test("file names are PREFIX-stats-YYYYMMDD-HHMMSS.json in UTC, parse back, and order by time then suffix")
    func fileNames() throws {
        #expect(StatsFileName(prefix: "statsbench", time: time).fileName == "statsbench-stats-20250102-030405.json")
        #expect(StatsFileName(prefix: "x", time: t(951_782_400)).fileName == "x-stats-20000229-000000.json")
        let parsed = try #require(StatsFileName(parsing: "x-stats-20250102-030405-12.json", prefix: "x"))
        #expect(parsed.stamp == "20250102-030405" && parsed.sequence == 12)
        for bad in [
            ".x-stats-20250102-030405.json", "x-stats-20250102-030405.json.tmp", "y-stats-20250102-030405.json",
            "x-stats-2025010-030405.json", "x-stats-20250102-030405-0.json", "x-stats-20250102-030405-.json",
        ] {
            #expect(StatsFileName(parsing: bad, prefix: "x") == nil, "\(bad)")
        }
        let names = ["x-stats-20250102-030405-1.json", "x-stats-20250102-030406.json", "x-stats-20250102-030405.json"]
        #expect(
            StatsFileName.sorted(names, prefix: "x").map(\.fileName) == [
                "x-stats-20250102-030405.json", "x-stats-20250102-030405-1.json", "x-stats-20250102-030406.json",
            ])
    }

    @Test("a written file round-trips through JSONDecoder; a second report of the same second gets -1")
    func roundTripAndSuffix() throws {
        try withTemporaryDirectory { directory in
            let writer = try StatsFileWriter(directory: directory)
            let report = try makeReport(at: time, calls: 3)
            let path = try writer.writeOrThrow(report)
            #expect(path == directory + "/statsbench-stats-20250102-030405.json")
            let decoded = try JSONDecoder().decode(
                IntervalReport.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(decoded == report)
            #expect(decoded.totals.apiCalls == 3 && decoded.totals.apiFailures == 1 && decoded.workers.count == 3)
            let again = try writer.writeOrThrow(try makeReport(at: time, calls: 1))
            #expect(again.hasSuffix("/statsbench-stats-20250102-030405-1.json"))
            let first = try JSONDecoder().decode(
                IntervalReport.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(first.totals.apiCalls == 3)  // not overwritten
            #expect(listing(directory).allSatisfy { !$0.hasPrefix(".") })  // no temp file left
            #expect(writer.successfulWrites == 2 && writer.failedWrites == 0)
        }
    }

    @Test("retention keeps the newest N files of the prefix and leaves other files alone")
    func retention() throws {
        try withTemporaryDirectory { directory in
            try writeText("keep me", to: directory + "/other-stats-20000101-000000.json")
            let writer = try StatsFileWriter(directory: directory, prefix: "run", keepNewest: 2)
            for second in 0..<5 {
                _ = try #require(writer.write(try makeReport(at: time.adding(seconds: Double(second)))))
            }
            #expect(
                listing(directory) == [
                    "other-stats-20000101-000000.json", "run-stats-20250102-030408.json",
                    "run-stats-20250102-030409.json",
                ])
            #expect(
                writer.existingFiles().map(\.fileName) == [
                    "run-stats-20250102-030408.json", "run-stats-20250102-030409.json",
                ])
        }
    }

    @Test("a removed directory makes a write fail and count; once recreated, the next write succeeds")
    func failureAndRecovery() throws {
        try withTemporaryDirectory { directory in
            let writer = try StatsFileWriter(directory: directory)
            try FileManager.default.removeItem(atPath: directory)
            #expect(writer.write(try makeReport(at: time)) == nil)
            #expect(writer.failedWrites == 1)
            #expect(throws: StatsFileError.self) { try writer.writeOrThrow(try makeReport(at: time)) }
            #expect(writer.failedWrites == 1)  // the throwing variant reports instead of counting
            #expect(throws: StatsFileError.self) { try writer.writeCounted(try makeReport(at: time)) }
            #expect(writer.failedWrites == 2)  // the counted variant counts and throws
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
            let path = try #require(writer.write(try makeReport(at: time)))
            #expect(FileManager.default.fileExists(atPath: path))
            #expect(writer.failedWrites == 2 && writer.successfulWrites == 1)
            #expect(listing(directory) == ["statsbench-stats-20250102-030405.json"])
        }
    }

    @Test("the directory is validated at creation with errors naming the path")
    func validation() throws {
        try withTemporaryDirectory { directory in
            let missing = directory + "/nope"
            #expect(throws: StatsFileError.directoryMissing(path: missing)) { try StatsFileWriter(directory: missing) }
            let file = directory + "/file"
            try writeText("x", to: file)
            #expect(throws: StatsFileError.notADirectory(path: file)) { try StatsFileWriter(directory: file) }
            #expect(StatsFileError.notADirectory(path: file).description.contains(file))
            #expect(throws: StatsFileError.self) { try StatsFileWriter(directory: directory, prefix: ".hidden") }
            #expect(throws: StatsFileError.self) { try StatsFileWriter(directory: directory, prefix: "a/b") }
            #expect(throws: StatsFileError.invalidRetention(0)) {
                try StatsFileWriter(directory: directory, keepNewest: 0)
            }
            if getuid() != 0 {  // root may write anywhere
                try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: directory)
                defer { try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory) }
                #expect(throws: StatsFileError.directoryNotWritable(path: directory)) {
                    try StatsFileWriter(directory: directory)
                }
            }
        }
    }

    @Test("STATSBENCH_STATS_PATH: the explicit path wins, unset means no files, bad values are clear errors")
    func pathResolution() throws {
        try withTemporaryDirectory { directory throws in
            let variable = StatsDirectory.environmentVariable
            #expect(variable == "STATSBENCH_STATS_PATH")
            #expect(try StatsDirectory.resolve(explicit: nil, environment: [:]) == nil)
            #expect(try StatsDirectory.resolve(explicit: nil, environment: [variable: directory]) == directory)
            #expect(
                try StatsDirectory.resolve(explicit: directory, environment: [variable: "/nonexistent"]) == directory)
            #expect(throws: StatsFileError.directoryMissing(path: "/nonexistent/stats")) {
                try StatsDirectory.resolve(explicit: nil, environment: [variable: "/nonexistent/stats"])
            }
            #expect(throws: StatsFileError.emptyPath(source: "the environment variable STATSBENCH_STATS_PATH")) {
                try StatsDirectory.resolve(explicit: nil, environment: [variable: ""])
            }
            #expect(throws: StatsFileError.emptyPath(source: "--stats-path")) {
                try StatsDirectory.resolve(explicit: "", environment: [variable: directory])
            }
        }
    }
}
