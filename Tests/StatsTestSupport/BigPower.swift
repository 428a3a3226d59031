/// Exact integer arithmetic for testing bucket boundaries `2^(j/2^s)` without rounding: a double `v` in `[1, 2)`
/// with 53-bit significand `m` (`v = m / 2^52`) is above `2^(j/n)` exactly when `m^n > 2^(j + 52·n)`.
/// Little-endian 32-bit limbs: just enough for `m^n` and comparing it with a power of two.
public enum BigPower {
    /// `m^n` as little-endian 32-bit limbs.
    public static func power(_ m: UInt64, _ n: Int) -> [UInt32] {
        var result: [UInt32] = [1]
        var base: [UInt32] = [UInt32(truncatingIfNeeded: m), UInt32(truncatingIfNeeded: m >> 32)]
        var exponent = n
        while exponent > 0 {
            if exponent & 1 == 1 { result = multiply(result, base) }
            exponent >>= 1
            if exponent > 0 { base = multiply(base, base) }
        }
        return result
    }

    /// The product of two limb arrays.
    public static func multiply(_ left: [UInt32], _ right: [UInt32]) -> [UInt32] {
        var product = [UInt64](repeating: 0, count: left.count + right.count + 1)
        for (i, a) in left.enumerated() {
            var carry: UInt64 = 0
            for (j, b) in right.enumerated() {
                let value = product[i + j] + UInt64(a) * UInt64(b) + carry
                product[i + j] = value & 0xFFFF_FFFF
                carry = value >> 32
            }
            var k = i + right.count
            while carry > 0 {
                let value = product[k] + carry
                product[k] = value & 0xFFFF_FFFF
                carry = value >> 32
                k += 1
            }
        }
        var limbs = product.map { UInt32($0) }
        while limbs.count > 1, limbs.last == 0 { limbs.removeLast() }
        return limbs
    }

    /// -1, 0 or 1 as `number` is below, equal to or above `2^exponent`.
    public static func compare(_ number: [UInt32], toPowerOfTwo exponent: Int) -> Int {
        let top = number.last!
        let bits = (number.count - 1) * 32 + (32 - top.leadingZeroBitCount)
        if bits != exponent + 1 { return bits > exponent + 1 ? 1 : -1 }
        let isPower = top.nonzeroBitCount == 1 && number.dropLast().allSatisfy { $0 == 0 }
        return isPower ? 0 : 1
    }
}
