import Synchronization

/// Tracks the smallest and largest value recorded — the fastest and slowest call, shortest and
/// longest session.
///
/// Safe from any number of threads: a record costs two loads and compares, and a compare-and-exchange only
/// when it sets a new extreme (rare once warmed up). NaN is ignored and counted in ``ignoredNaNs``.
public final class MinMaxTracker: Sendable {
    @usableFromInline let minimumKey = Atomic<UInt64>(OrderedBits.emptyMinimum)
    @usableFromInline let maximumKey = Atomic<UInt64>(OrderedBits.emptyMaximum)
    @usableFromInline let nans = Atomic<UInt64>(0)

    /// The extremes recorded so far.
    public struct Extremes: Sendable, Hashable, Codable {
        /// The smallest value.
        public var minimum: Double
        /// The largest value.
        public var maximum: Double

        /// Creates extremes.
        public init(minimum: Double, maximum: Double) {
            self.minimum = minimum
            self.maximum = maximum
        }
    }

    /// Creates an empty tracker.
    public init() {}

    /// Records `value`, lowering the minimum or raising the maximum when it is a new extreme.
    @inlinable
    public func record(_ value: Double) {
        guard !value.isNaN else {
            nans.wrappingAdd(1, ordering: .relaxed)
            return
        }
        let key = OrderedBits.key(value)
        var low = minimumKey.load(ordering: .relaxed)
        while key < low {
            let (exchanged, original) = minimumKey.weakCompareExchange(expected: low, desired: key, ordering: .relaxed)
            if exchanged { break }
            low = original
        }
        var high = maximumKey.load(ordering: .relaxed)
        while key > high {
            let (exchanged, original) = maximumKey.weakCompareExchange(
                expected: high, desired: key, ordering: .relaxed)
            if exchanged { break }
            high = original
        }
    }

    /// The smallest and largest values recorded, or `nil` if nothing (but NaN) was recorded.
    public func load() -> Extremes? {
        let low = minimumKey.load(ordering: .relaxed)
        let high = maximumKey.load(ordering: .relaxed)
        guard low != OrderedBits.emptyMinimum, high != OrderedBits.emptyMaximum else { return nil }
        return Extremes(minimum: OrderedBits.value(low), maximum: OrderedBits.value(high))
    }

    /// Number of NaN values that were passed to ``record(_:)`` and ignored.
    public var ignoredNaNs: UInt64 { nans.load(ordering: .relaxed) }
}
