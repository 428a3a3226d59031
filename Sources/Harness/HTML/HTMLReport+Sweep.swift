extension HTMLReport {
    /// The page of a sweep (`report.html` beside `sweep.json`): the targets, the capacity table, then each figure
    /// against each swept parameter with its fitted curve, and the points table. Complete or partial: written
    /// after every point, like `report.md`.
    public static func sweepPage(_ document: SweepDocument) -> String {
        let missed = document.targets.filter { $0.met == false }.count
        let failed = document.points.filter { $0.status != .ok }.count
        let status = Status(
            passed: document.passed,
            text: document.passed
                ? "every point ran, every target met"
                : [
                    document.points.count < document.plannedPoints
                        ? "\(document.points.count) of \(document.plannedPoints) points" : nil,
                    failed > 0 ? "\(failed) point\(failed == 1 ? "" : "s") failed or missed a check" : nil,
                    missed > 0 ? "\(missed) target\(missed == 1 ? "" : "s") missed" : nil,
                ].compactMap { $0 }.joined(separator: ", "))
        let kind = document.oneAtATime ? "one parameter at a time" : "cross product"
        let subtitle =
            "\(document.scenarioFile): \(document.points.count) of \(document.plannedPoints) points (\(kind)), "
            + "started \(document.startedAt), statsbench \(document.toolVersion)"
        var sections = [
            Section(title: "Targets", blocks: [targetsTable(document)]),
            Section(title: "Capacity", blocks: [capacityTable(document)]),
        ]
        sections.append(Section(title: "Fitted growth", blocks: fitBlocks(document)))
        sections.append(Section(title: "Points", blocks: [pointsTable(document)]))
        return sweepPage(title: "Sweep: \(document.scenario)", subtitle: subtitle, status: status, sections: sections)
    }

    static func targetsTable(_ document: SweepDocument) -> Block {
        guard !document.targets.isEmpty else { return .paragraph("No targets evaluated yet.") }
        return .table(
            header: ["target", "verdict", "figures"],
            rows: document.targets.map { target in
                let verdict: Cell =
                    switch target.met {
                    case true?: Cell("met", tone: .good)
                    case false?: Cell("missed", tone: .bad)
                    case nil: Cell("not evaluated", tone: .muted)
                    }
                return [Cell(target.target), verdict, Cell(target.detail)]
            })
    }

    static func capacityTable(_ document: SweepDocument) -> Block {
        guard !document.capacity.isEmpty else {
            return .paragraph("No capacity table: it needs fits against the number of clients (vary clients).")
        }
        return .table(
            header: ["question", "answer", "how"],
            rows: document.capacity.map { row in
                let answer = SweepFormat.capacity(row) + (row.extrapolated && row.value != nil ? " (extrapolated)" : "")
                return [
                    Cell(row.question), Cell(answer, tone: row.extrapolated ? .warning : .plain, numeric: true),
                    Cell(row.note),
                ]
            })
    }

    /// One chart per fit: the points and the chosen model's curve, on log axes where the values span a decade.
    static func fitBlocks(_ document: SweepDocument) -> [Block] {
        guard !document.fits.isEmpty else {
            return [.paragraph("No fits yet: a fit needs two points with different values of a parameter.")]
        }
        var blocks: [Block] = [
            .paragraph(
                "Least squares with relative weights; the simplest model that explains the figure is chosen "
                    + "(docs/sweep-format.md). A flagged figure grows faster than the design allows.")
        ]
        for fit in document.fits {
            let points = fit.points.compactMap { pair -> (x: Double, y: Double)? in
                pair.count == 2 ? (x: pair[0], y: pair[1]) : nil
            }
            let figure = SweepFigure(rawValue: fit.figure)
            let chosen = fit.chosen
            let spans = { (values: [Double]) -> Bool in
                guard let low = values.filter({ $0 > 0 }).min(), let high = values.max() else { return false }
                return high / low >= 10
            }
            let svg = SVGChart.fitted(
                points: points, curve: { chosen.value(at: $0) },
                xLabel: fit.parameter.unit, yLabel: figure?.title ?? fit.figure,
                xLog: spans(points.map(\.x)), yLog: spans(points.map(\.y)),
                xUnit: fit.parameter == .rate ? .perSecond : .number(), yUnit: chartUnit(figure),
                title: "\(figure?.title ?? fit.figure) vs \(fit.parameter.rawValue)")
            // The summary (model, slope, R², exponent, flag) is a line of text above its chart: too long for a
            // chart title.
            blocks.append(.paragraph(fit.summary))
            blocks.append(.chart(svg))
            if fit.flagged {
                blocks.append(
                    .note(
                        "\(figure?.title ?? fit.figure) grows \(fit.chosen.model.rawValue) in "
                            + "\(fit.parameter.unit); the design allows at most "
                            + "\(fit.expected?.rawValue ?? "—").", tone: .bad))
            }
        }
        return blocks
    }

    static func chartUnit(_ figure: SweepFigure?) -> SVGChart.Unit {
        switch figure?.unit {
        case .nanoseconds?: .nanoseconds
        case .bytes?: .bytes
        case .rate?: .perSecond
        case .count?, nil: .number()
        }
    }

    static func pointsTable(_ document: SweepDocument) -> Block {
        let shown: [SweepFigure] = [
            .overhead, .bytesPerClient, .residentBytes, .allocationsPerEvent, .snapshot, .scrape, .statsFile,
            .windowQuery,
        ]
        let header = ["#"] + document.axes.map(\.parameter.rawValue) + ["status"] + shown.map(\.title) + ["time"]
        let rows = document.points.map { result -> [Cell] in
            var cells = [Cell("\(result.point.index + 1)", numeric: true)]
            cells += result.point.labels.map { Cell($0, numeric: true) }
            cells.append(
                Cell(
                    result.status.rawValue,
                    tone: result.status == .ok ? .good : result.status == .failed ? .bad : .warning,
                    link: result.runDirectory.map { $0 + "/report.html" }))
            cells += shown.map {
                Cell($0 == .overhead ? SweepFormat.overhead(result) : $0.format(result.value($0)), numeric: true)
            }
            cells.append(Cell(Formatting.duration(seconds: result.seconds), numeric: true))
            return cells
        }
        return .table(header: header, rows: rows)
    }
}
