extension HistogramLayout {
    /// Mantissa (52-bit fraction) of each sub-bucket's lower boundary within an octave, plus `2^52` at the end:
    /// boundary *j* is `(2^(j/2^scale) − 1) · 2^52`, rounded to the nearest integer.
    ///
    /// Computed with correctly rounded square roots and products only (no `libm`), so every platform derives
    /// the same buckets.
    func subBucketMantissas() -> [UInt64] {
        let roots = octaveRoots()
        return (0..<subBucketsPerOctave).map { mantissa(ofSubBucket: $0, roots: roots) } + [1 << 52]
    }

    /// `roots[k] = 2^(2^-(k+1))`: the factors whose products give `2^(j/2^scale)`.
    func octaveRoots() -> [Double] {
        var roots: [Double] = []
        var root = 2.0
        for _ in 0..<scale {
            root = root.squareRoot()
            roots.append(root)
        }
        return roots
    }

    /// The lower-boundary mantissa of sub-bucket `sub` (`0..<2^scale`).
    func mantissa(ofSubBucket sub: Int, roots: [Double]) -> UInt64 {
        var factor = 1.0
        for bit in 0..<scale where sub & (1 << (scale - 1 - bit)) != 0 {
            factor *= roots[bit]
        }
        return UInt64(((factor - 1) * 0x1p52).rounded())
    }

    /// For each of the `2^(scale+1)` equal cells of the mantissa range, the sub-bucket holding the cell's first
    /// mantissa. A cell is narrower than the narrowest sub-bucket, so it crosses at most one boundary and one
    /// comparison finishes the lookup.
    func cellTable(mantissas: [UInt64]) -> [UInt64] {
        let cells = 1 << (scale + 1)
        let shift = UInt64(52 - (scale + 1))
        var table: [UInt64] = []
        table.reserveCapacity(cells)
        var sub = 0
        for cell in 0..<cells {
            let start = UInt64(cell) << shift
            while mantissas[sub + 1] <= start { sub += 1 }
            table.append(UInt64(sub))
        }
        return table
    }

    /// Squares-root of two, `levels` times: `2^(2^-levels)`.
    static func rootOfTwo(levels: Int) -> Double {
        var root = 2.0
        for _ in 0..<levels { root = root.squareRoot() }
        return root
    }

    /// The bucket holding `value`, or `nil` when the value is zero, negative, NaN, or outside the layout's range.
    /// The same computation as ``ExponentialHistogram/record(_:worker:)``, for tests and exporters.
    public func bucketIndex(of value: Double) -> Int? {
        let previous = value.bitPattern &- 1
        let octave = Int(truncatingIfNeeded: previous >> 52) - (lowestExponent + 1023)
        guard octave >= 0, octave < octaveCount else { return nil }
        let mantissa = previous & 0x000F_FFFF_FFFF_FFFF
        let mantissas = subBucketMantissas()
        var sub = 0
        while mantissas[sub + 1] <= mantissa { sub += 1 }
        return octave << scale | sub
    }

    /// Exclusive lower bound of bucket `index`.
    public func lowerBound(ofBucket index: Int) -> Double {
        let sub = index & (subBucketsPerOctave - 1)
        return bound(octave: index >> scale, mantissa: mantissa(ofSubBucket: sub, roots: octaveRoots()))
    }

    /// Inclusive upper bound of bucket `index`.
    public func upperBound(ofBucket index: Int) -> Double {
        let sub = index & (subBucketsPerOctave - 1)
        if sub == subBucketsPerOctave - 1 {
            return bound(octave: (index >> scale) + 1, mantissa: 0)
        }
        return bound(octave: index >> scale, mantissa: mantissa(ofSubBucket: sub + 1, roots: octaveRoots()))
    }

    /// `2^(lowestExponent + octave) · (1 + mantissa / 2^52)`, exactly.
    func bound(octave: Int, mantissa: UInt64) -> Double {
        Double(bitPattern: UInt64(lowestExponent + 1023 + octave) << 52 | mantissa)
    }
}
