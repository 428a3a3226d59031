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

/// Paces a ticker against recorder threads the way slot lengths do in a server: a rotation may race the
/// records in flight, but no record spans two rotations (a record takes nanoseconds, a slot a second). After
/// each rotation the ticker waits until every recorder still running has finished two more records, so the
/// record that was in flight during the rotation has ended.
public final class RecorderProgress: Sendable {
    private final class Recorder: Sendable {
        let count = Atomic<UInt64>(0)
        let done = Atomic<Bool>(false)
    }
    private let recorders: [Recorder]
    private let ticks = Atomic<Int>(0)

    /// Progress of `recorders` recorder threads, numbered from 0.
    public init(recorders: Int) {
        self.recorders = (0..<recorders).map { _ in Recorder() }
    }

    /// The ticker finished one rotation; call it after each.
    public func ticked() { ticks.wrappingAdd(1, ordering: .releasing) }

    /// How many rotations the ticker has reported.
    public var tickCount: Int { ticks.load(ordering: .acquiring) }

    /// Waits until the ticker has finished its first rotation. Recorders call it before their first record, so
    /// that on a machine with fewer cores than threads they cannot all finish before the ticker runs once: the
    /// rotations then race records in flight rather than following them.
    public func waitForFirstTick() {
        while ticks.load(ordering: .acquiring) == 0 { Thread.sleep(forTimeInterval: 0.000_01) }
    }

    /// Recorder `index` finished one record.
    public func recorded(_ index: Int) { recorders[index].count.wrappingAdd(1, ordering: .releasing) }

    /// Recorder `index` has finished recording.
    public func finished(_ index: Int) { recorders[index].done.store(true, ordering: .releasing) }

    /// Whether every recorder has finished.
    public var allDone: Bool { recorders.allSatisfy { $0.done.load(ordering: .acquiring) } }

    /// Waits until every recorder still running has finished two records more than now.
    public func waitForARecordEachAfterThis() {
        let marks = recorders.map { $0.count.load(ordering: .acquiring) }
        for (recorder, mark) in zip(recorders, marks) {
            while !recorder.done.load(ordering: .acquiring), recorder.count.load(ordering: .acquiring) < mark + 2 {
                Thread.sleep(forTimeInterval: 0.000_01)
            }
        }
    }
}
