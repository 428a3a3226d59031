import Foundation

/// Fits, capacity table and targets of a sweep, from its finished points (recomputed after every point).
public enum SweepAnalysis {
    /// The fits, capacity table and targets of `document`'s points, written into it.
    public static func update(_ document: inout SweepDocument) {
        document.fits = fits(document)
        let clientAxis = document.axes.firstIndex { $0.parameter == .clients }
        var byFigure: [SweepFigure: GrowthFit] = [:]
        var flat: Set<SweepFigure> = []
        var range: ClosedRange<Double>?
        if let clientAxis {
            for fit in document.fits where fit.parameter == .clients {
                guard let figure = SweepFigure(rawValue: fit.figure) else { continue }
                byFigure[figure] = fit.chosen
                if fit.withinNoise == true { flat.insert(figure) }
            }
            let ns = slice(document, axis: clientAxis).map { $0.point.values[clientAxis] }
            if let low = ns.min(), let high = ns.max(), high > low { range = low...high }
        }
        document.capacity = CapacityTable.rows(
            fits: range == nil ? [:] : byFigure, range: range, budgets: document.budgets,
            noisyOverhead: clientAxis.flatMap { noisyOverhead(document, axis: $0) }, withinNoise: flat)
        document.targets = targets(document, clientAxis: clientAxis, fits: byFigure, range: range)
        // A sweep still running, or interrupted, is judged on none of its targets: the points still to come may
        // be the ones that decide them (the largest client count, a second overhead figure).
        if document.points.count < document.plannedPoints {
            let progress = "\(document.points.count) of \(document.plannedPoints) points have run"
            // A row without an answer yet says why: the points to come, not a missing flag or measurement.
            document.capacity = document.capacity.map { row in
                guard row.value == nil else { return row }
                var row = row
                row.note = "not computed yet (\(progress))"
                return row
            }
            document.targets = document.targets.map {
                TargetOutcome(
                    target: $0.target, met: nil, detail: "not evaluated until every point has run (\(progress))")
            }
        }
    }

    /// The overhead at the largest client count of the clients slice, when its 95 % interval reaches 0: its mean
    /// and half-width (ns); `nil` when it is resolved, or not measured.
    static func noisyOverhead(_ document: SweepDocument, axis: Int) -> (mean: Double, halfWidth: Double)? {
        let largest = slice(document, axis: axis).filter { $0.value(.overhead) != nil }
            .max { $0.point.values[axis] < $1.point.values[axis] }
        guard let largest, largest.overheadBelowNoise, let mean = largest.value(.overhead),
            let width = largest.overheadInterval95
        else { return nil }
        return (mean, width)
    }

    /// The points that show axis `axis` alone: in a one-at-a-time sweep those that vary it; in a cross product
    /// those where every other axis is at its first listed value. Failed points are left out.
    public static func slice(_ document: SweepDocument, axis: Int) -> [SweepPointResult] {
        document.points.filter { result in
            guard result.status != .failed else { return false }
            if document.oneAtATime { return result.point.varied == axis }
            return document.axes.indices.allSatisfy { other in
                other == axis || result.point.values[other] == document.axes[other].values.first
            }
        }
    }

    /// Every figure against every axis with at least two distinct values among its slice's points.
    static func fits(_ document: SweepDocument) -> [FigureFit] {
        var fits: [FigureFit] = []
        for (axisIndex, axis) in document.axes.enumerated() {
            let points = slice(document, axis: axisIndex)
            for figure in SweepFigure.allCases {
                let pairs = points.compactMap { result -> (n: Double, y: Double)? in
                    // An overhead whose 95 % interval reaches 0 is no cost to fit: it would be fitted as noise.
                    if figure == .overhead && result.overheadBelowNoise { return nil }
                    return result.value(figure).map { (n: result.point.values[axisIndex], y: $0) }
                }
                guard Set(pairs.map(\.n)).count >= 2, let chosen = GrowthFitter.best(pairs) else { continue }
                let expected = axis.parameter == .clients ? figure.expectedGrowth : nil
                let exponent = GrowthFitter.exponent(pairs)
                let withinNoise = chosen.model != .constant && !beyondNoise(figure, pairs)
                let flagged =
                    !withinNoise
                    && (expected.map { Self.worse(chosen, exponent: exponent, than: $0, points: pairs) } ?? false)
                fits.append(
                    FigureFit(
                        figure: figure.rawValue, parameter: axis.parameter, points: pairs.map { [$0.n, $0.y] },
                        chosen: chosen, candidates: GrowthFitter.fits(pairs), expected: expected, flagged: flagged,
                        summary: summary(
                            figure, chosen, parameter: axis.parameter, expected: flagged ? expected : nil,
                            exponent: exponent)
                            + (withinNoise ? " — within the noise: \(noiseNote(pairs))" : ""),
                        exponent: exponent, withinNoise: withinNoise ? true : nil))
            }
        }
        return fits
    }

    /// `bytes per client: constant, 481 B (±1.2 % across the range)`; `snapshot: linear, 0.9 µs per client
    /// (R² 0.99)`; with a flag when the growth is worse than `expected`.
    static func summary(
        _ figure: SweepFigure, _ fit: GrowthFit, parameter: SweepParameter, expected: GrowthModel?,
        exponent: Double? = nil
    ) -> String {
        let one = parameter.unit.hasSuffix("s") ? String(parameter.unit.dropLast()) : parameter.unit
        let r2 = "R² " + Formatting.fixed(fit.rSquared, digits: 2)
        var text: String
        switch fit.model {
        case .constant:
            text =
                "constant, \(figure.format(fit.a)) (±\(Formatting.percent(fit.maxRelativeDeviation)) across the range)"
        case .logarithmic:
            text = "logarithmic, \(figure.format(fit.b * 2.302585092994046)) per tenfold \(parameter.unit) (\(r2))"
        case .linear:
            text = "linear, \(figure.format(fit.b)) per \(one) (\(r2))"
        case .nLogN:
            text = "n·log n, \(figure.format(fit.b)) per \(one)·ln(\(parameter.unit)) (\(r2))"
        }
        if fit.model != .constant && fit.rSquared < GrowthFitter.minimumRSquared {
            text += ", a poor fit: no model explains it well"
        }
        if let exponent, fit.model != .constant {
            text += "; grows as n^" + Formatting.fixed(exponent, digits: 2)
        }
        if let expected {
            text += " — FLAG: grows faster than the design's \(expected.rawValue)"
        }
        return "\(figure.title) vs \(parameter.rawValue): \(text)"
    }

    /// How much a timed figure (nanoseconds) must change between the smallest and the largest size, as a ratio
    /// either way, before its change is more than noise: two runs of one point on these shared 2-core VMs differed
    /// by up to 2× (a scrape of 150 µs and of 300 µs at the same 50 clients).
    public static let timedNoiseRatio = 2.0

    /// Whether `figure`'s change across `points` is beyond the noise: always for a figure that is not a time
    /// (bytes and counts repeat exactly); for a time, a ratio of more than ``timedNoiseRatio`` between its values
    /// at the largest and the smallest size.
    static func beyondNoise(_ figure: SweepFigure, _ points: [(n: Double, y: Double)]) -> Bool {
        guard figure.unit == .nanoseconds else { return true }
        guard let ratio = endRatio(points) else { return false }
        return ratio > timedNoiseRatio || ratio < 1 / timedNoiseRatio
    }

    /// The value at the largest size over the value at the smallest; `nil` without two sizes or positive values.
    static func endRatio(_ points: [(n: Double, y: Double)]) -> Double? {
        ends(points).map { $0.last.y / $0.first.y }
    }

    /// `largest over smallest 1.4×, a timed figure needs more than 2×`.
    static func noiseNote(_ points: [(n: Double, y: Double)]) -> String {
        let ratio = endRatio(points).map { Formatting.fixed($0, digits: 2) + "×" } ?? "—"
        return "largest size over smallest \(ratio); a time must change by more than "
            + "\(Formatting.fixed(timedNoiseRatio, digits: 0))× to count"
    }

    /// Whether a fit grows faster than `expected` allows, by more than a sweep's noise.
    ///
    /// - A growing model above a growing `expected` (`fit.model > expected`, `b > 0`: n·log n against linear) is a
    ///   flag when the points support the model: three sizes or more (two sizes fit every model exactly) and an R²
    ///   of at least ``GrowthFitter/minimumRSquared``.
    /// - Otherwise a flag needs the log–log slope (``GrowthFitter/exponent(_:)``) above the model's own (0 for
    ///   constant, 1 for linear; log and n·log n in between and just above) by more than
    ///   ``GrowthFitter/minimumExponent``, so a superlinear figure that the linear model fits is still flagged; and
    ///   when no model fits the points well, the slope from the smallest to the largest size must say so too. A
    ///   figure that scatters (timing noise at small populations: 30 µs, 80 µs, 35 µs) is not a growth.
    static func worse(
        _ fit: GrowthFit, exponent: Double?, than expected: GrowthModel, points: [(n: Double, y: Double)] = []
    ) -> Bool {
        guard fit.model != .constant else { return false }
        let sizes = Set(points.map(\.n)).count
        let supported = fit.rSquared >= GrowthFitter.minimumRSquared && sizes >= 3
        // Against constant only the slope counts: a timed figure drifts by 10–30 % between runs on a shared
        // machine, so a small smooth rise (30 µs → 36 µs over 100× clients) is no evidence of growth.
        if supported && expected != .constant && fit.model > expected && fit.b > 0 { return true }
        guard let exponent else { return false }
        let allowed: Double =
            switch expected {
            case .constant: 0
            case .logarithmic: 0.1
            case .linear: 1
            case .nLogN: 1.1
            }
        let limit = allowed + GrowthFitter.minimumExponent
        guard exponent > limit else { return false }
        if fit.rSquared >= GrowthFitter.minimumRSquared || points.isEmpty { return true }
        return (endToEndExponent(points) ?? 0) > limit
    }

    /// The log–log slope between the smallest and the largest size: `ln(y_last / y_first) / ln(n_last / n_first)`;
    /// `nil` without two sizes or with a value that is not positive.
    static func endToEndExponent(_ points: [(n: Double, y: Double)]) -> Double? {
        guard let (first, last) = ends(points) else { return nil }
        return log(last.y / first.y) / log(last.n / first.n)
    }

    /// The points at the smallest and the largest size, among those with a positive, finite size and value; `nil`
    /// without two sizes.
    static func ends(_ points: [(n: Double, y: Double)]) -> (
        first: (n: Double, y: Double), last: (n: Double, y: Double)
    )? {
        let usable = points.filter { $0.n > 0 && $0.y > 0 && $0.n.isFinite && $0.y.isFinite }
        guard let first = usable.min(by: { $0.n < $1.n }), let last = usable.max(by: { $0.n < $1.n }),
            last.n > first.n
        else { return nil }
        return (first, last)
    }

    /// The four targets.
    static func targets(
        _ document: SweepDocument, clientAxis: Int?, fits: [SweepFigure: GrowthFit], range: ClosedRange<Double>?
    ) -> [TargetOutcome] {
        var targets: [TargetOutcome] = []
        let noClients = "not evaluated: clients not varied"
        // 1. Overhead at the largest size within 2× of the smallest (unless the intervals say otherwise).
        let overheadTarget = "overhead per event at the largest client count within 2× of the smallest"
        if let clientAxis {
            let points = slice(document, axis: clientAxis).filter { $0.value(.overhead) != nil }
                .sorted { $0.point.values[clientAxis] < $1.point.values[clientAxis] }
            if let small = points.first, let large = points.last, points.count >= 2 {
                let smallValue = small.value(.overhead) ?? 0
                let largeValue = large.value(.overhead) ?? 0
                let smallHigh = smallValue + (small.overheadInterval95 ?? 0)
                let largeLow = largeValue - (large.overheadInterval95 ?? 0)
                targets.append(
                    TargetOutcome(
                        target: overheadTarget, met: largeLow <= 2 * smallHigh,
                        detail:
                            "\(SweepFormat.overhead(large)) at \(large.point.labels[clientAxis]) vs "
                            + "\(SweepFormat.overhead(small)) at \(small.point.labels[clientAxis]) "
                            + "(missed only when the larger's lower bound exceeds 2× the smaller's upper bound)"))
            } else {
                targets.append(
                    TargetOutcome(target: overheadTarget, met: nil, detail: "fewer than two overhead figures"))
            }
        } else {
            targets.append(TargetOutcome(target: overheadTarget, met: nil, detail: noClients))
        }
        // 2. Bytes per client ≤ 384 at the largest client count, when it is 100 k or more (below, the fixed-size
        // chunks the records and the directory grow by dominate, and the figure says little about scale).
        let bytesTarget = "bytes per client ≤ 384 at the largest client count (100 k or more)"
        if let clientAxis {
            let largest = slice(document, axis: clientAxis).filter { $0.value(.bytesPerClient) != nil }
                .max { $0.point.values[clientAxis] < $1.point.values[clientAxis] }
            if let largest, let bytes = largest.value(.bytesPerClient) {
                let clients = largest.point.values[clientAxis]
                targets.append(
                    TargetOutcome(
                        target: bytesTarget, met: clients >= 100_000 ? bytes <= 384 : nil,
                        detail: clients >= 100_000
                            ? "\(SweepFigure.bytesPerClient.format(bytes)) at \(largest.point.labels[clientAxis])"
                            : "not evaluated: the largest client count, \(largest.point.labels[clientAxis]), is below 100 k"
                    ))
            } else {
                targets.append(
                    TargetOutcome(
                        target: bytesTarget, met: nil,
                        detail: "no bytes-per-client figure (the scenario needs the memory measurement)"))
            }
        } else {
            targets.append(TargetOutcome(target: bytesTarget, met: nil, detail: noClients))
        }
        // 3. Scrape without per-client series constant in the number of clients: met unless its growth is
        // beyond the sweep's noise (the same rule that flags a figure, ``worse(_:exponent:than:points:)``).
        let scrapeTarget = "scrape of /metrics (per-client series off) constant in the number of clients"
        if let fit = fits[.scrape], range != nil,
            let scrape = document.fits.first(where: {
                $0.figure == SweepFigure.scrape.rawValue && $0.parameter == .clients
            })
        {
            targets.append(
                TargetOutcome(
                    target: scrapeTarget, met: !scrape.flagged,
                    detail:
                        "\(fit.model.rawValue) fit, \(SweepFigure.scrape.format(fit.value(at: range?.lowerBound ?? 1))) → "
                        + "\(SweepFigure.scrape.format(fit.value(at: range?.upperBound ?? 1)))"
                        + (scrape.exponent.map { ", grows as n^" + Formatting.fixed($0, digits: 2) } ?? "")
                        + (!scrape.flagged && fit.model != .constant && fit.b > 0
                            ? " (growth within the noise allowance)" : "")))
        } else {
            targets.append(TargetOutcome(target: scrapeTarget, met: nil, detail: noClients))
        }
        // 4. One million clients in less than 1 GiB.
        let millionTarget = "1 M clients in < 1 GiB"
        if let fit = fits[.bytesPerClient], let range {
            let bytes = 1e6 * fit.value(at: 1e6)
            let extrapolated = !range.contains(1e6)
            targets.append(
                TargetOutcome(
                    target: millionTarget, met: bytes < 1_073_741_824,
                    detail: "\(Formatting.bytes(bytes)) for 1 M clients (\(fit.model.rawValue) fit of bytes per client"
                        + (extrapolated ? ", extrapolated beyond the swept range)" : ")")))
        } else {
            targets.append(TargetOutcome(target: millionTarget, met: nil, detail: noClients))
        }
        return targets
    }
}
