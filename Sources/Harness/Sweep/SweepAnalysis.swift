/// Fits, capacity table and targets of a sweep, from its finished points (recomputed after every point).
public enum SweepAnalysis {
    /// The fits, capacity table and targets of `document`'s points, written into it.
    public static func update(_ document: inout SweepDocument) {
        document.fits = fits(document)
        let clientAxis = document.axes.firstIndex { $0.parameter == .clients }
        var byFigure: [SweepFigure: GrowthFit] = [:]
        var range: ClosedRange<Double>?
        if let clientAxis {
            for fit in document.fits where fit.parameter == .clients {
                if let figure = SweepFigure(rawValue: fit.figure) { byFigure[figure] = fit.chosen }
            }
            let ns = slice(document, axis: clientAxis).map { $0.point.values[clientAxis] }
            if let low = ns.min(), let high = ns.max(), high > low { range = low...high }
        }
        document.capacity = CapacityTable.rows(
            fits: range == nil ? [:] : byFigure, range: range, budgets: document.budgets)
        document.targets = targets(document, clientAxis: clientAxis, fits: byFigure, range: range)
        // A sweep still running, or interrupted, is judged on none of its targets: the points still to come may
        // be the ones that decide them (the largest client count, a second overhead figure).
        if document.points.count < document.plannedPoints {
            let progress = "\(document.points.count) of \(document.plannedPoints) points have run"
            document.targets = document.targets.map {
                TargetOutcome(
                    target: $0.target, met: nil, detail: "not evaluated until every point has run (\(progress))")
            }
        }
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
                let pairs = points.compactMap { result in
                    result.value(figure).map { (n: result.point.values[axisIndex], y: $0) }
                }
                guard Set(pairs.map(\.n)).count >= 2, let chosen = GrowthFitter.best(pairs) else { continue }
                let expected = axis.parameter == .clients ? figure.expectedGrowth : nil
                let exponent = GrowthFitter.exponent(pairs)
                let flagged = expected.map { Self.worse(chosen, exponent: exponent, than: $0) } ?? false
                fits.append(
                    FigureFit(
                        figure: figure.rawValue, parameter: axis.parameter, points: pairs.map { [$0.n, $0.y] },
                        chosen: chosen, candidates: GrowthFitter.fits(pairs), expected: expected, flagged: flagged,
                        summary: summary(
                            figure, chosen, parameter: axis.parameter, expected: flagged ? expected : nil,
                            exponent: exponent),
                        exponent: exponent))
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

    /// Whether a fit grows faster than `expected` allows: a growing model above it, or a log–log slope above the
    /// model's own (0 for constant, 1 for linear; log and n·log n in between and just above) by more than
    /// ``GrowthFitter/minimumExponent`` — so a superlinear figure that the linear model fits is still flagged.
    static func worse(_ fit: GrowthFit, exponent: Double?, than expected: GrowthModel) -> Bool {
        if fit.model > expected && fit.b > 0 { return true }
        guard let exponent, fit.model != .constant else { return false }
        let allowed: Double =
            switch expected {
            case .constant: 0
            case .logarithmic: 0.1
            case .linear: 1
            case .nLogN: 1.1
            }
        return exponent > allowed + GrowthFitter.minimumExponent
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
        // 3. Scrape without per-client series constant in the number of clients.
        let scrapeTarget = "scrape of /metrics (per-client series off) constant in the number of clients"
        if let fit = fits[.scrape], range != nil {
            targets.append(
                TargetOutcome(
                    // Constant, or falling: a cost that does not grow with the population meets it.
                    target: scrapeTarget,
                    met: fit.model == .constant
                        || fit.value(at: range?.upperBound ?? 1) <= fit.value(at: range?.lowerBound ?? 1),
                    detail:
                        "\(fit.model.rawValue) fit, \(SweepFigure.scrape.format(fit.value(at: range?.lowerBound ?? 1))) → "
                        + "\(SweepFigure.scrape.format(fit.value(at: range?.upperBound ?? 1)))"))
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
