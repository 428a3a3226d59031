import Foundation
import Testing

@testable import Harness

/// The pages: the run page from a real result holds each section, the compare page holds its table and charts,
/// user-chosen names are escaped, and no page references the network or writes a non-finite coordinate.
@Suite("HTML report pages")
struct HTMLReportTests {
    /// The fixture result with a window history, a hostile scenario name and an alert.
    static func fixture() throws -> RunResult {
        var result = try CompareFixtures.result()
        result.pipeline?.windowP99History = (0..<20).map {
            WindowP99Point(seconds: Double($0) * 0.5, p99Seconds: $0 == 7 ? nil : 0.01 + Double($0 % 5) * 0.002)
        }
        result.alerts = [
            RunAlert(
                metric: "p99_latency", severity: "critical", startedAtSeconds: 2, resolvedAtSeconds: nil, value: 0.9,
                threshold: 0.5, message: "p99 above 500 ms")
        ]
        return result
    }

    @Test("the run page holds every section of the result, one chart each, and no network reference")
    func runPageSections() throws {
        let html = HTMLReport.runPage(try Self.fixture())
        for heading in [
            "<h2>Run</h2>", "<h2>Thresholds</h2>", "<h2>Latency percentiles per sink</h2>",
            "<h2>Collection overhead per event</h2>", "<h2>Percentile accuracy</h2>",
            "<h2>History ring throughput (capacity", "<h2>Window p99 over the run</h2>", "<h2>Alerts</h2>",
            "<h2>Memory (jemalloc)</h2>", "<h2>Conservation</h2>",
        ] {
            #expect(html.contains(heading), "missing \(heading)")
        }
        #expect(html.contains("latency of tools/call"))
        #expect(html.contains("overhead per event (95 % interval)"))
        #expect(html.contains("relative error (run scope)"))
        #expect(html.contains("appends per second"))
        #expect(html.contains("window p99 (all methods)"))
        #expect(html.contains("1 windows held no request"))
        #expect(html.contains("p99 above 500 ms"))
        #expect(html.contains("PASSED: every threshold held"))
        #expect(Markup.networkReferences(html).isEmpty)
        #expect(!Markup.hasNonFiniteCoordinate(html))
        #expect(!html.contains("<script"))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
    }

    @Test("a result without a window history (schema 3) says so instead of drawing")
    func runPageWithoutHistory() throws {
        let result = try CompareFixtures.result()
        #expect(result.pipeline?.windowP99History == nil)
        let html = HTMLReport.runPage(result)
        #expect(html.contains("holds no window history"))
    }

    @Test("a failed run is shown failed, with the failed threshold coloured")
    func failedRun() throws {
        var result = try Self.fixture()
        result.passed = false
        result.thresholds[0].passed = false
        result.thresholds[0].detail = "too slow"
        let html = HTMLReport.runPage(result)
        #expect(html.contains("class=\"status bad\""))
        #expect(html.contains("FAILED: 1 threshold failed"))
        #expect(html.contains("<td class=\"bad\">FAIL</td>"))
    }

    @Test(
        "hostile scenario, sink and method names are escaped everywhere on the run page",
        arguments: ["<script>alert(1)</script>", "\"quoted\" & 'single'", "</svg><img src=x>"])
    func hostileNames(name: String) throws {
        var result = try Self.fixture()
        result.scenario.name = name
        result.scenario.description = name
        result.scenario.methods[0] = name
        if var accuracy = result.accuracy {
            accuracy.rows = accuracy.rows.map { row in
                var row = row
                if row.sink == "statsbench" { row.sink = name }
                if row.method == "tools/call" { row.method = name }
                return row
            }
            result.accuracy = accuracy
        }
        if var overhead = result.overhead {
            overhead.sinks[0].sink = name
            result.overhead = overhead
        }
        let html = HTMLReport.runPage(result)
        #expect(!html.contains(name))
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(
            html.contains(SVGChart.escape(name)) || html.contains(name.replacingOccurrences(of: "'", with: "&#39;")))
    }

    @Test("the compare page: per scenario a coloured table and a chart of each timed figure's change")
    func comparePage() throws {
        let baseline = try CompareFixtures.baseline()
        let slower = CompareFixtures.withPairs(try CompareFixtures.result(), offset: 3) {
            $0 == "statsbench" ? 400 : 50
        }
        let report = Comparer.compare(
            baseline: try CompareFixtures.loaded(Array(repeating: baseline, count: 1)),
            current: try CompareFixtures.loaded([slower]))
        let html = HTMLReport.comparePage(report)
        #expect(html.contains("<h2>smoke</h2>"))
        #expect(html.contains("<th>figure</th><th>baseline</th><th>current</th><th>change</th><th>interval</th>"))
        #expect(html.contains("change of the median (current − baseline, 95 % interval), ns"))
        #expect(html.contains("overhead/event calibrated"))
        #expect(report.regressions > 0)
        #expect(html.contains("class=\"bad\">slower: REGRESSED"))
        #expect(html.contains("class=\"status bad\""))
        #expect(Markup.networkReferences(html).isEmpty)
        #expect(!Markup.hasNonFiniteCoordinate(html))
    }

    @Test("the index links each scenario's page, the name percent-encoded and escaped")
    func indexPage() {
        let html = HTMLReport.indexPage([
            .init(scenario: "smoke", passed: true, summary: "1 events"),
            .init(scenario: "a b\"<x>", passed: false, summary: "2 events"),
        ])
        #expect(html.contains("<a href=\"smoke/report.html\">smoke</a>"))
        #expect(html.contains("<a href=\"a%20b%22%3Cx%3E/report.html\">a b&quot;&lt;x&gt;</a>"))
        #expect(html.contains("FAILED: 1 of 2 scenarios failed"))
    }

    @Test("a scenario that could not run fails the index, without a link, its reason shown")
    func indexWithScenarioThatCouldNotRun() {
        let html = HTMLReport.indexPage([
            .init(scenario: "smoke", passed: true, summary: "1 events"),
            .couldNotRun(file: "scenarios/broken.yaml", reason: "workers: must be at least 1"),
        ])
        #expect(html.contains("FAILED: 1 of 2 could not run"))
        #expect(html.contains("could not run") && html.contains("workers: must be at least 1"))
        #expect(!html.contains("broken.yaml/report.html"))
        #expect(html.contains("class=\"status bad\""))
        let passing = HTMLReport.indexPage([.init(scenario: "smoke", passed: true, summary: "1 events")])
        #expect(passing.contains(">PASSED<") && !passing.contains("could not run"))
    }

    @Test("generic blocks: every block kind renders, tables are padded, the template parses")
    func genericBlocks() {
        #expect(HTMLTemplate.template != nil)
        let html = HTMLReport.sweepPage(
            title: "sweep <clients>", subtitle: "4 points",
            sections: [
                .init(
                    title: "capacity",
                    blocks: [
                        .heading("table"), .paragraph("para & more"), .note("flagged", tone: .warning),
                        .list(["one", "two"]), .table(header: ["a", "b", "c"], rows: [["1"]]),
                        .chart(SVGChart.noData(title: "empty", leftOut: 0)),
                    ])
            ])
        #expect(html.contains("<title>sweep &lt;clients&gt;</title>"))
        #expect(html.contains("<h3>table</h3>") && html.contains("<p>para &amp; more</p>"))
        #expect(html.contains("<p class=\"note warn\">flagged</p>"))
        #expect(html.contains("<li>one</li><li>two</li>"))
        #expect(html.contains("<tr><td class=\"\">1</td><td class=\"\"></td><td class=\"\"></td></tr>"))
        #expect(html.contains("<svg class=\"chart\""))
    }

    @Test("writing a result writes report.html beside report.md")
    func writerWritesPage() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("html-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try ResultWriter.write(try Self.fixture(), to: .output(directory, scenario: "smoke"))
        let page = try String(
            contentsOf: directory.appendingPathComponent("smoke").appendingPathComponent("report.html"), encoding: .utf8
        )
        #expect(page.contains("statsbench run: smoke"))
    }
}
