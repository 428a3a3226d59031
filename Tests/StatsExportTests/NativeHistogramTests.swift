import StatsCore
import StatsTestSupport
import Testing

@testable import StatsExport

/// Exact reference for Prometheus's native-histogram index at schema `s` (the format's definition: bucket `i`
/// holds `(2^((i−1)/2^s), 2^(i/2^s)]`): for `v = m · 2^(e−52)` (`m` its 53-bit significand), `v ≤ 2^(i/2^s)`
/// exactly when `m^(2^s) ≤ 2^(i + (52 − e) · 2^s)`: integer arithmetic, no logarithm, no rounding.
private enum SpecIndex {
    static func index(of value: Double, schema: Int) -> Int {
        let n = 1 << schema
        let m = (1 << 52) | (value.bitPattern & 0x000F_FFFF_FFFF_FFFF)
        let e = Int(value.exponent)
        let power = BigPower.power(m, n)
        // v ∈ [2^e, 2^(e+1)): the index is n·e + j for the least j in 0...n with m^n ≤ 2^(j + 52n).
        for j in 0...n where BigPower.compare(power, toPowerOfTwo: j + 52 * n) <= 0 { return n * e + j }
        return n * (e + 1)
    }
}

@Suite("Native histogram buckets: our bucket indices are Prometheus's")
struct NativeHistogramTests {
    @Test("every boundary of an octave and its neighbouring doubles get the index the format defines")
    func boundariesAndNeighbours() throws {
        let layout = HistogramLayout.seconds
        for octave in [0, 30, 49] {  // 2^-30 (lowest), 1 s, the highest octave
            for sub in 0..<layout.subBucketsPerOctave {
                let bucket = octave << layout.scale | sub
                let bound = layout.upperBound(ofBucket: bucket)
                for value in [bound.nextDown, bound, bound.nextUp] {
                    guard let ours = layout.bucketIndex(of: value) else { continue }
                    #expect(
                        layout.prometheusIndex(ofBucket: ours) == SpecIndex.index(of: value, schema: layout.scale),
                        "value \(value) (bucket \(ours))")
                }
            }
        }
    }

    @Test("random values over the whole layout get the index the format defines")
    func randomValues() throws {
        var random = SeededRandom(seed: 14)
        let layout = HistogramLayout.seconds
        for _ in 0..<500 {
            let exponent = Double(random.next() % 50) - 30
            let fraction = Double(random.next() % (1 << 52)) / 0x1p52
            let value = Double(sign: .plus, exponent: Int(exponent), significand: 1 + fraction)
            let ours = try #require(layout.bucketIndex(of: value))
            #expect(layout.prometheusIndex(ofBucket: ours) == SpecIndex.index(of: value, schema: 6), "value \(value)")
        }
    }

    @Test("spans and deltas decode to exactly the populated buckets; zero, underflow and overflow accounted")
    func spansAndDeltas() throws {
        // Gaps of 0, 1, 2 (carried as zero counts) and 3+ (new span) between populated buckets.
        // Indices: 1 → 0, 1⁺ → 1, 1.05 → 5, 1.07 → 7, 1.1 → 9, 1.13 → 12, 2 → 64, 4 → 128.
        let values: [Double] = [0, -1, 0x1p-35, 1, 1, Double(1).nextUp, 1.05, 1.07, 1.1, 1.13, 2, 2, 2, 4, 0x1p30]
        let snap = snapshot(of: values)
        let native = try #require(NativeHistogramBuckets(snapshot: snap))
        #expect(native.schema == 6)
        #expect(native.zeroCount == 3)  // 0, −1, 2^-35
        #expect(native.zeroThreshold == 0x1p-30)
        let expected = Dictionary(
            grouping: values.filter { $0 > 0x1p-30 && $0 <= 0x1p20 }, by: { SpecIndex.index(of: $0, schema: 6) }
        ).mapValues { UInt64($0.count) }
        let decoded = native.buckets
        let nonZero = Dictionary(uniqueKeysWithValues: decoded.filter { $0.count > 0 }.map { ($0.index, $0.count) })
        // The overflow value (2^30 > 2^20) is counted in the bucket just above the layout.
        let overflowIndex = 20 * 64 + 1
        #expect(nonZero[overflowIndex] == 1)
        #expect(nonZero.filter { $0.key != overflowIndex } == expected)
        #expect(native.zeroCount + decoded.reduce(0) { $0 + $1.count } == snap.count)
        #expect(zip(decoded, decoded.dropFirst()).allSatisfy { $0.index < $1.index })
        // Every carried zero sits in a gap of at most two; every later span starts after a gap of at least three.
        #expect(native.spans.dropFirst().allSatisfy { $0.offset >= 3 })
        #expect(native.deltas.count == decoded.count)
    }

    @Test("a power-of-two unit factor shifts the indices; any other factor makes no native histogram")
    func unitScale() throws {
        let snap = snapshot(of: [1, 3])
        let plain = try #require(NativeHistogramBuckets(snapshot: snap))
        let halved = try #require(NativeHistogramBuckets(snapshot: snap, unitScale: 0.5))
        #expect(halved.buckets.map(\.index) == plain.buckets.map { $0.index - 64 })
        #expect(halved.sum == plain.sum / 2)
        #expect(NativeHistogramBuckets(snapshot: snap, unitScale: 1e-9) == nil)
        #expect(NativeHistogramBuckets(snapshot: snap, unitScale: 0) == nil)
    }

    @Test("a layout finer than schema 8 is merged down to 8 with exact counts")
    func schemaCapped() throws {
        let layout = try HistogramLayout(scale: 10, lowestExponent: -4, highestExponent: 4)
        let values: [Double] = [1, 1.001, 1.002, 1.5, 3, 0.3]
        let native = try #require(NativeHistogramBuckets(snapshot: snapshot(of: values, layout: layout)))
        #expect(native.schema == 8)
        let expected = Dictionary(grouping: values, by: { SpecIndex.index(of: $0, schema: 8) }).mapValues {
            UInt64($0.count)
        }
        let decoded = Dictionary(
            uniqueKeysWithValues: native.buckets.filter { $0.count > 0 }.map { ($0.index, $0.count) })
        #expect(decoded == expected)
    }
}
