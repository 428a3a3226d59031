import Foundation
import StatsExport

/// `compare.md`: a GitHub-flavoured summary fit for a pull-request comment.
public enum CompareMarkdown {
    /// The whole document.
    public static func render(_ report: ComparisonReport) -> String {
        var lines = [
            "# statsbench compare: "
                + (report.passed
                    ? "no regression" : "\(report.regressions) regression\(report.regressions == 1 ? "" : "s")"),
            "",
            "- baseline: \(describe(report.baseline))",
            "- current: \(describe(report.current))",
            "- timed figures: Mann–Whitney U (α = \(report.settings.rule.alpha)) on the pairs and a 95 % bootstrap "
                + "interval of the change of medians (one run a side), or \(report.settings.rule.runTestDescription) "
                + "(two runs or more on both sides); minimum effect \(Formatting.percent(report.settings.rule.minimumEffect)) "
                + "or \(Formatting.duration(nanoseconds: report.settings.rule.minimumEffectNanoseconds)); "
                + (report.settings.timedGate
                    ? "a slower figure fails when its change is above +"
                        + "\(Formatting.percent(report.settings.allowedSlowdown))"
                    : "timed figures do not gate"),
        ]
        if !report.notes.isEmpty { lines += ["", "**Notes**", ""] + report.notes.map { "- ⚠️ " + $0 } }
        for scenario in orderedUnique(report.rows.map(\.scenario)) {
            let rows = report.rows.filter { $0.scenario == scenario }
            lines += ["", "## \(scenario)", ""]
            let timed = rows.filter { $0.kind == "timed" }
            if !timed.isEmpty {
                lines += [
                    "| figure | baseline | current | change | 95 % interval | p | samples | verdict |",
                    "|---|---:|---:|---:|---:|---:|---:|---|",
                ]
                lines += timed.map { row in
                    "| \(ReportRenderer.markdownCell(row.figure)) | \(row.baselineText) | \(row.currentText) | \(change(row)) | \(interval(row)) | "
                        + "\(row.pValue.map { String(format: "%.3g", $0) } ?? "—") | "
                        + "\(samples(row)) | \(verdict(row)) |"
                }
                lines.append("")
            }
            let exact = rows.filter { $0.kind == "exact" }
            let shown = exact.filter { $0.verdict != .noChange }
            if !shown.isEmpty {
                lines += [
                    "| exact figure | baseline | current | change | limit | verdict |", "|---|---:|---:|---:|---|---|",
                ]
                lines += shown.map {
                    "| \(ReportRenderer.markdownCell($0.figure)) | \($0.baselineText) | \($0.currentText) | \(change($0)) | \($0.limit) | "
                        + "\(verdict($0)) — \($0.detail) |"
                }
                lines.append("")
            }
            let unchanged = exact.count - shown.count
            if unchanged > 0 {
                lines.append(
                    ReportRenderer.markdownCell(unchangedExact(exact.filter { $0.verdict == .noChange }.map(\.figure))))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `3 exact figures unchanged: generator.hash, …`: the names of the exact figures that did not change, the
    /// first six and a count of the rest (plain text; the Markdown and HTML pages escape it their own way).
    static func unchangedExact(_ names: [String]) -> String {
        let listed = names.prefix(6).joined(separator: ", ")
        return "\(names.count) exact figure\(names.count == 1 ? "" : "s") unchanged: \(listed)"
            + (names.count > 6 ? " and \(names.count - 6) more." : ".")
    }

    static func describe(_ side: ComparedSide) -> String {
        "\(side.files.count) result\(side.files.count == 1 ? "" : "s") (\(side.scenarios.joined(separator: ", "))), "
            + "schema \(side.schemaVersions.map(String.init).joined(separator: "/")), "
            + side.machines.joined(separator: "; ")
            + (side.gitRevisions.isEmpty ? "" : ", revision \(side.gitRevisions.joined(separator: ", "))")
    }

    static func verdict(_ row: FigureComparison) -> String {
        row.regressed
            ? "**\(row.verdict.rawValue)** ❌" : row.verdict == .slower ? "slower (allowed)" : row.verdict.rawValue
    }

    /// `40 / 38`, or `120 / 118 (5 / 5 runs)` when the runs were the samples of the test.
    static func samples(_ row: FigureComparison) -> String {
        guard let samples = row.samples, samples.count == 2 else { return "—" }
        let text = "\(samples[0]) / \(samples[1])"
        guard let runs = row.runs, runs.count == 2, runs[0] >= 2, runs[1] >= 2 else { return text }
        return text + " (\(runs[0]) / \(runs[1]) runs)"
    }

    /// `+12.3 ns (+8.5 %)`.
    static func change(_ row: FigureComparison) -> String {
        guard let change = row.change else { return "—" }
        let absolute = row.unit == "ns" ? Formatting.duration(nanoseconds: change) : String(format: "%.4g", change)
        let sign = change > 0 ? "+" : ""
        guard let relative = row.relativeChange else { return sign + absolute }
        return sign + absolute + " (\(relative > 0 ? "+" : "")\(String(format: "%.1f", relative * 100)) %)"
    }

    static func interval(_ row: FigureComparison) -> String {
        guard let lower = row.changeLower, let upper = row.changeUpper else { return "—" }
        func text(_ value: Double) -> String {
            row.unit == "ns" ? Formatting.duration(nanoseconds: value) : String(format: "%.3g", value)
        }
        return "[\(text(lower)), \(text(upper))]"
    }

    static func orderedUnique(_ values: [String]) -> [String] {
        var seen: Set<String> = []
        return values.filter { seen.insert($0).inserted }
    }
}

/// JUnit XML (`testsuites` › `testsuite` per scenario › `testcase` per figure, `failure` for a regression,
/// `skipped` for an inconclusive figure): the format CI systems read.
public enum CompareJUnit {
    /// The whole document.
    public static func render(_ report: ComparisonReport) -> String {
        let scenarios = CompareMarkdown.orderedUnique(report.rows.map(\.scenario))
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            "<testsuites name=\"statsbench compare\" tests=\"\(report.rows.count)\" "
                + "failures=\"\(report.regressions)\" errors=\"0\" time=\"0\">",
        ]
        for scenario in scenarios {
            let rows = report.rows.filter { $0.scenario == scenario }
            lines.append(
                "  <testsuite name=\"\(escape(scenario))\" tests=\"\(rows.count)\" "
                    + "failures=\"\(rows.filter(\.regressed).count)\" errors=\"0\" "
                    + "skipped=\"\(rows.filter { $0.verdict == .inconclusive }.count)\" time=\"0\">")
            for row in rows {
                let open =
                    "    <testcase classname=\"statsbench.\(escape(scenario))\" name=\"\(escape(row.figure))\" time=\"0\""
                if row.regressed {
                    let message =
                        "\(row.figure): \(row.verdict.rawValue), change \(CompareMarkdown.change(row)) "
                        + "(\(row.baselineText) → \(row.currentText)), limit: \(row.limit)"
                    lines += [
                        open + ">",
                        "      <failure message=\"\(escape(message))\" type=\"regression\">\(escape(row.detail))</failure>",
                        "    </testcase>",
                    ]
                } else if row.verdict == .inconclusive {
                    lines += [
                        open + ">", "      <skipped message=\"\(escape("inconclusive: " + row.detail))\"/>",
                        "    </testcase>",
                    ]
                } else {
                    lines += [
                        open + ">",
                        "      <system-out>\(escape("\(row.verdict.rawValue): \(row.baselineText) → \(row.currentText)"))</system-out>",
                        "    </testcase>",
                    ]
                }
            }
            lines.append("  </testsuite>")
        }
        lines.append("</testsuites>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// XML text and attribute escaping: the one the HTML report uses (``SVGChart/escape(_:)``; `'` as `&#39;`,
    /// characters XML 1.0 forbids as U+FFFD).
    static func escape(_ text: String) -> String { SVGChart.escape(text) }
}

/// Writes a comparison's files.
public enum CompareWriter {
    /// Writes `compare.md`, `compare.json` and `compare.html` into `directory` and, if given, the JUnit XML to
    /// `junit`; each atomically. Returns the paths written.
    ///
    /// - Throws: ``HarnessError/output(path:reason:)`` naming the file that could not be written.
    @discardableResult
    public static func write(_ report: ComparisonReport, directory: URL, junit: URL?) throws(HarnessError) -> [String] {
        let markdown = directory.appendingPathComponent("compare.md")
        try ResultWriter.writeAtomically(Data(CompareMarkdown.render(report).utf8), to: markdown)
        let json = directory.appendingPathComponent("compare.json")
        let data: Data
        do {
            data = try JSONNumbers.encoder().encode(report)
        } catch {
            throw .output(path: json.path, reason: "cannot encode the comparison: \(error)")
        }
        try ResultWriter.writeAtomically(data, to: json)
        // Not `report.html`: `run --baseline` compares into the run's directory, where the index page is.
        let page = directory.appendingPathComponent("compare.html")
        try ResultWriter.writeAtomically(Data(HTMLReport.comparePage(report).utf8), to: page)
        var written = [markdown.path, json.path, page.path]
        if let junit {
            try ResultWriter.writeAtomically(Data(CompareJUnit.render(report).utf8), to: junit)
            written.append(junit.path)
        }
        return written
    }
}
