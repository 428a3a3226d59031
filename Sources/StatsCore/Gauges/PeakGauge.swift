import Synchronization

/// A gauge with its high-water mark: `…-current` / `…-peak` pairs (connections, queue depth).
///
/// ``add(_:)`` and ``set(_:)`` update the current value atomically and raise the peak when the new value
/// exceeds it (a compare-and-exchange only in that case). The peak never falls except through
/// ``resetPeak()``, which lowers it to the current value — e.g. to report a peak per stats interval.
public final class PeakGauge: Sendable {
    @usableFromInline let current = Atomic<Int64>(0)
    @usableFromInline let peakValue = Atomic<Int64>(0)

    /// The current value and the highest value seen since creation or the last ``resetPeak()``.
    public struct Reading: Sendable, Hashable, Codable {
        /// The value now.
        public var current: Int64
        /// The highest value reached.
        public var peak: Int64

        /// Creates a reading.
        public init(current: Int64, peak: Int64) {
            self.current = current
            self.peak = peak
        }
    }

    /// Creates a gauge whose current value and peak are `initial`.
    public init(_ initial: Int64 = 0) {
        current.store(initial, ordering: .relaxed)
        peakValue.store(initial, ordering: .relaxed)
    }

    /// Adds `delta` (negative to subtract) and raises the peak if needed; returns the new current value.
    @inlinable @discardableResult
    public func add(_ delta: Int64) -> Int64 {
        let value = current.wrappingAdd(delta, ordering: .relaxed).newValue
        raisePeak(to: value)
        return value
    }

    /// Replaces the current value and raises the peak if needed.
    @inlinable
    public func set(_ value: Int64) {
        current.store(value, ordering: .relaxed)
        raisePeak(to: value)
    }

    /// Lowers the peak to the current value.
    public func resetPeak() {
        peakValue.store(current.load(ordering: .relaxed), ordering: .relaxed)
    }

    /// The current value and the peak.
    public func load() -> Reading {
        let now = current.load(ordering: .relaxed)
        // A concurrent add may have moved `current` above a peak not yet raised; report what must hold.
        return Reading(current: now, peak: Swift.max(now, peakValue.load(ordering: .relaxed)))
    }

    @inlinable @inline(__always)
    func raisePeak(to value: Int64) {
        var peak = peakValue.load(ordering: .relaxed)
        while value > peak {
            let (exchanged, original) = peakValue.weakCompareExchange(
                expected: peak, desired: value, ordering: .relaxed)
            if exchanged { return }
            peak = original
        }
    }
}
