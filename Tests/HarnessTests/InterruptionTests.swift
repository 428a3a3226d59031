import Foundation
import Harness
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A real signal through the pipe: caught, read back on another thread, and the handler gone after one.
@Suite struct InterruptionTests {
    @Test("a caught signal is read back by number, and every caught signal is reset to the default after it")
    func signalReachesThePipe() throws {
        // SIGUSR2: nothing else in the test process uses it, and the default (terminate) is never reached here.
        let interruption = try Interruption.catching([SIGUSR2, SIGUSR1])
        let received = Mutex<Int32?>(nil)
        let done = DispatchSemaphore(value: 0)
        let reader = Thread {
            let signal = interruption.wait()
            received.withLock { $0 = signal }
            done.signal()
        }
        reader.start()
        // Sent to the process, as `kill` and a terminal do: delivered to a thread that does not block it (the
        // reader unblocks it even when the test's thread blocks it).
        #expect(kill(getpid(), SIGUSR2) == 0)
        #expect(done.wait(timeout: .now() + 30) == .success)
        #expect(received.withLock { $0 } == SIGUSR2)
        // Both signals are back to their default after the first one: a second ends the process the usual way.
        for signal in [SIGUSR2, SIGUSR1] {
            var current = sigaction()
            #expect(sigaction(signal, nil, &current) == 0)
            #if canImport(Glibc)
                #expect(current.__sigaction_handler.sa_handler == nil, "signal \(signal) is still caught")  // SIG_DFL
            #endif
        }
        #expect(Interruption.name(SIGINT) == "SIGINT" && Interruption.name(SIGTERM) == "SIGTERM")
        #expect(Interruption.name(SIGUSR2) == "signal \(SIGUSR2)")
    }
}
