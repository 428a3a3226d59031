import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The child process a scenario watches: started before the run, killed with SIGKILL at the fault's time. (SIGKILL,
/// because a child started from a Swift concurrency thread may inherit a blocked SIGTERM and ignore it.)
///
/// The child is `/bin/cat` reading a pipe whose write end only this object holds: it idles as a server would, and
/// when `statsbench` ends without killing it — SIGTERM sent to `run` alone, a crash, SIGKILL — the kernel closes
/// that end, `cat` reads end-of-file and exits. No child outlives the run that started it.
final class WatchedProcess {
    private let process = Process()
    /// The write end of the child's standard input, held open for as long as the child should live.
    private let lifeline = Pipe()
    /// The child's process id.
    let pid: Int32
    /// Whether ``kill()`` was called.
    private(set) var killed = false

    /// Starts the stand-in server process.
    ///
    /// - Throws: ``HarnessError/system(_:)`` when `/bin/cat` cannot be started.
    init() throws(HarnessError) {
        process.executableURL = URL(fileURLWithPath: "/bin/cat")
        process.standardInput = lifeline
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw .system("cannot start the watched process /bin/cat: \(error)")
        }
        // The child has its copy of the read end; ours would keep the pipe open after the child is gone.
        try? lifeline.fileHandleForReading.close()
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
        try? lifeline.fileHandleForWriting.close()
    }

    deinit { kill() }
}
