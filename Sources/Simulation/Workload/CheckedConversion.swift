/// Double → integer conversions on the run path that cannot trap.
///
/// A scenario that validation accepted keeps every value these see far inside the integer's range
/// (``ScenarioLimits``: rates ≤ 10⁹/s, windows ≤ 1 day, token draws ≤ 10⁷, costs ≤ 1 per token); the clamps
/// are for scenarios built in code without validation, where a NaN or an infinity would otherwise trap the
/// conversion. NaN becomes 0.
public enum CheckedConversion {
    /// The whole part of a count still owed (events, polls, subscriptions, replacements), 0 … 2⁶².
    @inlinable @inline(__always)
    public static func wholeCount(_ value: Double) -> Int {
        guard value >= 1 else { return 0 }
        return value < 0x1p62 ? Int(value) : 1 << 62
    }

    /// `seconds` as whole nanoseconds (truncated), 0 … 2⁶³.
    @inlinable @inline(__always)
    public static func nanoseconds(seconds: Double) -> UInt64 {
        let nanoseconds = seconds * 1e9
        guard nanoseconds >= 1 else { return 0 }
        return nanoseconds < 0x1p63 ? UInt64(nanoseconds) : 1 << 63
    }

    /// `value` rounded to a whole number of micro-units, within ±9 × 10¹⁸.
    @inlinable @inline(__always)
    public static func microUnits(_ value: Double) -> Int64 {
        guard value == value else { return 0 }
        return Int64(min(max(value, -9e18), 9e18).rounded())
    }
}
