import Synchronization

/// A value that goes up and down — connected clients, queue depth, bytes in flight — held in one atomic word.
///
/// Any thread may call ``set(_:)`` or ``add(_:)`` (an atomic add); reads see the latest value. It is not
/// sharded: a gauge is set from many places and "last write wins" cannot be split into shards. For a figure
/// only ever incremented by many hot workers, derive it from ``Counter``s instead (connected = connects −
/// disconnects), which is cheaper under contention.
public final class Gauge: Sendable {
    @usableFromInline let word = Atomic<Int64>(0)

    /// Creates a gauge holding `initial`.
    public init(_ initial: Int64 = 0) {
        word.store(initial, ordering: .relaxed)
    }

    /// Replaces the value.
    @inlinable
    public func set(_ value: Int64) {
        word.store(value, ordering: .relaxed)
    }

    /// Adds `delta` (negative to subtract), wrapping on overflow; returns the new value.
    @inlinable @discardableResult
    public func add(_ delta: Int64) -> Int64 {
        word.wrappingAdd(delta, ordering: .relaxed).newValue
    }

    /// The current value.
    public func load() -> Int64 {
        word.load(ordering: .relaxed)
    }
}
