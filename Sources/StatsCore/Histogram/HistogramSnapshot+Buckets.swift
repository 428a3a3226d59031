extension HistogramSnapshot {
    /// One non-empty bucket: the values in `(lowerBound, upperBound]`.
    public struct Bucket: Sendable, Hashable {
        /// Index in the layout.
        public var index: Int
        /// Exclusive lower bound.
        public var lowerBound: Double
        /// Inclusive upper bound.
        public var upperBound: Double
        /// Number of values in the bucket.
        public var count: UInt64
    }

    /// The non-empty buckets in ascending order, with their bounds — what exporters need. Values outside the
    /// buckets are in ``zeroCount``, ``negativeCount``, ``underflowCount`` and ``overflowCount``.
    public var nonEmptyBuckets: [Bucket] {
        let mantissas = layout.subBucketMantissas()
        let mask = layout.subBucketsPerOctave - 1
        var result: [Bucket] = []
        for (index, count) in bucketCounts.enumerated() where count > 0 {
            let octave = index >> layout.scale
            let sub = index & mask
            let lower = layout.bound(octave: octave, mantissa: mantissas[sub])
            let upper =
                sub == mask
                ? layout.bound(octave: octave + 1, mantissa: 0)
                : layout.bound(octave: octave, mantissa: mantissas[sub + 1])
            result.append(Bucket(index: index, lowerBound: lower, upperBound: upper, count: count))
        }
        return result
    }
}
