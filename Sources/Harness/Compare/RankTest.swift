import Foundation

/// The Mann–Whitney U test (Wilcoxon rank-sum): do two independent samples come from the same distribution, or
/// does one tend to be larger? It uses only the order of the values, so one descheduled drive that took ten
/// times as long moves a rank, not the mean — the reason it is the test for timed figures on shared machines.
public enum MannWhitney {
    /// The outcome of one test.
    public struct Outcome: Sendable, Codable, Equatable {
        /// U of the first sample: the number of (first, second) pairs where the first is larger (ties count ½).
        public var u: Double
        /// Two-sided p-value: the chance of a U at least this far from its mean if both samples had one
        /// distribution.
        public var pValue: Double
        /// `true` when the p-value is exact (the full distribution of U, no ties, small samples), `false` for the
        /// normal approximation with tie and continuity correction.
        public var exact: Bool
    }

    /// Largest sample size (either side) for which the exact distribution of U is used (when there are no ties).
    public static let exactLimit = 25

    /// Tests `first` against `second`; `nil` when either sample is empty or a value is not finite.
    public static func test(_ first: [Double], _ second: [Double]) -> Outcome? {
        let n1 = first.count
        let n2 = second.count
        guard n1 > 0, n2 > 0, (first + second).allSatisfy(\.isFinite) else { return nil }
        let (ranks, tieGroups) = midranks(first + second)
        let rankSum = ranks[0..<n1].reduce(0, +)
        let u = rankSum - Double(n1 * (n1 + 1)) / 2
        let hasTies = tieGroups.contains { $0 > 1 }
        if !hasTies && n1 <= exactLimit && n2 <= exactLimit {
            return Outcome(u: u, pValue: exactPValue(u: u, n1: n1, n2: n2), exact: true)
        }
        return Outcome(u: u, pValue: normalPValue(u: u, n1: n1, n2: n2, tieGroups: tieGroups), exact: false)
    }

    /// The smallest two-sided p-value samples of these sizes can reach (all of one below all of the other).
    /// When it is not below the significance level the test cannot find any difference.
    public static func smallestPValue(n1: Int, n2: Int) -> Double {
        guard n1 > 0, n2 > 0 else { return 1 }
        if n1 <= exactLimit && n2 <= exactLimit { return exactPValue(u: 0, n1: n1, n2: n2) }
        return normalPValue(u: 0, n1: n1, n2: n2, tieGroups: [])
    }

    /// Ranks 1…n with tied values sharing the mean of their ranks, and the size of each group of equal values.
    static func midranks(_ values: [Double]) -> (ranks: [Double], tieGroups: [Int]) {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var groups: [Int] = []
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
            let rank = Double(start + end + 2) / 2
            for position in start...end { ranks[order[position]] = rank }
            groups.append(end - start + 1)
            start = end + 1
        }
        return (ranks, groups)
    }

    /// Exact two-sided p-value: 2 × the smaller tail of U's distribution under the null hypothesis, at most 1.
    static func exactPValue(u: Double, n1: Int, n2: Int) -> Double {
        let counts = exactCounts(n1: n1, n2: n2)
        let total = counts.reduce(0, +)
        let value = Int(u.rounded())
        let lower = counts[0...min(value, counts.count - 1)].reduce(0, +)
        let upper = counts[max(0, min(value, counts.count - 1))...].reduce(0, +)
        return min(1, 2 * min(lower, upper) / total)
    }

    /// How many of the C(n1 + n2, n1) orderings give each U = 0 … n1·n2 (the recurrence
    /// f(m, n, u) = f(m − 1, n, u − n) + f(m, n − 1, u)).
    static func exactCounts(n1: Int, n2: Int) -> [Double] {
        // table[n][u] for the current m, built up from m = 0.
        var table = [[Double]](repeating: [1], count: n2 + 1)
        for m in 1...max(1, n1) where n1 > 0 {
            var next = [[Double]](repeating: [], count: n2 + 1)
            for n in 0...n2 {
                var row = [Double](repeating: 0, count: m * n + 1)
                for u in 0...(m * n) {
                    if u - n >= 0 && u - n < table[n].count { row[u] += table[n][u - n] }
                    if n > 0 && u < next[n - 1].count { row[u] += next[n - 1][u] }
                }
                next[n] = row
            }
            table = next
        }
        return table[n2]
    }

    /// Normal approximation with the tie correction of the variance and a continuity correction of ½.
    static func normalPValue(u: Double, n1: Int, n2: Int, tieGroups: [Int]) -> Double {
        let n = Double(n1 + n2)
        let product = Double(n1 * n2)
        let ties = tieGroups.reduce(0.0) { $0 + Double($1 * $1 * $1 - $1) }
        let variance = product / 12 * ((n + 1) - ties / (n * (n - 1)))
        guard variance > 0 else { return 1 }
        let distance = max(0, abs(u - product / 2) - 0.5)
        let z = distance / variance.squareRoot()
        return min(1, erfc(z / 2.0.squareRoot()))
    }
}
