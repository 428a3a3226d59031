/// Maps a `Double` to a `UInt64` whose unsigned order is the numeric order of the doubles, so that min and max
/// can be tracked with integer compare-and-exchange. NaN must be filtered out before; the two keys a NaN
/// could produce at the ends of the range (`0` and `UInt64.max`) serve as "nothing recorded yet".
@usableFromInline
enum OrderedBits {
    /// Key that no number maps to; the initial value of a minimum.
    @usableFromInline static var emptyMinimum: UInt64 { .max }
    /// Key that no number maps to; the initial value of a maximum.
    @usableFromInline static var emptyMaximum: UInt64 { 0 }

    /// The order-preserving key of `value` (not NaN). −0 and +0 get distinct adjacent keys.
    @inlinable @inline(__always)
    static func key(_ value: Double) -> UInt64 {
        let bits = value.bitPattern
        return bits & (1 << 63) == 0 ? bits | (1 << 63) : ~bits
    }

    /// The double a key came from.
    @inlinable @inline(__always)
    static func value(_ key: UInt64) -> Double {
        Double(bitPattern: key & (1 << 63) != 0 ? key & ~(1 << 63) : ~key)
    }
}
