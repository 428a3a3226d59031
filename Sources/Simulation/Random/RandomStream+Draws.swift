#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension RandomStream {
    /// A uniform value in the open interval (0, 1): never 0 and never 1, so `log` of it is always finite.
    ///
    /// The 2^53 possible values are the midpoints `(k + 0.5) / 2^53`, equally likely.
    @inlinable @inline(__always)
    public mutating func nextUnit() -> Double {
        (Double(Int64(bitPattern: next() &>> 11)) + 0.5) * 0x1p-53  // via Int64: one instruction
    }

    /// A uniform integer in `0 ..< bound` (Lemire's multiply-shift with rejection: exactly uniform, and a
    /// division only in the rare rejection case). `bound` must be positive.
    @inlinable @inline(__always)
    public mutating func nextIndex(below bound: UInt64) -> UInt64 {
        precondition(bound > 0, "nextIndex(below:) needs a positive bound")
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return product.high
    }

    /// A standard normal value (mean 0, variance 1), by Marsaglia's polar method.
    ///
    /// Each accepted pair yields two independent normals: the second is kept in the stream and returned by
    /// the next call, so the amortized cost is about one `log`, one square root and 1.3 draws per value.
    @inlinable
    public mutating func nextStandardNormal() -> Double {
        if hasSpareNormal {
            hasSpareNormal = false
            let value = spareNormal
            spareNormal = 0
            return value
        }
        while true {
            // x, y uniform in [-1, 1) from the top 53 bits of each draw.
            let x = Double(Int64(bitPattern: next()) &>> 11) * 0x1p-52
            let y = Double(Int64(bitPattern: next()) &>> 11) * 0x1p-52
            let s = x * x + y * y
            if s < 1 && s > 0 {
                let factor = (-2 * log(s) / s).squareRoot()
                spareNormal = y * factor
                hasSpareNormal = true
                return x * factor
            }
        }
    }
}
