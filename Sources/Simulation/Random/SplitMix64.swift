/// SplitMix64 (Steele, Lea & Flood 2014): the seeding generator recommended for xoshiro.
///
/// It turns any 64-bit seed — 0 included — into well-mixed, never all-zero state words. ``mix(_:)`` is its
/// output function, a bijection of `UInt64`, also used to derive sub-stream seeds.
@usableFromInline
struct SplitMix64 {
    /// The golden-ratio increment.
    @usableFromInline static var gamma: UInt64 { 0x9E37_79B9_7F4A_7C15 }

    @usableFromInline var state: UInt64

    @inlinable init(state: UInt64) { self.state = state }

    /// The next 64 bits.
    @inlinable
    mutating func next() -> UInt64 {
        state &+= Self.gamma
        return Self.mix(state)
    }

    /// The SplitMix64 finalizer: a bijection that spreads every input bit over every output bit.
    @inlinable
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z &>> 31)
    }
}
