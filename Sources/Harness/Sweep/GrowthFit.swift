import Foundation

/// How a figure grows with a swept parameter `n`: one of four least-squares models, simplest first.
public enum GrowthModel: String, Sendable, Codable, CaseIterable, Comparable {
    /// `a`.
    case constant
    /// `a + b·ln n`.
    case logarithmic
    /// `a + b·n`.
    case linear
    /// `a + b·n·ln n`.
    case nLogN = "n log n"

    /// The model's basis function of `n` (`nil` for the constant).
    func basis(_ n: Double) -> Double? {
        switch self {
        case .constant: nil
        case .logarithmic: log(n)
        case .linear: n
        case .nLogN: n * log(n)
        }
    }

    /// Order of growth (constant < logarithmic < linear < n·log n).
    var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    /// Whether `lhs` grows more slowly than `rhs`.
    public static func < (lhs: GrowthModel, rhs: GrowthModel) -> Bool { lhs.order < rhs.order }
}

/// One model fitted to a figure: `value(n) = a + b·basis(n)`, with its goodness of fit.
public struct GrowthFit: Sendable, Codable, Equatable {
    /// The model.
    public var model: GrowthModel
    /// Intercept, in the figure's unit.
    public var a: Double
    /// Slope per unit of the basis (`0` for the constant).
    public var b: Double
    /// Coefficient of determination with relative weights (see ``GrowthFitter``); `0` for the constant.
    public var rSquared: Double
    /// Largest relative deviation of a point from the fitted curve (`|y − f(n)| / |f(n)|`).
    public var maxRelativeDeviation: Double

    /// The fitted value at `n`.
    public func value(at n: Double) -> Double {
        a + b * (model.basis(max(n, 1)) ?? 0)
    }
}

/// Least-squares fits of the four ``GrowthModel``s and the choice between them.
///
/// Figures span decades (1 k … 1 M clients), so the fits weight each point by `1/y²`: they minimise relative
/// residuals, and a linear fit cannot hide an `n·log n` curvature behind its largest point. The weighted R² of a
/// model is `1 − Σw(y − f)² / Σw(y − ȳ_w)²`.
///
/// **The choice.** A growth model *qualifies* when its R² is at least ``minimumRSquared`` and its fitted curve
/// changes by at least ``minimumChange`` (relative to the larger end) across the swept range; with none
/// qualifying the figure is *constant* (its weighted mean). Among the qualifying models the simplest is taken,
/// and a more complex one replaces it only when it is clearly better: it leaves at most half the unexplained
/// variance (`1 − R²`) and gains at least ``minimumGain`` of R². With only two distinct sizes every
/// two-parameter model passes through both points, so only constant or linear is chosen. When no growth model
/// qualifies but the figure plainly changes (``changes(_:)``: a log–log slope of at least 0.15 and a factor of
/// 2 between its smallest and largest value), the best-fitting growth model is chosen all the same — its R² says
/// how poorly it fits — rather than calling a figure that grew 20× "constant".
public enum GrowthFitter {
    /// R² a growth model needs to qualify.
    public static let minimumRSquared = 0.8
    /// Relative change across the swept range a growth model needs to qualify (10 %).
    public static let minimumChange = 0.1
    /// R² a more complex model must gain over the simpler one.
    public static let minimumGain = 0.01

    /// Every model fitted to the points `(n, y)` (n > 0), simplest first; empty with no finite point.
    public static func fits(_ points: [(n: Double, y: Double)]) -> [GrowthFit] {
        let usable = points.filter { $0.n > 0 && $0.n.isFinite && $0.y.isFinite }
        guard !usable.isEmpty else { return [] }
        // Relative weights, floored at a millionth of the largest value; all zero: equal weights.
        let scale = usable.map { abs($0.y) }.max() ?? 0
        let weights = usable.map { scale > 0 ? 1 / pow(max(abs($0.y), scale * 1e-6), 2) : 1 }
        return GrowthModel.allCases.compactMap { model in
            fit(model, usable, weights)
        }
    }

    /// The chosen model (see the type's rule) among ``fits(_:)``; `nil` with no finite point.
    public static func best(_ points: [(n: Double, y: Double)]) -> GrowthFit? {
        let all = fits(points)
        guard let constant = all.first(where: { $0.model == .constant }) else { return nil }
        let ns = points.map(\.n).filter { $0 > 0 && $0.isFinite }
        guard let low = ns.min(), let high = ns.max(), high > low else { return constant }
        // Two sizes fit every two-parameter model exactly: only the linear one (a straight line through both)
        // is offered then.
        let twoSizes = Set(ns).count < 3
        let qualifying = all.filter { fit in
            guard fit.model != .constant, fit.rSquared >= minimumRSquared else { return false }
            if twoSizes && fit.model != .linear { return false }
            let start = fit.value(at: low)
            let end = fit.value(at: high)
            let larger = max(abs(start), abs(end))
            return larger > 0 && abs(end - start) / larger >= minimumChange
        }
        guard var chosen = qualifying.first else {
            // No model explains the figure well. It is still not constant when it plainly changes across the
            // range (a log–log slope of at least ``minimumExponent`` and the largest value at least twice the
            // smallest): the best-fitting growth model is then the honest answer, shown with its poor R².
            guard changes(points) else { return constant }
            let growing = all.filter { $0.model != .constant && (!twoSizes || $0.model == .linear) }
            return growing.max { $0.rSquared < $1.rSquared } ?? constant
        }
        for candidate in qualifying.dropFirst()
        where 1 - candidate.rSquared <= 0.5 * (1 - chosen.rSquared)
            && candidate.rSquared - chosen.rSquared >= minimumGain
        {
            chosen = candidate
        }
        return chosen
    }

    /// The smallest |log–log slope| (see ``exponent(_:)``) at which a figure no model fits counts as changing.
    public static let minimumExponent = 0.15

    /// The growth exponent k of `y ≈ c·n^k`: the least-squares slope of ln y against ln n over the points with
    /// n > 0 and y > 0; `nil` with fewer than two distinct n. 0 is flat, 1 linear, above 1 faster than linear —
    /// a figure that spans decades is read at a glance, whichever of the four models fits it.
    public static func exponent(_ points: [(n: Double, y: Double)]) -> Double? {
        let logs = points.filter { $0.n > 0 && $0.y > 0 && $0.n.isFinite && $0.y.isFinite }
            .map { (x: log($0.n), y: log($0.y)) }
        guard Set(logs.map(\.x)).count >= 2 else { return nil }
        let meanX = logs.map(\.x).reduce(0, +) / Double(logs.count)
        let meanY = logs.map(\.y).reduce(0, +) / Double(logs.count)
        let sxx = logs.reduce(0) { $0 + ($1.x - meanX) * ($1.x - meanX) }
        let sxy = logs.reduce(0) { $0 + ($1.x - meanX) * ($1.y - meanY) }
        return sxx > 0 ? sxy / sxx : nil
    }

    /// Whether the figure plainly changes across the range: |``exponent(_:)``| ≥ ``minimumExponent`` and the
    /// largest value at least twice the smallest.
    static func changes(_ points: [(n: Double, y: Double)]) -> Bool {
        guard let k = exponent(points), abs(k) >= minimumExponent else { return false }
        let values = points.map(\.y).filter { $0 > 0 && $0.isFinite }
        guard let low = values.min(), let high = values.max() else { return false }
        return high >= 2 * low
    }

    /// Weighted least squares of one model.
    static func fit(_ model: GrowthModel, _ points: [(n: Double, y: Double)], _ weights: [Double]) -> GrowthFit? {
        let totalWeight = weights.reduce(0, +)
        guard totalWeight > 0, totalWeight.isFinite else { return nil }
        let meanY = zip(points, weights).map { $0.y * $1 }.reduce(0, +) / totalWeight
        var a = meanY
        var b = 0.0
        if model != .constant {
            let xs = points.map { model.basis($0.n) ?? 0 }
            let meanX = zip(xs, weights).map { $0 * $1 }.reduce(0, +) / totalWeight
            var sxx = 0.0
            var sxy = 0.0
            for index in points.indices {
                let dx = xs[index] - meanX
                sxx += weights[index] * dx * dx
                sxy += weights[index] * dx * (points[index].y - meanY)
            }
            guard sxx > 0 else { return nil }
            b = sxy / sxx
            a = meanY - b * meanX
        }
        var residual = 0.0
        var total = 0.0
        var deviation = 0.0
        let fitted = GrowthFit(model: model, a: a, b: b, rSquared: 0, maxRelativeDeviation: 0)
        for (point, weight) in zip(points, weights) {
            let value = fitted.value(at: point.n)
            residual += weight * pow(point.y - value, 2)
            total += weight * pow(point.y - meanY, 2)
            if value != 0 { deviation = max(deviation, abs(point.y - value) / abs(value)) }
        }
        let rSquared = model == .constant || total <= 0 ? (total <= 0 ? 1 : 0) : max(0, 1 - residual / total)
        return GrowthFit(model: model, a: a, b: b, rSquared: rSquared, maxRelativeDeviation: deviation)
    }

    /// The smallest `n ≥ 1` at which `fit` reaches `limit` (bisection over 1 … 10¹⁵), or `nil` when it stays below
    /// `limit` over that range. `f` maps the fitted value to the figure compared (e.g. `n · bytes(n)`).
    public static func crossing(
        of fit: GrowthFit, limit: Double, figure: (Double, Double) -> Double = { _, value in value }
    ) -> Double? {
        let high = 1e15
        func reaches(_ n: Double) -> Bool { figure(n, fit.value(at: n)) >= limit }
        guard reaches(high) else { return nil }
        if reaches(1) { return 1 }
        var low = 1.0
        var up = high
        for _ in 0..<200 where up / low > 1 + 1e-9 {
            let middle = (low * up).squareRoot()
            if reaches(middle) { up = middle } else { low = middle }
        }
        return up
    }
}
