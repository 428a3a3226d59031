/// Picks a method index with probability proportional to its weight, from one 64-bit draw (Walker's alias
/// method, built with Vose's algorithm): O(1) per pick whatever the number of methods.
@usableFromInline
struct MethodChooser: Sendable {
    /// One column of the alias table.
    @usableFromInline
    struct Column: Sendable {
        /// The column keeps its own index when the draw's low word is below this threshold.
        @usableFromInline let threshold: UInt64
        /// The index used otherwise.
        @usableFromInline let alias: UInt16
    }

    @usableFromInline let columns: [Column]

    /// An alias table for `weights` (finite, non-negative, at least one positive; checked by the caller).
    init(weights: [Double]) {
        let count = weights.count
        let total = weights.reduce(0, +)
        var scaled = weights.map { $0 * Double(count) / total }
        var small: [Int] = []
        var large: [Int] = []
        for (index, value) in scaled.enumerated() {
            if value < 1 { small.append(index) } else { large.append(index) }
        }
        var probability = [Double](repeating: 1, count: count)
        var alias = Array(0..<count)
        while let less = small.popLast(), let more = large.last {
            probability[less] = scaled[less]
            alias[less] = more
            scaled[more] -= 1 - scaled[less]
            if scaled[more] < 1 {
                large.removeLast()
                small.append(more)
            }
        }
        // Whatever is left (rounding) keeps its own column with certainty.
        columns = (0..<count).map { index in
            let p = probability[index]
            let threshold: UInt64 = p >= 1 ? .max : UInt64((p * 0x1p64).rounded(.down))
            return Column(threshold: threshold, alias: UInt16(alias[index]))
        }
    }

    /// The method for the 64-bit draw `bits`: its high part (times the column count) picks a column, the
    /// remaining low word decides between the column and its alias.
    @inlinable
    func choose(_ bits: UInt64) -> Int {
        let product = bits.multipliedFullWidth(by: UInt64(columns.count))
        let column = Int(truncatingIfNeeded: product.high)
        let entry = columns[column]
        return product.low < entry.threshold ? column : Int(entry.alias)
    }
}
