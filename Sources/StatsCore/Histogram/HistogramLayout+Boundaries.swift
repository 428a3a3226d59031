extension HistogramLayout {
    /// Mantissa (52-bit fraction) of each sub-bucket's lower boundary within an octave, plus `2^52` at the end:
    /// boundary *j* is `⌊(2^(j/2^scale) − 1) · 2^52⌋`, the mantissa of the largest double at or below the exact
    /// boundary `2^(j/2^scale)`.
    ///
    /// With the boundaries rounded down, "value ≤ boundary double" is the same as "value ≤ exact boundary" for
    /// every double (no double equals an irrational boundary), so each value lands in the bucket the exact
    /// definition gives it — the mapping of OpenTelemetry exponential histograms and of Prometheus native
    /// histograms, whose Go client tabulates the same rounded-down boundaries (`0.7071067811865475` for
    /// `2^(-1/2)`). Computed in double-double arithmetic (about 104 bits) with correctly rounded square roots and
    /// fused multiply-adds only (no `libm`), so every platform derives the same buckets.
    func subBucketMantissas() -> [UInt64] {
        let roots = octaveRoots()
        return (0..<subBucketsPerOctave).map { mantissa(ofSubBucket: $0, roots: roots) } + [1 << 52]
    }

    /// `roots[k] = 2^(2^-(k+1))` in double-double: the factors whose products give `2^(j/2^scale)`.
    func octaveRoots() -> [DoubleDouble] {
        var roots: [DoubleDouble] = []
        var root = DoubleDouble(2)
        for _ in 0..<scale {
            root = root.squareRoot()
            roots.append(root)
        }
        return roots
    }

    /// The lower-boundary mantissa of sub-bucket `sub` (`0..<2^scale`), rounded down.
    func mantissa(ofSubBucket sub: Int, roots: [DoubleDouble]) -> UInt64 {
        var factor = DoubleDouble(1)
        for bit in 0..<scale where sub & (1 << (scale - 1 - bit)) != 0 {
            factor = factor * roots[bit]
        }
        // `high` has 52 fraction bits, so (high − 1) · 2^52 is an integer, exactly; `low` (|low| ≤ ulp/2) moves
        // the exact value just below it when negative. Only sub-bucket 0 (the power of two) has low == 0.
        let whole = UInt64((factor.high - 1) * 0x1p52)
        return factor.low < 0 ? whole - 1 : whole
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

    /// Square root of two, `levels` times: `2^(2^-levels)`.
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

/// A double-double number `high + low` (`|low| ≤ ulp(high) / 2`): about 104 significant bits from two doubles,
/// for computing the bucket boundaries exactly enough to round them down correctly. Only what the boundaries
/// need: products and square roots of positive numbers.
struct DoubleDouble {
    var high: Double
    var low: Double

    init(_ value: Double) {
        high = value
        low = 0
    }

    init(high: Double, low: Double) {
        // Normalise (fast two-sum; |high| ≥ |low| holds for every use here).
        let sum = high + low
        self.high = sum
        self.low = low - (sum - high)
    }

    /// The product, with the rounding error of `high × high` recovered exactly by a fused multiply-add.
    static func * (left: DoubleDouble, right: DoubleDouble) -> DoubleDouble {
        let product = left.high * right.high
        let error = (-product).addingProduct(left.high, right.high)
        let cross = left.high * right.low + left.low * right.high
        return DoubleDouble(high: product, low: error + cross)
    }

    /// The square root: the correctly rounded root of `high`, corrected by one Newton step in double-double.
    func squareRoot() -> DoubleDouble {
        let root = high.squareRoot()
        // (high + low) − root², with high − root² exact through a fused multiply-add.
        let residual = high.addingProduct(-root, root) + low
        return DoubleDouble(high: root, low: residual / (2 * root))
    }
}
