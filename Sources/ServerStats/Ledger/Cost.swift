/// An amount of money as a whole number of **micro-units** of the billing currency (1 unit = 1 000 000 micro-units;
/// for USD, micro-dollars).
///
/// Costs are integers so that sums are exact in any order, across workers, and through JSON and back: a naive ledger
/// stored `f64` dollars, whose totals drift with the order of addition and with every save and load. A micro-unit
/// resolves a single token of every current price list (e.g. $3 per million tokens = 3 micro-dollars per token);
/// the caller rounds a call's cost once, when it prices the call. The value is signed so that a difference —
/// the savings of a call whose cached price was *higher*, such as a cache write — is representable. Arithmetic
/// wraps on overflow (beyond ±9.2 × 10^12 units), like the counters that sum it.
///
/// Encoded as a bare JSON integer: `"actualCost": 10500000` is 10.5 units.
///
/// ```swift
/// let price = Cost(microUnits: 10_500_000)   // $10.50
/// let cached = Cost(microUnits: 1_050_000)
/// (price - cached).description                // "9.450000"
/// ```
public struct Cost: Sendable, Hashable, Comparable, Codable, AdditiveArithmetic, CustomStringConvertible {
    /// The amount in micro-units (1 000 000 per currency unit).
    public var microUnits: Int64

    /// An amount of `microUnits` micro-units.
    @inlinable
    public init(microUnits: Int64) {
        self.microUnits = microUnits
    }

    /// Zero.
    @inlinable
    public static var zero: Cost { Cost(microUnits: 0) }

    /// The sum, wrapping on overflow.
    @inlinable
    public static func + (left: Cost, right: Cost) -> Cost {
        Cost(microUnits: left.microUnits &+ right.microUnits)
    }

    /// The difference, wrapping on overflow.
    @inlinable
    public static func - (left: Cost, right: Cost) -> Cost {
        Cost(microUnits: left.microUnits &- right.microUnits)
    }

    /// Orders amounts.
    @inlinable
    public static func < (left: Cost, right: Cost) -> Bool {
        left.microUnits < right.microUnits
    }

    /// Decodes a bare integer of micro-units.
    public init(from decoder: any Decoder) throws {
        microUnits = try decoder.singleValueContainer().decode(Int64.self)
    }

    /// Encodes a bare integer of micro-units.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(microUnits)
    }

    /// Whole units with six decimals, e.g. `10.500000` or `-0.000300`.
    public var description: String {
        let magnitude = microUnits.magnitude
        let fraction = String(magnitude % 1_000_000)
        let padded = String(repeating: "0", count: 6 - fraction.count) + fraction
        return (microUnits < 0 ? "-" : "") + "\(magnitude / 1_000_000).\(padded)"
    }
}
