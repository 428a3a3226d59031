import Foundation

extension HTMLReport {
    /// One scenario of a run directory's index page.
    public struct IndexEntry: Sendable {
        /// The scenario's name (its page is `<name>/report.html`).
        public var scenario: String
        /// Whether it passed.
        public var passed: Bool
        /// Its one-line summary, e.g. the number of events and failed thresholds; for a scenario that could not
        /// run, why.
        public var summary: String
        /// Whether it ran and has a page: `false` for a scenario file that could not be loaded or run.
        public var ran: Bool

        /// Creates an entry.
        public init(scenario: String, passed: Bool, summary: String, ran: Bool = true) {
            self.scenario = scenario
            self.passed = passed
            self.summary = summary
            self.ran = ran
        }

        /// The entry of a scenario file that could not run: no page, the verdict "could not run", and `reason`.
        public static func couldNotRun(file: String, reason: String) -> IndexEntry {
            IndexEntry(scenario: file, passed: false, summary: reason, ran: false)
        }
    }

    /// The index of a run directory (`report.html` beside `summary.txt`): one row per scenario linking its page.
    public static func indexPage(_ entries: [IndexEntry]) -> String {
        let failed = entries.filter { !$0.passed && $0.ran }.count
        let broken = entries.filter { !$0.ran }.count
        let rows = entries.map { entry -> [Cell] in
            [
                entry.ran ? Cell(entry.scenario, link: pageLink(entry.scenario)) : Cell(entry.scenario),
                !entry.ran
                    ? Cell("could not run", tone: .bad)
                    : entry.passed ? Cell("passed", tone: .good) : Cell("FAILED", tone: .bad),
                Cell(entry.summary),
            ]
        }
        let faults =
            (failed > 0 ? ["\(failed) of \(entries.count) scenarios failed"] : [])
            + (broken > 0 ? ["\(broken) of \(entries.count) could not run"] : [])
        return page(
            title: "statsbench run", subtitle: "\(entries.count) scenario\(entries.count == 1 ? "" : "s")",
            status: Status(
                passed: faults.isEmpty, text: faults.isEmpty ? "PASSED" : "FAILED: " + faults.joined(separator: ", ")),
            sections: [
                Section(title: "Scenarios", blocks: [.table(header: ["scenario", "verdict", "summary"], rows: rows)])
            ])
    }

    /// The relative link to a scenario's page, its name percent-encoded as one path segment.
    static func pageLink(_ scenario: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return (scenario.addingPercentEncoding(withAllowedCharacters: allowed) ?? "scenario") + "/report.html"
    }
}

/// Writes the HTML pages beside the Markdown ones.
public enum HTMLWriter {
    /// Writes `report.html` for a run's index into `directory`, atomically.
    ///
    /// - Throws: ``HarnessError/output(path:reason:)`` naming the file that could not be written.
    public static func writeIndex(_ entries: [HTMLReport.IndexEntry], directory: URL) throws(HarnessError) {
        try ResultWriter.writeAtomically(
            Data(HTMLReport.indexPage(entries).utf8), to: directory.appendingPathComponent("report.html"))
    }
}

extension HTMLReport.IndexEntry {
    /// The entry of a scenario's result: its verdict, events and failed thresholds.
    public init(_ result: RunResult) {
        let failed = result.thresholds.filter { !$0.passed }.count
        self.init(
            scenario: result.scenario.name, passed: result.passed,
            summary: "\(Formatting.count(result.generator.events)) events, \(result.thresholds.count) thresholds"
                + (failed > 0 ? ", \(failed) failed" : "") + ", \(result.scenario.sinks.count) sinks")
    }
}
