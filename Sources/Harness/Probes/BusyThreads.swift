import Foundation
import Synchronization

/// Threads that spin, doing nothing, while the overhead pairs are measured, so that the machine's CPUs do not go
/// idle between the workers' epochs.
///
/// Why: on a virtual machine an idle CPU is lent back to the host. Measured on this project's 2-CPU KVM guests
/// (`steady`, `--scale 0.1`, three runs each): with the second CPU idle, the memory-bound sinks cost 2–3× more
/// and jump between regimes from run to run (seed-naive 242–303 ns per event, once 896 ns; hdrhistogram 43–77,
/// once 256), with one busy thread 89–96 ns and 26–28 ns — three times steadier and closer to a server whose
/// CPUs are all at work. The compute-bound generator barely moves (106–113 ns against 127–134 ns).
///
/// The threads only load one flag in a loop (no memory traffic beyond their own cache line); the measured
/// figures are the workers' CPU time, which the busy threads do not add to. ``stop()`` ends them and waits.
final class BusyThreads: Sendable {
    private let running = Atomic<Bool>(true)
    private let finished = DispatchSemaphore(value: 0)
    private let spinning = Atomic<Int>(0)
    private let left = Atomic<Int>(0)
    /// Threads started.
    let count: Int

    /// Starts `count` (≥ 0) busy threads.
    init(count: Int) {
        self.count = max(0, count)
        for index in 0..<self.count {
            let thread = Thread { [self] in
                spinning.add(1, ordering: .relaxed)
                while running.load(ordering: .relaxed) {}
                left.add(1, ordering: .relaxed)
                finished.signal()
            }
            thread.name = "statsbench-busy-\(index)"
            thread.stackSize = 64 << 10
            thread.start()
        }
    }

    /// Threads that have started spinning so far.
    var spinningCount: Int { spinning.load(ordering: .relaxed) }
    /// Threads that have left their loop so far (all of them once ``stop()`` returned).
    var leftCount: Int { left.load(ordering: .relaxed) }

    /// Ends the threads and waits until every one has left its loop. Call once.
    func stop() {
        running.store(false, ordering: .relaxed)
        for _ in 0..<count { finished.wait() }
    }
}
