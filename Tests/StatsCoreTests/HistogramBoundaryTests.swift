import StatsCore
import StatsTestSupport
import Testing

/// The exact reference for bucket boundaries: a double `v = m / 2^52` (`m` the 53-bit significand of a value in
/// `[1, 2)`) is above the boundary `2^(j/N)` exactly when `m^N > 2^(j + 52·N)` — integer arithmetic, no rounding.
private enum ExactBoundary {
    static func power(_ m: UInt64, _ n: Int) -> [UInt32] { BigPower.power(m, n) }

    static func compare(_ number: [UInt32], toPowerOfTwo exponent: Int) -> Int {
        BigPower.compare(number, toPowerOfTwo: exponent)
    }

    /// The exact sub-bucket (0 ..< n) of `value` in `(1, 2]`... of the octave `[1, 2)`: the number of inner
    /// boundaries `2^(j/n)`, `j ≥ 1`, strictly below `value`.
    static func subBucket(of value: Double, subBuckets n: Int) -> Int {
        let m = (1 << 52) | (value.bitPattern & 0x000F_FFFF_FFFF_FFFF)
        let mn = power(m, n)
        var sub = 0
        for j in 1..<n where compare(mn, toPowerOfTwo: j + 52 * n) > 0 { sub = j }
        return sub
    }
}

@Suite("Bucket boundaries equal the exact 2^(j/2^scale) (OpenTelemetry and Prometheus native histograms)")
struct HistogramBoundaryTests {
    @Test("every inner boundary of an octave is the largest double at or below 2^(j/64)", arguments: [1, 3, 6])
    func boundariesRoundDown(scale: Int) throws {
        let layout = try HistogramLayout(scale: scale, lowestExponent: -1, highestExponent: 1)
        let n = 1 << scale
        for j in 1..<n {
            // Bucket n + j - 1 (octave [1, 2)) ends at the boundary 2^(j/n).
            let boundary = layout.upperBound(ofBucket: n + j - 1)
            let m = (1 << 52) | (boundary.bitPattern & 0x000F_FFFF_FFFF_FFFF)
            #expect(ExactBoundary.compare(ExactBoundary.power(m, n), toPowerOfTwo: j + 52 * n) < 0, "j=\(j)")
            #expect(ExactBoundary.compare(ExactBoundary.power(m + 1, n), toPowerOfTwo: j + 52 * n) > 0, "j=\(j)")
        }
    }

    @Test("each boundary double and its neighbours land in the exact bucket, in every octave's copy")
    func neighboursLandExactly() throws {
        let layout = HistogramLayout.seconds
        let n = layout.subBucketsPerOctave
        for j in 1..<n {
            let boundary = layout.upperBound(ofBucket: (-layout.lowestExponent) * n + j - 1)  // octave [1, 2)
            for value in [boundary.nextDown, boundary, boundary.nextUp, boundary.nextUp.nextUp] {
                let exact = ExactBoundary.subBucket(of: value, subBuckets: n)
                let index = try #require(layout.bucketIndex(of: value))
                #expect(index & (n - 1) == exact, "value \(value) (boundary \(j))")
                // The same mantissa in other octaves lands in the same sub-bucket.
                for octaveShift in [-20.0, -3, 5, 19] {
                    let scaled = value * exp2Exact(octaveShift)
                    #expect(try #require(layout.bucketIndex(of: scaled)) & (n - 1) == exact)
                }
            }
        }
    }

    @Test("the doubles just above √2 and 2^(49/64) are in the bucket above the boundary")
    func knownValues() throws {
        let layout = HistogramLayout.seconds
        let n = layout.subBucketsPerOctave
        for value in [1.4142135623730951, 1.7001063537185235] {
            let exact = ExactBoundary.subBucket(of: value, subBuckets: n)
            #expect(try #require(layout.bucketIndex(of: value)) & (n - 1) == exact)
        }
        #expect(ExactBoundary.subBucket(of: 1.4142135623730951, subBuckets: n) == 32)
        #expect(ExactBoundary.subBucket(of: 1.4142135623730950, subBuckets: n) == 31)
    }

    /// `2^exponent` for a whole `exponent`, exactly.
    private func exp2Exact(_ exponent: Double) -> Double {
        Double(sign: .plus, exponent: Int(exponent), significand: 1)
    }
}
