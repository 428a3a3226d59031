import CSignalPipe
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Signals caught for a command's last words: a long `run` interrupted with Ctrl-C (SIGINT) or stopped with SIGTERM
/// writes what it finished before it exits, instead of dying with its summary unwritten.
///
/// ```swift
/// let caught = try Interruption.catching([SIGINT, SIGTERM])
/// Interruption.onFirstSignal(caught) { signal in writeWhatFinished(signal) }  // then exits 128 + signal
/// ```
///
/// The signal handler only writes the signal's number to a pipe (async-signal-safe); the last words run on a thread
/// of their own that reads it. The first signal resets every caught signal to the default action, so a second
/// Ctrl-C (or a SIGTERM after it) ends the process at once, and a caught signal, unlike an ignored one, is not passed on to the children the run starts.
public final class Interruption: Sendable {
    /// The pipe's read end.
    private let descriptor: Int32
    /// The signals caught.
    public let signals: [Int32]

    private init(descriptor: Int32, signals: [Int32]) {
        self.descriptor = descriptor
        self.signals = signals
    }

    /// Catches `signals` (e.g. `[SIGINT, SIGTERM]`) from now on.
    ///
    /// - Throws: ``HarnessError/system(_:)`` with `errno`'s text when the pipe or a handler cannot be set up.
    public static func catching(_ signals: [Int32]) throws(HarnessError) -> Interruption {
        let descriptor = signals.withUnsafeBufferPointer { statsbench_signal_pipe($0.baseAddress, Int32($0.count)) }
        guard descriptor >= 0 else {
            throw .system("cannot catch signals \(signals): \(String(cString: strerror(errno)))")
        }
        return Interruption(descriptor: descriptor, signals: signals)
    }

    /// Blocks until one of the signals arrives and returns its number; `nil` if the pipe cannot be read.
    ///
    /// The calling thread unblocks the signals first: a thread started from one of Swift concurrency's threads
    /// inherits their blocked signals, and a process-directed signal that every thread blocks is never handled.
    public func wait() -> Int32? {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        var byte: UInt8 = 0
        while true {
            let count = read(descriptor, &byte, 1)
            if count == 1 { return Int32(byte) }
            if count < 0 && errno == EINTR { continue }
            return nil
        }
    }

    /// On the first signal `interruption` catches, runs `lastWords` with its number on a thread of its own,
    /// flushes standard output and exits with status 128 + the signal (the shell's convention: 130 for SIGINT,
    /// 143 for SIGTERM). The process's other threads are not waited for.
    public static func onFirstSignal(_ interruption: Interruption, _ lastWords: @escaping @Sendable (Int32) -> Void) {
        let thread = Thread {
            guard let signal = interruption.wait() else { return }
            lastWords(signal)
            fflush(nil)
            _exit(128 + signal)
        }
        thread.name = "statsbench-interruption"
        thread.start()
    }

    /// `SIGINT`, `SIGTERM` or `signal N`.
    public static func name(_ signal: Int32) -> String {
        switch signal {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        default: "signal \(signal)"
        }
    }
}
