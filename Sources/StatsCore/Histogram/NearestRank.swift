/// The nearest-rank definition of a quantile, shared by histograms and by exact ground truth so that both
/// answer the same question.
public enum NearestRank {
    /// The 1-based rank of quantile `q` among `count` sorted values: the smallest `k` with `k / count >= q`,
    /// at least 1. `q` must be in `0...1` and `count` positive.
    ///
    /// ```swift
    /// NearestRank.rank(of: 0.5, count: 4)   // 2
    /// NearestRank.rank(of: 0.99, count: 1000)  // 990
    /// ```
    public static func rank(of q: Double, count: UInt64) -> UInt64 {
        precondition(q >= 0 && q <= 1, "quantile \(q) is outside 0...1")
        precondition(count > 0, "a quantile of no values has no rank")
        let exact = q * Double(count)
        // `q` is rarely exact in binary (0.29 * 100 = 28.999999999999996): a product within a few ulps of an
        // integer is that integer, so 0.29 of 100 values is rank 29, as written, not 30.
        let nearest = exact.rounded()
        let rank = abs(exact - nearest) <= 8 * exact.ulp ? nearest : exact.rounded(.up)
        return Swift.min(count, Swift.max(1, UInt64(rank)))
    }

    /// The exact nearest-rank quantile of `sorted` (ascending), or `nil` when it is empty.
    public static func quantile<C: RandomAccessCollection>(_ q: Double, ofSorted sorted: C) -> C.Element?
    where C.Index == Int {
        guard !sorted.isEmpty else { return nil }
        let rank = rank(of: q, count: UInt64(sorted.count))
        return sorted[sorted.startIndex + Int(rank) - 1]
    }
}
