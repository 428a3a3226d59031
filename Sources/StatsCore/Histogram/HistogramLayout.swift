/// The bucket layout of an ``ExponentialHistogram``: base-2 octaves split into `2^scale` exponential sub-buckets.
///
/// Bucket boundaries are `2^(k / 2^scale)` — the layout of OpenTelemetry exponential histograms and Prometheus
/// native histograms — so every bucket spans the same ratio `r = 2^(2^-scale)` and a value is reported with a
/// relative error of at most `(r − 1) / (r + 1)`: 0.5415 % at the default scale 6. Buckets are upper-inclusive:
/// bucket *k* holds the values in `(2^(k/2^scale), 2^((k+1)/2^scale)]`.
///
/// The layout covers the values in `(2^lowestExponent, 2^highestExponent]`; zero, negative, smaller and
/// larger values are counted in the histogram's zero, negative, underflow and overflow counts (see
/// ``ExponentialHistogram``). Memory is 8 bytes per bucket per shard: the default ``seconds`` layout (scale 6,
/// about 0.93 ns to 12.1 days in 50 octaves, so every duration from 1 ns to 7 days) has 3200 buckets, 25 KiB
/// per shard (plus 80 bytes of specials, padded to a cache-line multiple).
///
/// ```swift
/// let nanoseconds = try HistogramLayout(scale: 6, covering: 1...3.6e12)  // 1 ns ... 1 h
/// ```
public struct HistogramLayout: Sendable, Hashable, Codable, CustomStringConvertible {
    /// `log2` of the number of sub-buckets per octave (0...10).
    public let scale: Int
    /// Values above `2^lowestExponent` fall into buckets; smaller positive values are underflow.
    public let lowestExponent: Int
    /// Values up to and including `2^highestExponent` fall into buckets; larger ones are overflow.
    public let highestExponent: Int

    /// The largest scale accepted: 1024 sub-buckets per octave.
    public static var maximumScale: Int { 10 }
    /// The most buckets a layout may have (8 MiB per shard).
    public static var maximumBucketCount: Int { 1 << 20 }

    /// Scale 6 over `(2^-30, 2^20]` seconds — about 0.93 ns to 12.1 days, so every duration from 1 ns to 7 days —
    /// for durations in seconds: 3200 buckets, 25 KiB per shard, relative error ≤ 0.5415 %.
    ///
    /// Sub-microsecond cache hits and sessions that last days both get percentiles within the bound; the record
    /// cost does not depend on the range (the bucket comes from the value's bits, not from a search).
    public static var seconds: HistogramLayout {
        HistogramLayout(validScale: 6, lowestExponent: -30, highestExponent: 20)
    }

    /// Scale 6 over `(2^-1, 2^50]` nanoseconds — 1 ns to about 13 days — for durations in nanoseconds:
    /// 3264 buckets, 25.5 KiB per shard.
    public static var nanoseconds: HistogramLayout {
        HistogramLayout(validScale: 6, lowestExponent: -1, highestExponent: 50)
    }

    /// Creates a layout from its exponents; throws when the scale or the range is out of bounds.
    public init(scale: Int = 6, lowestExponent: Int, highestExponent: Int) throws(HistogramLayoutError) {
        guard (0...Self.maximumScale).contains(scale) else {
            throw .scaleOutOfRange(scale)
        }
        guard lowestExponent >= -1022, highestExponent <= 1023, lowestExponent < highestExponent else {
            throw .exponentsOutOfRange(lowest: lowestExponent, highest: highestExponent)
        }
        let buckets = (highestExponent - lowestExponent) << scale
        guard buckets <= Self.maximumBucketCount else {
            throw .tooManyBuckets(buckets)
        }
        self.init(validScale: scale, lowestExponent: lowestExponent, highestExponent: highestExponent)
    }

    /// Creates the smallest layout whose buckets hold every value in `range` (positive and finite).
    public init(scale: Int = 6, covering range: ClosedRange<Double>) throws(HistogramLayoutError) {
        let low = range.lowerBound
        let high = range.upperBound
        guard low.isNormal, high.isFinite, low > 0 else {
            throw .rangeNotPositive(low, high)
        }
        // Buckets start strictly above 2^lowest: an exact power of two needs the octave below it.
        let lowest = Int(low.exponent) - (low.significand == 1 ? 1 : 0)
        let highest = Int(high.exponent) + (high.significand == 1 ? 0 : 1)
        try self.init(scale: scale, lowestExponent: lowest, highestExponent: Swift.max(highest, lowest + 1))
    }

    init(validScale: Int, lowestExponent: Int, highestExponent: Int) {
        self.scale = validScale
        self.lowestExponent = lowestExponent
        self.highestExponent = highestExponent
    }

    /// Sub-buckets per octave, `2^scale`.
    public var subBucketsPerOctave: Int { 1 << scale }
    /// Number of octaves covered.
    public var octaveCount: Int { highestExponent - lowestExponent }
    /// Number of buckets (excluding zero, negative, underflow and overflow counts).
    public var bucketCount: Int { octaveCount << scale }
    /// Values at or below this are zero, negative or underflow: `2^lowestExponent`.
    public var lowestBound: Double { Double(sign: .plus, exponent: lowestExponent, significand: 1) }
    /// Values above this are overflow: `2^highestExponent`.
    public var highestBound: Double { Double(sign: .plus, exponent: highestExponent, significand: 1) }

    /// The largest relative error of a value reported from a bucket: `(r − 1) / (r + 1)` with `r = 2^(2^-scale)`.
    public var relativeErrorBound: Double {
        let ratio = Self.rootOfTwo(levels: scale)
        return (ratio - 1) / (ratio + 1)
    }

    /// `scale=6 (2^-30, 2^20], 3200 buckets`.
    public var description: String {
        "scale=\(scale) (2^\(lowestExponent), 2^\(highestExponent)], \(bucketCount) buckets"
    }
}

/// Why a ``HistogramLayout`` could not be made.
public enum HistogramLayoutError: Error, Hashable, CustomStringConvertible {
    /// The scale is not in `0...10`.
    case scaleOutOfRange(Int)
    /// The exponents are not `-1022 <= lowest < highest <= 1023`.
    case exponentsOutOfRange(lowest: Int, highest: Int)
    /// The range to cover is not made of positive, finite, normal numbers.
    case rangeNotPositive(Double, Double)
    /// The layout would exceed ``HistogramLayout/maximumBucketCount`` buckets.
    case tooManyBuckets(Int)
    /// Two snapshots with different layouts cannot be merged.
    case mismatch(HistogramLayout, HistogramLayout)

    /// What was wrong and what to do.
    public var description: String {
        switch self {
        case .scaleOutOfRange(let scale):
            return
                "histogram scale \(scale) is out of range: use 0...\(HistogramLayout.maximumScale) (6 is the default)"
        case .exponentsOutOfRange(let lowest, let highest):
            return "histogram exponents (\(lowest), \(highest)] are invalid: need -1022 <= lowest < highest <= 1023"
        case .rangeNotPositive(let low, let high):
            return "histogram range \(low)...\(high) must be positive, finite and normal"
        case .tooManyBuckets(let count):
            return "histogram layout needs \(count) buckets, over the limit of \(HistogramLayout.maximumBucketCount): "
                + "lower the scale or narrow the range"
        case .mismatch(let left, let right):
            return "cannot merge histograms with different layouts: \(left) and \(right)"
        }
    }
}
