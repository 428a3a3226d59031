import Foundation

/// The fields of a `/proc/<pid>/stat` line that the sampler needs, parsed safely.
///
/// The command name (`comm`, field 2) is the executable's name in parentheses and may itself contain spaces
/// and parentheses — a process can call itself `a) b (c`. The only safe split is at the **last** `)`: the
/// kernel writes nothing after the name that could contain one. Fields after it are single tokens.
///
/// ```swift
/// let stat = try ProcStat(parsing: "42 ((a) b)) S 1 42 42 0 -1 4194560 …")
/// stat.command  // "(a) b)"
/// ```
public struct ProcStat: Sendable, Equatable {
    /// The process id (field 1).
    public var pid: Int32
    /// The command name without the enclosing parentheses (field 2), possibly containing spaces and `)`.
    public var command: String
    /// The one-letter state (field 3): `R` running, `S` sleeping, `Z` zombie, `X` dead, …
    public var state: Character
    /// CPU time spent in user mode, in clock ticks (field 14, `utime`).
    public var userTicks: UInt64
    /// CPU time spent in kernel mode, in clock ticks (field 15, `stime`).
    public var systemTicks: UInt64
    /// Number of threads (field 20, `num_threads`).
    public var threads: Int
    /// When the process started, in clock ticks after boot (field 22, `starttime`): together with the pid it
    /// identifies one process instance, so a reused pid is recognised.
    public var startTicks: UInt64

    /// Parses one `stat` line (a trailing newline is allowed).
    ///
    /// Throws ``ResourceParseError/malformedStat(reason:)`` when the parentheses are missing, fewer than 22
    /// fields are present or a needed field is not a number.
    public init(parsing line: String) throws(ResourceParseError) {
        guard let open = line.firstIndex(of: "("), let close = line.lastIndex(of: ")"), open < close else {
            throw .malformedStat(reason: "no command name in parentheses")
        }
        let pidText = line[..<open].trimmingCharacters(in: .whitespaces)
        guard let pid = Int32(pidText) else {
            throw .malformedStat(reason: "pid '\(pidText)' is not a number")
        }
        let rest = line[line.index(after: close)...].split(whereSeparator: { $0 == " " || $0 == "\n" })
        // rest[0] is field 3 (state); field n is rest[n - 3].
        guard rest.count >= 20 else {
            throw .malformedStat(reason: "only \(rest.count + 2) fields, starttime (field 22) is missing")
        }
        guard rest[0].count == 1, let state = rest[0].first else {
            throw .malformedStat(reason: "state '\(rest[0])' is not one letter")
        }
        func number(_ field: Int, _ name: String) throws(ResourceParseError) -> UInt64 {
            guard let value = UInt64(rest[field - 3]) else {
                throw .malformedStat(reason: "\(name) (field \(field)) '\(rest[field - 3])' is not a number")
            }
            return value
        }
        self.pid = pid
        self.command = String(line[line.index(after: open)..<close])
        self.state = state
        self.userTicks = try number(14, "utime")
        self.systemTicks = try number(15, "stime")
        self.threads = Int(try number(20, "num_threads"))
        self.startTicks = try number(22, "starttime")
    }

    /// User plus system CPU time, in clock ticks.
    public var totalTicks: UInt64 { userTicks &+ systemTicks }

    /// `false` for a zombie (`Z`) or dead (`X`, `x`) process: it has exited and only its entry remains, so the
    /// sampler reports it as not running.
    public var isRunning: Bool { state != "Z" && state != "X" && state != "x" }
}
