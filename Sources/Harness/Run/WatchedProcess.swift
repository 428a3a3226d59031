import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The child process a scenario watches: started before the run, killed with SIGKILL at the fault's time. (SIGKILL,
/// because a child started from a Swift concurrency thread may inherit a blocked SIGTERM and ignore it.)
final class WatchedProcess {
    private let process = Process()
    /// The child's process id.
    let pid: Int32
    /// Whether ``kill()`` was called.
    private(set) var killed = false

    /// Starts `/bin/sleep` for a day as the stand-in server process.
    init() throws(HarnessError) {
        process.executableURL = URL(fileURLWithPath: "/bin/sleep")
        process.arguments = ["86400"]
        do {
            try process.run()
        } catch {
            throw .system("cannot start the watched process /bin/sleep: \(error)")
        }
        pid = process.processIdentifier
    }

    /// Kills the process and reaps it.
    func kill() {
        guard !killed else { return }
        killed = true
        #if canImport(Glibc)
            _ = Glibc.kill(pid, SIGKILL)
        #elseif canImport(Darwin)
            _ = Darwin.kill(pid, SIGKILL)
        #endif
        process.waitUntilExit()
    }

    deinit { kill() }
}
