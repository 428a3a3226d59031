/// What a histogram can say about one quantile: a value within the layout's error bound, or — when the rank
/// falls among values the buckets cannot place — the side of the layout's range it lies on.
///
/// A quantile is never silently missing: a p99.9 among values above the range answers
/// `.above(2^highestExponent)`, which a report shows as `> 12.1 d`.
///
/// ```swift
/// switch snapshot.estimate(0.999) {
/// case .value(let seconds): print(seconds)
/// case .above(let bound): print("> \(bound) s")
/// case .atOrBelow(let bound): print("≤ \(bound) s")
/// case .negative: print("negative")
/// case nil: print("no values")
/// }
/// ```
public enum QuantileEstimate: Sendable, Hashable {
    /// The quantile, within ``HistogramLayout/relativeErrorBound`` (or exact for the minimum and maximum).
    case value(Double)
    /// The rank falls among positive values at or below this bound (the layout's lowest bound): the quantile
    /// is in `(0, bound]`.
    case atOrBelow(Double)
    /// The rank falls among values above this bound (the layout's highest bound), `+infinity` included.
    case above(Double)
    /// The rank falls among negative values, which the buckets do not hold.
    case negative

    /// The value when it is known within the error bound; `nil` for an out-of-range answer.
    public var value: Double? {
        if case .value(let value) = self { return value }
        return nil
    }
}
