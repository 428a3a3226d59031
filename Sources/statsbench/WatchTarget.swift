import Foundation

/// The process `serve` watches: `--watch-pid PID` (checked to exist at start) or `--watch-command CMD…`
/// (started as a child, stopped at shutdown). Its figures go `null` once it exits; collection continues.
/// `@unchecked Sendable`: `Process` is not `Sendable`; it is only started in `make` and stopped once at shutdown.
final class WatchTarget: @unchecked Sendable {
    /// The watched process id.
    let pid: Int32
    private let child: Process?

    private init(pid: Int32, child: Process?) {
        self.pid = pid
        self.child = child
    }

    /// The process named by the options, or `nil` for none; throws a startup error for a PID that names no
    /// running process, a command that cannot be started, or both options at once.
    static func make(pid: Int32?, command: [String]) throws -> WatchTarget? {
        if pid != nil, !command.isEmpty {
            throw startupError("--watch-pid and --watch-command name two processes; give one of them")
        }
        if let pid {
            guard pid > 0 else { throw startupError("--watch-pid \(pid): a process id is a positive number") }
            guard kill(pid, 0) == 0 || errno == EPERM else {
                throw startupError("--watch-pid \(pid): no process with this id is running")
            }
            return WatchTarget(pid: pid, child: nil)
        }
        guard let executable = command.first else { return nil }
        // Checked here, so that the error names the command (not a launch error's text, or a child of
        // /usr/bin/env that exits 127 at once and is then watched as a dead process).
        let found =
            executable.contains("/")
            ? executable
            : (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map {
                "\($0)/\(executable)"
            }.first(where: isProgram)
        guard let found, isProgram(found) else {
            throw startupError(
                "--watch-command \(command.joined(separator: " ")): "
                    + (executable.contains("/")
                        ? "\(executable) is not an executable file" : "'\(executable)' is not a command on PATH"))
        }
        let process = Process()
        if executable.contains("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = Array(command.dropFirst())
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = command
        }
        do {
            try process.run()
        } catch {
            throw startupError("--watch-command \(command.joined(separator: " ")): cannot start it: \(error)")
        }
        printToStandardError("watching \(command.joined(separator: " ")) (pid \(process.processIdentifier))")
        return WatchTarget(pid: process.processIdentifier, child: process)
    }

    /// Stops a child started by `--watch-command` (SIGTERM), if still running, and reaps it.
    func stop() {
        guard let child, child.isRunning else { return }
        child.terminate()
        child.waitUntilExit()
    }
}

/// Whether `path` is a file this user may execute (not a directory, whose search bit reads as executable).
private func isProgram(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
        && FileManager.default.isExecutableFile(atPath: path)
}
