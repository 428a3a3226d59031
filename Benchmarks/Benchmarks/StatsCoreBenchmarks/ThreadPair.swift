import Foundation
import Synchronization

/// The benchmark's own thread plus one helper thread, released together for each measured batch, so that a
/// two-thread figure is the wall time of both doing their share at once.
///
/// The helper spins (yielding after a while) between batches; nothing is allocated while measuring.
final class ThreadPair: Sendable {
    private let state = PairState()

    /// Starts the helper thread, which runs `helperWork(operations)` once per ``run(operations:_:)``.
    init(helperWork: @escaping @Sendable (Int) -> Void) {
        let state = self.state
        BackgroundThreads.start { state.helperLoop(helperWork) }
        BackgroundThreads.onStop { state.stopping.store(true, ordering: .releasing) }
    }

    /// Runs `mainWork(operations)` here while the helper runs its work with the same count; returns when both are done.
    @inline(__always)
    func run(operations: Int, _ mainWork: (Int) -> Void) {
        state.operations.store(operations, ordering: .relaxed)
        let round = state.round.wrappingAdd(1, ordering: .releasing).newValue
        mainWork(operations)
        while state.completed.load(ordering: .acquiring) < round {}
    }
}

private final class PairState: Sendable {
    let round = Atomic<Int>(0)
    let completed = Atomic<Int>(0)
    let operations = Atomic<Int>(0)
    let stopping = Atomic<Bool>(false)

    func helperLoop(_ work: @Sendable (Int) -> Void) {
        var seen = 0
        while true {
            var spins = 0
            while round.load(ordering: .acquiring) == seen {
                if stopping.load(ordering: .acquiring) { return }
                spins += 1
                if spins > 10_000 { sched_yield() }
            }
            seen += 1
            work(operations.load(ordering: .relaxed))
            completed.store(seen, ordering: .releasing)
        }
    }
}

/// Threads a benchmark's setup starts and its teardown stops (the teardown hook receives no state, so the
/// stop actions are kept here).
enum BackgroundThreads {
    private static let stopActions = Mutex<[@Sendable () -> Void]>([])

    /// Starts `body` on a new thread.
    static func start(_ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.start()
    }

    /// Registers what ``stopAll()`` must do.
    static func onStop(_ action: @escaping @Sendable () -> Void) {
        stopActions.withLock { $0.append(action) }
    }

    /// Tells every background thread to finish.
    static func stopAll() {
        let actions = stopActions.withLock { actions in
            defer { actions.removeAll() }
            return actions
        }
        for action in actions { action() }
        usleep(20_000)
    }
}
