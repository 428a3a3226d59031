import Foundation
import ServerStats
import StatsExport
import Testing

/// Temp files of writes killed mid-way (`.FINAL.tmp-PID-RANDOM`) are removed when their writer is gone, and
/// nothing else is ever touched.
@Suite("Stale temp files")
struct StaleTempFilesTests {
    /// The PID of a process that has exited (and been reaped).
    static func deadPID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    static let stem = "statsbench-stats-20250102-030405.json"

    /// Creates an empty file `name` in `directory`.
    static func touch(_ name: String, in directory: String) {
        FileManager.default.createFile(atPath: directory + "/" + name, contents: Data("{".utf8))
    }

    @Test("a new writer removes its prefix's temp files of dead writers and of this process, nothing else")
    func startupCleanup() throws {
        let dead = try Self.deadPID()
        let live = getppid()  // alive while the test runs, and not us
        let ours = getpid()
        try withTemporaryDirectory { directory in
            let stale = [
                ".\(Self.stem).tmp-\(dead)-123", ".\(Self.stem).tmp-\(ours)-7",
                ".statsbench-stats-20250102-030405-3.json.tmp-\(dead)-4294967295",
            ]
            let kept = [
                ".\(Self.stem).tmp-\(live)-5",  // a live writer may be mid-write
                ".other-stats-20250102-030405.json.tmp-\(dead)-1",  // another prefix
                ".\(Self.stem).tmp-\(dead)-x",  // not a temp name of ours
                ".\(Self.stem).tmp-\(dead)",
                ".\(Self.stem).tmp-\(dead)-1-2",
                ".statsbench-stats-garbage.tmp-\(dead)-1",  // stem is not a stats file name
                ".state.json.tmp-\(dead)-1",  // the state file's, not this writer's
                Self.stem, "notes.txt", "\(Self.stem).tmp-\(dead)-1",
            ]
            for name in stale + kept { Self.touch(name, in: directory) }
            let writer = try StatsFileWriter(directory: directory)
            #expect(listing(directory) == kept.sorted())
            #expect(writer.removeStaleTempFiles() == [])
        }
    }

    @Test("retention removes stale temp files that appeared after start")
    func retentionCleanup() throws {
        let dead = try Self.deadPID()
        try withTemporaryDirectory { directory in
            let writer = try StatsFileWriter(directory: directory, keepNewest: 5)
            Self.touch(".\(Self.stem).tmp-\(dead)-9", in: directory)
            Self.touch(".\(Self.stem).tmp-\(getppid())-9", in: directory)
            let path = try writer.writeOrThrow(try makeReport(at: t(1_735_787_045)))
            #expect(
                listing(directory) == [".\(Self.stem).tmp-\(getppid())-9", (path as NSString).lastPathComponent])
        }
    }

    @Test("the state file's temp files: only those of its own name and a gone writer")
    func stateFileCleanup() throws {
        let dead = try Self.deadPID()
        try withTemporaryDirectory { directory in
            let names = [
                ".state.json.tmp-\(dead)-1", ".state.json.tmp-\(getppid())-1", ".other.json.tmp-\(dead)-1",
                "state.json", ".\(Self.stem).tmp-\(dead)-2",
            ]
            for name in names { Self.touch(name, in: directory) }
            #expect(StaleTempFiles.remove(in: directory, forFinalName: "state.json") == [".state.json.tmp-\(dead)-1"])
            #expect(listing(directory) == names.dropFirst().sorted())
        }
    }

    @Test("a temp-file-shaped directory or symlink is never removed")
    func onlyRegularFiles() throws {
        let dead = try Self.deadPID()
        try withTemporaryDirectory { directory in
            try FileManager.default.createDirectory(
                atPath: directory + "/.\(Self.stem).tmp-\(dead)-1", withIntermediateDirectories: false)
            try FileManager.default.createSymbolicLink(
                atPath: directory + "/.\(Self.stem).tmp-\(dead)-2", withDestinationPath: "/etc/hostname")
            _ = try StatsFileWriter(directory: directory)
            #expect(listing(directory).count == 2)
        }
    }
}
