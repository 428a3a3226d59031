extension HTMLReport {
    /// The page of a comparison (`report.html` beside `compare.md`): the two sides, the notes, then per scenario a
    /// chart of each timed figure's change with its 95 % interval and a table of figure / baseline / current /
    /// change / interval / verdict with coloured verdicts.
    public static func comparePage(_ report: ComparisonReport) -> String {
        let status = Status(
            passed: report.passed,
            text: report.passed
                ? "no regression"
                : "\(report.regressions) regression\(report.regressions == 1 ? "" : "s")")
        var overview: [Block] = [
            .table(
                header: ["side", "results"],
                rows: [
                    ["baseline", Cell(CompareMarkdown.describe(report.baseline))],
                    ["current", Cell(CompareMarkdown.describe(report.current))],
                ]),
            .paragraph(
                "Timed figures: with one run a side, Mann–Whitney U (α = \(report.settings.rule.alpha)) on the pairs "
                    + "and a 95 % bootstrap interval of the change of medians; with two runs or more on both sides, "
                    + "\(report.settings.rule.runTestDescription) and its 95 % interval. Minimum effect "
                    + "\(Formatting.percent(report.settings.rule.minimumEffect))."
            ),
        ]
        if !report.notes.isEmpty { overview += [.heading("Notes"), .list(report.notes)] }
        var sections = [Section(title: "Sides", blocks: overview)]
        for scenario in orderedUnique(report.rows.map(\.scenario)) {
            sections.append(compareSection(scenario, rows: report.rows.filter { $0.scenario == scenario }))
        }
        return page(title: "statsbench compare", subtitle: nil, status: status, sections: sections)
    }

    static func compareSection(_ scenario: String, rows: [FigureComparison]) -> Section {
        var blocks: [Block] = []
        let timed = rows.filter { $0.kind == "timed" }
        if !timed.isEmpty {
            for unit in orderedUnique(timed.map(\.unit)) {
                let bars = timed.filter { $0.unit == unit }.compactMap { row -> SVGChart.Bar? in
                    guard let change = row.change else { return nil }
                    return SVGChart.Bar(
                        label: row.figure, value: change, lower: row.changeLower, upper: row.changeUpper)
                }
                guard !bars.isEmpty else { continue }
                blocks.append(
                    .chart(
                        SVGChart.bars(
                            title: "change of the median (current − baseline, 95 % interval), \(unit)", bars: bars,
                            unit: unit == "ns" ? .nanoseconds : .number(suffix: unit),
                            crossingZeroNote: "within the noise")))
            }
            blocks.append(.table(header: header, rows: timed.map(compareRow)))
        }
        let exact = rows.filter { $0.kind == "exact" }
        let shown = exact.filter { $0.verdict != .noChange }
        if !shown.isEmpty {
            blocks += [.heading("Exact figures that changed"), .table(header: header, rows: shown.map(compareRow))]
        }
        if exact.count > shown.count {
            blocks.append(
                .paragraph(CompareMarkdown.unchangedExact(exact.filter { $0.verdict == .noChange }.map(\.figure))))
        }
        return Section(title: scenario, blocks: blocks)
    }

    static let header = ["figure", "baseline", "current", "change", "interval", "verdict", "why"]

    static func compareRow(_ row: FigureComparison) -> [Cell] {
        [
            Cell(row.figure), Cell(row.baselineText, numeric: true), Cell(row.currentText, numeric: true),
            Cell(CompareMarkdown.change(row), numeric: true), Cell(CompareMarkdown.interval(row), numeric: true),
            Cell(
                row.regressed
                    ? "\(row.verdict.rawValue): REGRESSED"
                    : row.verdict == .slower ? "slower (allowed)" : row.verdict.rawValue, tone: tone(row)),
            Cell(row.detail + (row.limit.isEmpty ? "" : " (limit: \(row.limit))")),
        ]
    }

    static func tone(_ row: FigureComparison) -> Tone {
        if row.regressed { return .bad }
        switch row.verdict {
        case .faster: return .good
        case .slower, .inconclusive: return .warning
        case .noChange: return .muted
        }
    }
}
