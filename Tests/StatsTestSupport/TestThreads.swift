import Foundation
import Synchronization

/// Threads wait here until all have arrived, so that their work really overlaps.
private final class StartLine: Sendable {
    let arrived = Atomic<Int>(0)
}

/// Runs `body(i)` for `i` in `0..<count`, each on its own OS thread, all at once; returns when all have finished.
public func runOnThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let start = StartLine()
    let finished = DispatchSemaphore(value: 0)
    for index in 0..<count {
        let thread = Thread {
            start.arrived.wrappingAdd(1, ordering: .relaxed)
            while start.arrived.load(ordering: .relaxed) < count {}
            body(index)
            finished.signal()
        }
        thread.start()
    }
    for _ in 0..<count { finished.wait() }
}
