#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Marsaglia & Tsang's ziggurat tables (2000) for the standard normal (128 layers) and the standard
/// exponential (256 layers): about 99 % of draws cost one 64-bit draw, a table load, a compare and a multiply —
/// no `log`, `exp` or square root.
///
/// The layer comes from the low bits of a draw and the value from its high bits, so they are independent
/// (Doornik's fix of the original's correlation). The tables are plain arrays built once per sampler (a few
/// hundred `exp`/`log` calls), never a global, so reading them costs no lazy-initialization check.
@usableFromInline
struct Ziggurat: Sendable {
    /// One layer: accept `|value| < threshold` at once, the result is `value · width`; `height` is the
    /// density at the layer's outer edge.
    @usableFromInline
    struct Layer: Sendable {
        @usableFromInline var threshold: UInt64
        @usableFromInline var width: Double
        @usableFromInline var height: Double
    }

    /// Magnitudes are 56-bit integers: 2^56.
    @usableFromInline static var scale: Double { 0x1p56 }
    /// Where the normal ziggurat's tail starts.
    @usableFromInline static var normalTail: Double { 3.442_619_855_899 }
    /// Where the exponential ziggurat's tail starts.
    @usableFromInline static var exponentialTail: Double { 7.697_117_470_131_487 }

    @usableFromInline let normal: [Layer]
    @usableFromInline let exponential: [Layer]

    /// Empty tables, for holders that never draw (drawing from them traps).
    init(empty: Void) {
        normal = []
        exponential = []
    }

    /// Builds both tables (Marsaglia & Tsang's `zigset`, with 56-bit magnitudes).
    init() {
        var normal = [Layer](repeating: Layer(threshold: 0, width: 0, height: 0), count: 128)
        var edge = Self.normalTail
        var previous = edge
        let normalArea = 9.912_563_035_262_17e-3
        let base = normalArea / exp(-0.5 * edge * edge)
        normal[0] = Layer(threshold: UInt64(edge / base * Self.scale), width: base / Self.scale, height: 1)
        normal[127] = Layer(threshold: 0, width: edge / Self.scale, height: exp(-0.5 * edge * edge))
        for index in stride(from: 126, through: 1, by: -1) {
            edge = (-2 * log(normalArea / edge + exp(-0.5 * edge * edge))).squareRoot()
            normal[index + 1].threshold = UInt64(edge / previous * Self.scale)
            previous = edge
            normal[index] = Layer(threshold: 0, width: edge / Self.scale, height: exp(-0.5 * edge * edge))
        }
        normal[1].threshold = 0

        var exponential = [Layer](repeating: Layer(threshold: 0, width: 0, height: 0), count: 256)
        edge = Self.exponentialTail
        previous = edge
        let exponentialArea = 3.949_659_822_581_572e-3
        let exponentialBase = exponentialArea / exp(-edge)
        exponential[0] = Layer(
            threshold: UInt64(edge / exponentialBase * Self.scale), width: exponentialBase / Self.scale, height: 1)
        exponential[255] = Layer(threshold: 0, width: edge / Self.scale, height: exp(-edge))
        for index in stride(from: 254, through: 1, by: -1) {
            edge = -log(exponentialArea / edge + exp(-edge))
            exponential[index + 1].threshold = UInt64(edge / previous * Self.scale)
            previous = edge
            exponential[index] = Layer(threshold: 0, width: edge / Self.scale, height: exp(-edge))
        }
        exponential[1].threshold = 0
        self.normal = normal
        self.exponential = exponential
    }

    /// A standard normal value (mean 0, variance 1).
    @inlinable @inline(__always)
    func nextNormal(using random: inout RandomStream) -> Double {
        while true {
            let bits = random.next()
            let index = Int(truncatingIfNeeded: bits & 127)
            let signed = Int64(bitPattern: bits) &>> 7  // 57-bit signed: sign and 56-bit magnitude
            let layer = normal[index]
            if signed.magnitude < layer.threshold { return Double(signed) * layer.width }
            if let value = normalSlowPath(index: index, signed: signed, using: &random) { return value }
        }
    }

    /// The rare normal cases: the base layer's tail, or a point between a layer's rectangle and the curve.
    @usableFromInline
    func normalSlowPath(index: Int, signed: Int64, using random: inout RandomStream) -> Double? {
        if index == 0 {
            // Marsaglia's tail method beyond r.
            let tail = Self.normalTail
            var x: Double
            var y: Double
            repeat {
                x = -log(random.nextUnit()) / tail
                y = -log(random.nextUnit())
            } while y + y < x * x
            return signed > 0 ? tail + x : -tail - x
        }
        let x = Double(signed) * normal[index].width
        let low = normal[index].height
        let high = normal[index - 1].height
        return low + random.nextUnit() * (high - low) < exp(-0.5 * x * x) ? x : nil
    }

    /// A standard exponential value (mean 1).
    @inlinable @inline(__always)
    func nextExponential(using random: inout RandomStream) -> Double {
        while true {
            let bits = random.next()
            let index = Int(truncatingIfNeeded: bits & 255)
            let magnitude = bits &>> 8  // 56 bits
            let layer = exponential[index]
            if magnitude < layer.threshold { return Double(Int64(bitPattern: magnitude)) * layer.width }
            if let value = exponentialSlowPath(index: index, magnitude: magnitude, using: &random) { return value }
        }
    }

    /// The rare exponential cases: the tail (memoryless, so `r + Exp(1)`), or a point near the curve.
    @usableFromInline
    func exponentialSlowPath(index: Int, magnitude: UInt64, using random: inout RandomStream) -> Double? {
        if index == 0 { return Self.exponentialTail - log(random.nextUnit()) }
        let x = Double(Int64(bitPattern: magnitude)) * exponential[index].width
        let low = exponential[index].height
        let high = exponential[index - 1].height
        return low + random.nextUnit() * (high - low) < exp(-x) ? x : nil
    }
}
