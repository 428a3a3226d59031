import Foundation

/// Number text for sweep labels.
enum SweepFormat {
    /// `1000`, `2.5`, `20000` — a value without a unit, as short as it stays exact.
    static func plain(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// A point's overhead per event with its 95 % interval: `52.1 ns ± 4.3 ns`, or `below the noise (±400.8 ns)`
    /// when the interval reaches 0 — the same rule as a run's report, never a cost the data cannot support.
    static func overhead(_ result: SweepPointResult) -> String {
        guard let value = result.value(.overhead), value.isFinite else { return "—" }
        guard let width = result.overheadInterval95, width.isFinite else { return SweepFigure.overhead.format(value) }
        let text = SweepFigure.overhead.format(width)
        return result.overheadBelowNoise
            ? "below the noise (±\(text))" : SweepFigure.overhead.format(value) + " ± " + text
    }

    /// A capacity answer: `2,147,483 clients`, `12.5 M/s`.
    static func capacity(_ row: CapacityRow) -> String {
        guard let value = row.value else { return "—" }
        let text =
            (row.atLeast == true ? "≥ " : "")
            + (row.unit == "events/s" ? Formatting.rate(value) : Formatting.count(value))
        return row.unit == "events/s" ? text : text + " " + row.unit
    }
}

/// `report.md` of a sweep: the points table, the fits, the capacity table and the targets.
public enum SweepReport {
    /// The report of `document` (complete or partial).
    public static func markdown(_ document: SweepDocument) -> String {
        var lines: [String] = []
        lines.append("# Sweep: \(document.scenario)")
        lines.append("")
        let kind = document.oneAtATime ? "one parameter at a time" : "cross product"
        lines.append(
            "Scenario file `\(document.scenarioFile)`, \(document.points.count) of \(document.plannedPoints) points "
                + "(\(kind)), started \(document.startedAt), statsbench \(document.toolVersion).")
        lines.append(
            "Cold paths: median of up to \(ColdPathTimer.repetitions) timed repetitions after one warm-up, on the "
                + "statsbench sink's pipeline right after its drive.")
        lines.append("")
        lines.append("## Points")
        lines.append("")
        let shown: [SweepFigure] = [
            .overhead, .recordP99, .recordP999, .bytesPerClient, .residentBytes, .allocationsPerEvent,
            .generatorEventsPerSecond, .snapshot, .scrape, .scrapePerClient, .healthPage, .statsFile, .windowQuery,
        ]
        lines.append(
            "| # | " + document.axes.map(\.parameter.rawValue).joined(separator: " | ") + " | status | "
                + shown.map(\.title).joined(separator: " | ") + " | time |")
        lines.append("|" + String(repeating: "---|", count: 4 + document.axes.count + shown.count - 1))
        for result in document.points {
            var cells = ["\(result.point.index + 1)"] + result.point.labels
            cells.append(result.status.rawValue)
            for figure in shown {
                cells.append(figure == .overhead ? SweepFormat.overhead(result) : figure.format(result.value(figure)))
            }
            cells.append(Formatting.duration(seconds: result.seconds))
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        let failures = document.points.filter { $0.error != nil }
        if !failures.isEmpty {
            lines.append("")
            for failure in failures {
                lines.append("- point \(failure.point.index + 1) failed: \(failure.error ?? "")")
            }
        }
        lines.append("")
        lines.append("## Fitted growth")
        lines.append("")
        lines.append(
            "Least squares with relative weights; a growth model is chosen over the constant when R² ≥ "
                + "\(GrowthFitter.minimumRSquared) and it changes ≥ \(Int(GrowthFitter.minimumChange * 100)) % across "
                + "the range, a more complex one over a simpler one when it halves the unexplained variance "
                + "(docs/sweep-format.md).")
        lines.append("")
        if document.fits.isEmpty { lines.append("No fits yet: a fit needs two points with different values.") }
        for fit in document.fits { lines.append("- " + fit.summary) }
        lines.append("")
        lines.append("## Capacity")
        lines.append("")
        lines.append("| question | answer | how |")
        lines.append("|---|---|---|")
        for row in document.capacity {
            let answer = SweepFormat.capacity(row) + (row.extrapolated && row.value != nil ? " (extrapolated)" : "")
            lines.append("| \(row.question) | \(answer) | \(row.note) |")
        }
        lines.append("")
        lines.append("## Targets")
        lines.append("")
        for target in document.targets {
            let verdict = target.met.map { $0 ? "met" : "MISSED" } ?? "not evaluated"
            lines.append("- **\(verdict)**: \(target.target) — \(target.detail)")
        }
        lines.append("")
        return lines.joined(separator: "\n")
    }
}
