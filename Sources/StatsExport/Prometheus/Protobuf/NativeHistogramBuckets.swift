import StatsCore

/// A histogram snapshot as a Prometheus native histogram: schema, zero bucket, and the populated buckets as
/// spans and count deltas, exactly as the protobuf exposition's `Histogram` message carries them.
///
/// **Index mapping.** At schema `s`, Prometheus's bucket `i` holds the values in `(2^((i−1)/2^s), 2^(i/2^s)]`.
/// A layout of scale `s` has the same boundaries (see ``StatsCore/HistogramLayout``): its bucket `b` (octave
/// `b >> s`, sub-bucket `b & (2^s − 1)`, counted from `2^lowestExponent`) has the upper bound
/// `2^(lowestExponent + (b + 1)/2^s)`, so it is Prometheus's bucket
/// `i = lowestExponent · 2^s + b + 1` (``StatsCore/HistogramLayout/prometheusIndex(ofBucket:)``) and every count
/// carries over exactly. A `unitScale` that is a power of two `2^e` shifts every index by `e · 2^s`; any other
/// factor (e.g. `1e-9` for nanoseconds) moves values off the boundaries, so no native histogram is made.
///
/// **The edges.** Zero, negative and underflow values (at or below the layout's lowest bound) form the zero
/// bucket, whose threshold is that bound; values above the highest bound are counted in the one bucket just
/// above it (their exact size is unknown). So the buckets and zero count add up to ``count``.
///
/// **Schema.** Prometheus accepts schemas up to 8; a layout of scale 9 or 10 is merged down to 8 (each
/// coarse bucket is a run of whole fine buckets, so counts stay exact).
///
/// **Spans.** Empty runs of at most two buckets inside populated ranges are carried as zero counts (as the
/// Prometheus Go client does), longer ones start a new span.
public struct NativeHistogramBuckets: Sendable, Hashable {
    /// A run of consecutive buckets: `offset` is the first bucket's index for the first span, and the number of
    /// empty buckets since the previous span's end for every later one.
    public struct Span: Sendable, Hashable {
        /// Index of the first bucket (first span) or gap after the previous span (later spans).
        public var offset: Int32
        /// Buckets in the run.
        public var length: UInt32
    }

    /// The largest schema Prometheus accepts.
    public static var maximumSchema: Int { 8 }

    /// The schema: `2^schema` buckets per power of two.
    public let schema: Int
    /// Upper bound of the zero bucket, in the exported unit.
    public let zeroThreshold: Double
    /// Values at or below ``zeroThreshold`` (zero, negative and underflow values).
    public let zeroCount: UInt64
    /// The populated buckets' spans.
    public let spans: [Span]
    /// For each bucket of ``spans`` in order, its count minus the previous bucket's (the first: its count).
    public let deltas: [Int64]
    /// Every value counted: ``zeroCount`` plus every bucket.
    public let count: UInt64
    /// Sum of the values, in the exported unit.
    public let sum: Double

    /// The native histogram of `snapshot` with values multiplied by `unitScale`; `nil` when `unitScale` is not
    /// a power of two (the boundaries would not be Prometheus's).
    public init?(snapshot: HistogramSnapshot, unitScale: Double = 1) {
        guard unitScale > 0, unitScale.isFinite, unitScale.significand == 1 else { return nil }
        let layout = snapshot.layout
        let shift = Int(unitScale.exponent) * layout.subBucketsPerOctave
        let reduction = max(0, layout.scale - Self.maximumSchema)
        var populated: [(index: Int, count: UInt64)] = []
        func add(_ fineIndex: Int, _ count: UInt64) {
            // Ceiling division by 2^reduction (an arithmetic shift floors, also for negative indices).
            let index = (fineIndex + (1 << reduction) - 1) >> reduction
            if let last = populated.last, last.index == index {
                populated[populated.count - 1].count &+= count
            } else {
                populated.append((index, count))
            }
        }
        for (bucket, count) in snapshot.bucketCounts.enumerated() where count > 0 {
            add(layout.prometheusIndex(ofBucket: bucket) + shift, count)
        }
        if snapshot.overflowCount > 0 {
            add(layout.prometheusIndex(ofBucket: layout.bucketCount) + shift, snapshot.overflowCount)
        }
        schema = layout.scale - reduction
        zeroThreshold = layout.lowestBound * unitScale
        zeroCount = snapshot.zeroCount &+ snapshot.negativeCount &+ snapshot.underflowCount
        count = snapshot.count
        sum = snapshot.sum * unitScale
        (spans, deltas) = Self.encode(populated)
    }

    /// Spans and deltas of `populated` (ascending indices, counts above zero).
    static func encode(_ populated: [(index: Int, count: UInt64)]) -> ([Span], [Int64]) {
        var spans: [Span] = []
        var deltas: [Int64] = []
        var previous: (index: Int, count: UInt64)?
        for bucket in populated {
            if let last = previous {
                let gap = bucket.index - last.index - 1
                if gap <= 2 {
                    var count = last.count
                    for _ in 0..<gap {
                        deltas.append(Int64(bitPattern: 0 &- count))
                        count = 0
                    }
                    spans[spans.count - 1].length += UInt32(gap + 1)
                    deltas.append(Int64(bitPattern: bucket.count &- count))
                } else {
                    spans.append(Span(offset: Int32(truncatingIfNeeded: gap), length: 1))
                    deltas.append(Int64(bitPattern: bucket.count &- last.count))
                }
            } else {
                spans.append(Span(offset: Int32(truncatingIfNeeded: bucket.index), length: 1))
                deltas.append(Int64(bitPattern: bucket.count))
            }
            previous = bucket
        }
        return (spans, deltas)
    }

    /// The buckets spelled out from ``spans`` and ``deltas`` — Prometheus index and count, ascending, zero
    /// counts inside spans included — as a scraper decodes them.
    public var buckets: [(index: Int, count: UInt64)] {
        var result: [(index: Int, count: UInt64)] = []
        var index = 0
        var count: UInt64 = 0
        var delta = deltas.makeIterator()
        for (position, span) in spans.enumerated() {
            index += Int(span.offset) + (position == 0 ? 0 : 1)
            for step in 0..<Int(span.length) {
                if step > 0 { index += 1 }
                count = count &+ UInt64(bitPattern: delta.next() ?? 0)
                result.append((index, count))
            }
        }
        return result
    }
}

extension HistogramLayout {
    /// The Prometheus native-histogram index (at schema ``scale``) of bucket `index` of this layout: the `i`
    /// whose bucket `(2^((i−1)/2^scale), 2^(i/2^scale)]` has the same bounds, `lowestExponent · 2^scale +
    /// index + 1`.
    public func prometheusIndex(ofBucket index: Int) -> Int {
        lowestExponent * subBucketsPerOctave + index + 1
    }
}
