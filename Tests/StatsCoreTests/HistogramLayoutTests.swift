import Foundation
import StatsCore
import StatsTestSupport
import Testing

@Suite("HistogramLayout")
struct HistogramLayoutTests {
    @Test("the default layout covers 1 ns to 7 days in ≤ 25 KiB per shard at ≤ 0.5415 % error")
    func defaultLayout() {
        let layout = HistogramLayout.seconds
        #expect(layout.lowestBound < 1e-9 && layout.highestBound >= 7 * 86_400)
        #expect(layout.bucketIndex(of: 1e-9) != nil && layout.bucketIndex(of: 7 * 86_400) != nil)
        #expect(layout.bucketCount * 8 <= 25 * 1024)
        // (r − 1) / (r + 1) with r = 2^(1/64)
        let ratio = exp2(1.0 / 64)
        #expect(abs(layout.relativeErrorBound - (ratio - 1) / (ratio + 1)) < 1e-12)
        #expect(layout.relativeErrorBound < 0.0054152, "0.5415 %, rounded")
    }

    @Test("bucket index agrees with the definition 2^(k/2^scale) < v <= 2^((k+1)/2^scale)", arguments: [0, 3, 6, 8])
    func indexMatchesDefinition(scale: Int) throws {
        let layout = try HistogramLayout(scale: scale, lowestExponent: -4, highestExponent: 4)
        var random = SeededRandom(seed: UInt64(scale))
        for _ in 0..<20_000 {
            let value = exp2(-3.99 + 7.98 * random.unitOpen())
            let index = try #require(layout.bucketIndex(of: value))
            #expect(layout.lowerBound(ofBucket: index) < value)
            #expect(value <= layout.upperBound(ofBucket: index))
            let ideal = (log2(value) - Double(layout.lowestExponent)) * Double(1 << scale)
            #expect(abs(Double(index) - (ideal.rounded(.up) - 1)) <= 1, "index \(index) far from \(ideal)")
        }
    }

    @Test("bounds are upper-inclusive at exact boundaries")
    func boundaries() throws {
        let layout = HistogramLayout.seconds
        let index = try #require(layout.bucketIndex(of: 1.0))
        #expect(layout.upperBound(ofBucket: index) == 1.0)
        #expect(layout.bucketIndex(of: 1.0.nextUp) == index + 1)
        let upper = layout.upperBound(ofBucket: 700)
        #expect(layout.bucketIndex(of: upper) == 700)
        #expect(layout.bucketIndex(of: upper.nextUp) == 701)
        #expect(layout.bucketIndex(of: layout.lowestBound) == nil)
        #expect(layout.bucketIndex(of: layout.lowestBound.nextUp) == 0)
        #expect(layout.bucketIndex(of: layout.highestBound) == layout.bucketCount - 1)
        #expect(layout.bucketIndex(of: layout.highestBound.nextUp) == nil)
    }

    @Test("every bucket spans the same ratio")
    func ratios() throws {
        let layout = try HistogramLayout(scale: 6, lowestExponent: 0, highestExponent: 2)
        let expected = pow(2, 1.0 / 64)
        for index in 0..<layout.bucketCount {
            let ratio = layout.upperBound(ofBucket: index) / layout.lowerBound(ofBucket: index)
            #expect(abs(ratio - expected) < 1e-12)
        }
    }

    @Test("covering a range picks the enclosing octaves")
    func covering() throws {
        let hour = try HistogramLayout(scale: 6, covering: 1...3.6e12)  // 1 ns ... 1 h in nanoseconds
        #expect(hour.lowestExponent == -1 && hour.highestExponent == 42)
        let week = try HistogramLayout(scale: 6, covering: 1...(7 * 86_400e9))  // 1 ns ... 7 d in nanoseconds
        #expect(week == HistogramLayout.nanoseconds)
        let unit = try HistogramLayout(scale: 2, covering: 1...1)
        #expect(unit.bucketIndex(of: 1) != nil)
    }

    @Test("invalid layouts are rejected with a reason")
    func invalid() {
        #expect(throws: HistogramLayoutError.scaleOutOfRange(11)) {
            try HistogramLayout(scale: 11, lowestExponent: 0, highestExponent: 1)
        }
        #expect(throws: HistogramLayoutError.exponentsOutOfRange(lowest: 3, highest: 3)) {
            try HistogramLayout(lowestExponent: 3, highestExponent: 3)
        }
        #expect(throws: HistogramLayoutError.self) { try HistogramLayout(covering: 0...1) }
        #expect(throws: HistogramLayoutError.self) { try HistogramLayout(covering: 1...Double.infinity) }
        #expect(throws: HistogramLayoutError.tooManyBuckets(2045 << 10)) {
            try HistogramLayout(scale: 10, lowestExponent: -1022, highestExponent: 1023)
        }
        let message = String(describing: HistogramLayoutError.scaleOutOfRange(11))
        #expect(message.contains("0...10"))
    }
}
