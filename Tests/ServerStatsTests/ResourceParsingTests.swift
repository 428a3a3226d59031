import ServerStats
import Testing

/// The `stat`, `status` and `meminfo` parsers, on fixture text.
@Suite struct ResourceParsingTests {
    /// A real line from `/proc/<pid>/stat` of `cat` on this machine.
    static let catStat =
        "2881 (cat) R 2879 2879 29908 0 -1 4194304 96 0 0 0 7 3 0 0 20 0 1 0 254506 3133440 359 "
        + "18446744073709551615 93978011738112 93978011757993 140736248397648 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n"

    /// A stat line with the given command name (without the parentheses the kernel adds) and figures.
    static func statLine(
        pid: Int32 = 42, command: String, state: String = "S", user: UInt64 = 5, system: UInt64 = 6,
        threads: Int = 3, start: UInt64 = 777
    ) -> String {
        "\(pid) (\(command)) \(state) 1 \(pid) \(pid) 0 -1 4194560 100 0 0 0 \(user) \(system) 0 0 20 0 "
            + "\(threads) 0 \(start) 12345678 300 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n"
    }

    @Test func parsesARealStatLine() throws {
        let stat = try ProcStat(parsing: Self.catStat)
        #expect(stat.pid == 2881)
        #expect(stat.command == "cat")
        #expect(stat.state == "R")
        #expect(stat.userTicks == 7)
        #expect(stat.systemTicks == 3)
        #expect(stat.totalTicks == 10)
        #expect(stat.threads == 1)
        #expect(stat.startTicks == 254506)
        #expect(stat.isRunning)
    }

    @Test(arguments: ["(a) b)", "a) b (c", "tmux: server", "x) R 1 2 3 4 5", ")", "((()"])
    func commandNamesWithSpacesAndParenthesesAreSplitAtTheLastParenthesis(command: String) throws {
        let stat = try ProcStat(parsing: Self.statLine(command: command, user: 11, system: 22, threads: 9, start: 4))
        #expect(stat.command == command)
        #expect(stat.pid == 42)
        #expect(stat.state == "S")
        #expect(stat.userTicks == 11)
        #expect(stat.systemTicks == 22)
        #expect(stat.threads == 9)
        #expect(stat.startTicks == 4)
    }

    @Test(arguments: ["Z", "X", "x"])
    func exitedProcessesAreNotRunning(state: String) throws {
        #expect(try ProcStat(parsing: Self.statLine(command: "gone", state: state)).isRunning == false)
    }

    @Test func malformedStatLinesAreRejectedWithTheReason() {
        #expect(throws: ResourceParseError.self) { try ProcStat(parsing: "") }
        let noParentheses = #expect(throws: ResourceParseError.self) { try ProcStat(parsing: "42 cat S 1 2 3") }
        #expect(noParentheses?.description.contains("no command name in parentheses") == true)
        let short = #expect(throws: ResourceParseError.self) { try ProcStat(parsing: "42 (cat) S 1 2 3") }
        #expect(short?.description.contains("starttime (field 22) is missing") == true)
        let badUser = Self.statLine(command: "cat").replacingOccurrences(of: " 5 6 ", with: " five 6 ")
        let badNumber = #expect(throws: ResourceParseError.self) { try ProcStat(parsing: badUser) }
        #expect(badNumber?.description.contains("utime (field 14) 'five' is not a number") == true)
        let badPID = #expect(throws: ResourceParseError.self) {
            try ProcStat(parsing: "abc " + Self.statLine(command: "cat").dropFirst(3))
        }
        #expect(badPID?.description.contains("pid") == true)
    }

    @Test func residentBytesComeFromVmRSSInKibibytes() throws {
        let status = "Name:\tcat\nState:\tR (running)\nVmPeak:\t    9000 kB\nVmRSS:\t    1896 kB\nThreads:\t1\n"
        #expect(try ProcMemory.residentBytes(fromStatus: status) == 1896 * 1024)
    }

    @Test func aKernelThreadHasNoResidentSize() {
        let status = "Name:\tkthreadd\nState:\tS (sleeping)\nThreads:\t1\n"
        let error = #expect(throws: ResourceParseError.self) { try ProcMemory.residentBytes(fromStatus: status) }
        #expect(error == .missingField(name: "VmRSS", file: "/proc/<pid>/status"))
        #expect(error?.description.contains("'VmRSS:' is missing") == true)
    }

    @Test func totalMemoryComesFromMemTotal() throws {
        let meminfo = "MemTotal:       24683656 kB\nMemFree:        23194416 kB\n"
        #expect(try ProcMemory.totalBytes(fromMeminfo: meminfo) == 24_683_656 * 1024)
        let error = #expect(throws: ResourceParseError.self) {
            try ProcMemory.totalBytes(fromMeminfo: "MemTotal:  lots kB\n")
        }
        #expect(error == .invalidNumber(field: "MemTotal", value: "lots kB", file: "/proc/meminfo"))
        let huge = #expect(throws: ResourceParseError.self) {
            try ProcMemory.totalBytes(fromMeminfo: "MemTotal: 18446744073709551615 kB\n")
        }
        #expect(huge?.description.contains("not a non-negative integer") == true)
    }
}
