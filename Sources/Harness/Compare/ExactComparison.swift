import Foundation

/// Exact figures: compared value against value, within a stated tolerance; higher is always worse.
enum ExactComparison {
    static func rows(
        scenario: String, baseline: [RunResult], current: [RunResult], settings: CompareSettings, sameEvents: Bool
    ) -> [FigureComparison] {
        let base = baseline.map { FigureExtractor.exact($0, settings: settings) }
        let now = current.map { FigureExtractor.exact($0, settings: settings) }
        var order: [String] = []
        var figures: [String: ExactFigure] = [:]
        for figure in (base + now).joined() where figures[figure.name] == nil {
            order.append(figure.name)
            figures[figure.name] = figure
        }
        return order.map { name in
            let figure = figures[name]!
            let baseValues = base.flatMap { $0.filter { $0.name == name } }
            let nowValues = now.flatMap { $0.filter { $0.name == name } }
            var row = compare(
                figure: figure, baseline: baseValues, current: nowValues,
                comparable: sameEvents || !figure.dependsOnEvents)
            row.scenario = scenario
            return row
        }
    }

    /// One exact figure: the worst (highest) value of each side's runs (text figures must agree on every run).
    /// An exact figure does not depend on the machine's load, so one run that rose is a change, which a median
    /// over three runs would hide.
    static func compare(figure: ExactFigure, baseline: [ExactFigure], current: [ExactFigure], comparable: Bool)
        -> FigureComparison
    {
        let limit = figure.tolerance == 0 ? "exact" : "rise ≤ \(String(format: "%g", figure.tolerance))"
        var row = FigureComparison(
            scenario: "", figure: figure.name, kind: "exact", unit: figure.unit, baseline: nil, current: nil,
            baselineText: "—", currentText: "—", change: nil, relativeChange: nil, changeLower: nil, changeUpper: nil,
            pValue: nil, samples: nil, verdict: .inconclusive, regressed: false, limit: limit, detail: "")
        if figure.unit == "hash" {
            let baseTexts = Set(baseline.compactMap(\.text))
            let nowTexts = Set(current.compactMap(\.text))
            row.baselineText = baseTexts.sorted().joined(separator: " / ")
            row.currentText = nowTexts.sorted().joined(separator: " / ")
            if baseTexts.isEmpty || nowTexts.isEmpty {
                row.detail = "measured on one side only"
            } else if !comparable {
                row.detail = "seed or scale differ: different events, not compared"
            } else if baseTexts == nowTexts && baseTexts.count == 1 {
                row.verdict = .noChange
                row.detail = "the same events"
            } else {
                row.verdict = .slower
                row.regressed = true
                row.detail = "the same seed and scale gave different events: the generator changed"
            }
            return row
        }
        let baseValues = baseline.compactMap(\.value)
        let nowValues = current.compactMap(\.value)
        guard !baseValues.isEmpty, !nowValues.isEmpty else {
            row.baselineText = baseValues.isEmpty ? "—" : text(worst(baseValues))
            row.currentText = nowValues.isEmpty ? "—" : text(worst(nowValues))
            row.detail =
                baseline.isEmpty || current.isEmpty
                ? "measured on the \(baseline.isEmpty ? "current" : "baseline") side only"
                : "not measured on the \(baseValues.isEmpty ? "baseline" : "current") side (null)"
            return row
        }
        let old = worst(baseValues)
        let new = worst(nowValues)
        row.baseline = old.isFinite ? old : nil
        row.current = new.isFinite ? new : nil
        row.baselineText = text(old)
        row.currentText = text(new)
        guard comparable else {
            row.detail = "seed or scale differ: different events, not compared"
            return row
        }
        let change = old == new ? 0 : new - old  // ∞ − ∞ is no change, not NaN
        row.change = change.isFinite ? change : nil
        row.relativeChange = old != 0 && change.isFinite && old.isFinite ? change / abs(old) : nil
        if change > figure.tolerance {
            row.verdict = .slower
            row.regressed = true
            row.detail = "rose by \(text(change)) (allowed: \(limit))"
        } else if change < -figure.tolerance {
            row.verdict = .faster
            row.detail = "fell by \(text(-change))"
        } else {
            row.verdict = .noChange
            row.detail = change == 0 ? "equal" : "within the tolerance"
        }
        return row
    }

    /// The highest value (every exact figure is worse when higher), with infinities kept (a lost estimate in one
    /// run is a lost estimate). `values` is not empty.
    static func worst(_ values: [Double]) -> Double {
        values.max(by: { $0 < $1 || ($0.isNaN && !$1.isNaN) })!
    }

    static func text(_ value: Double) -> String {
        value.isFinite ? String(format: "%.6g", value) : (value > 0 ? "∞" : value < 0 ? "-∞" : "NaN")
    }
}
