import Foundation
import Simulation
import Testing

@testable import Harness

@Suite("Trustworthy overhead figures: pairs until the interval is narrow enough, below the noise when it holds 0")
struct PairStoppingTests {
    @Test("a fixed budget of 0 runs exactly the minimum number of pairs")
    func fixedPairs() {
        let stopping = PairStopping.fixed
        #expect(stopping.reason([1, 2, 3, 4], minimumPairs: 5, elapsedSeconds: 100) == nil)
        #expect(stopping.reason([1, 2, 3, 4, 5], minimumPairs: 5, elapsedSeconds: 0) == .fixed)
    }

    @Test("pairs continue while the interval is wider than ±10 % or ±2 ns, whichever is larger")
    func targetWidth() {
        let stopping = PairStopping(budgetSeconds: 60)
        // Mean 100, spread ±1: the interval is far inside ±10 ns.
        #expect(stopping.reason([99, 101, 100, 99, 101], minimumPairs: 5, elapsedSeconds: 1) == .target)
        // Mean 100, spread ±50: too wide, budget left: go on.
        #expect(stopping.reason([50, 150, 60, 140, 100], minimumPairs: 5, elapsedSeconds: 1) == nil)
        // The same once the budget is spent.
        #expect(stopping.reason([50, 150, 60, 140, 100], minimumPairs: 5, elapsedSeconds: 61) == .budget)
        // Never before the minimum, even when narrow.
        #expect(stopping.reason([100, 100, 100], minimumPairs: 5, elapsedSeconds: 1) == nil)
        // Near 0 the ±2 ns floor applies: mean 0.5, spread ±0.5 is within ±2 ns.
        #expect(stopping.reason([0, 1, 0, 1, 0.5], minimumPairs: 5, elapsedSeconds: 1) == .target)
        #expect(stopping.target(mean: 5) == 2 && stopping.target(mean: -300) == 30)
    }

    @Test("the pair limit stops a measurement that never narrows")
    func pairLimit() {
        var stopping = PairStopping(budgetSeconds: 1e9)
        stopping.maximumPairs = 6
        let wide: [Double] = [-100, 100, -90, 90, -80, 80]
        #expect(stopping.reason(Array(wide.prefix(5)), minimumPairs: 5, elapsedSeconds: 0) == nil)
        #expect(stopping.reason(wide, minimumPairs: 5, elapsedSeconds: 0) == .pairsLimit)
    }

    static func sink(_ pairs: [Double]) -> SinkOverhead {
        SinkOverhead(
            sink: "statsbench", pairs: pairs.count, pairNanoseconds: pairs, meanNanoseconds: Statistics.mean(pairs),
            confidence95Nanoseconds: Statistics.confidenceHalfWidth95(pairs),
            medianNanoseconds: Statistics.median(pairs),
            ratioToAtomic: nil, sampledCost: nil, targetHalfWidthNanoseconds: 2, stoppedBy: "budget")
    }

    @Test("an interval that contains 0 prints as below the noise with its width, never as a negative cost")
    func belowTheNoise() {
        let noisy = Self.sink([-200, 180, -150, 90, 20])
        #expect(noisy.meanNanoseconds < 0 && noisy.isBelowNoise)
        let text = Formatting.overhead(noisy)
        #expect(text.hasPrefix("below the noise (±"))
        #expect(!text.contains("-"))
        let clear = Self.sink([50, 52, 49, 51, 50])
        #expect(!clear.isBelowNoise)
        #expect(Formatting.overhead(clear).hasPrefix("50.4 ns ± "))
        // The report's table shows the same, and the pair count with why the pairs stopped.
        let lines = OverheadSection.render(
            OverheadFigures(primitives: [], sinks: [noisy, clear], clockPairNanoseconds: 20)
        ).joined(separator: "\n")
        #expect(lines.contains("below the noise (±"))
        #expect(lines.contains("| 5 (budget) |"))
    }

    @Test("a mean below 0 by more than its interval, or over too few events per drive, is unresolved, not a cost")
    func unresolved() throws {
        let negative = Self.sink([-50, -52, -49, -51, -50])
        #expect(!negative.isBelowNoise)
        #expect(negative.unresolvedReason?.contains("below the none sink's cost") == true)
        #expect(Formatting.overhead(negative).hasPrefix("unresolved (-50.4 ns ± "))
        var few = Self.sink([50, 52, 49, 51, 50])
        #expect(few.unresolvedReason == nil, "a result without the event count is judged by its figures")
        few.eventsPerDrive = 999
        #expect(few.unresolvedReason == "999 events per drive, fewer than the 1000 a per-event figure needs")
        few.eventsPerDrive = 1
        #expect(few.unresolvedReason?.hasPrefix("1 event per drive") == true)
        few.eventsPerDrive = 1000
        #expect(few.unresolvedReason == nil)
        // A threshold on the mean or the ratio of an unresolved figure fails, naming why; the sampled quantiles
        // (timed record calls) still count.
        var result = try CompareFixtures.result()
        let index = try #require(result.overhead?.sinks.firstIndex { $0.sinkKind == .statsbench })
        result.overhead?.sinks[index].eventsPerDrive = 2
        let thresholds = try ["overhead.mean < 1s", "overhead.ratio < 1e9", "overhead.p99 < 1s"].map {
            try Threshold(parsing: $0)
        }
        let outcomes = ThresholdEvaluator.evaluate(thresholds, against: result)
        #expect(outcomes.map(\.passed) == [false, false, true])
        #expect(outcomes[0].detail?.contains("unresolved: 2 events per drive") == true, "\(outcomes[0])")
        // Neither the run page's chart nor a sweep point's fitted figure draws it as a cost.
        var allUnresolved = try #require(result.overhead)
        for sink in allUnresolved.sinks.indices { allUnresolved.sinks[sink].eventsPerDrive = 2 }
        let unresolvedHTML = HTMLReport.page(title: "t", sections: [RunCharts.overhead(allUnresolved)])
        #expect(unresolvedHTML.contains("unresolved ("))
        #expect(!unresolvedHTML.contains("overhead per event (95 % interval)"), "no bar chart of unresolved figures")
        let resolvedHTML = HTMLReport.page(
            title: "t", sections: [RunCharts.overhead(try #require(CompareFixtures.result().overhead))])
        #expect(resolvedHTML.contains("overhead per event (95 % interval)"))
        #expect(SweepRunner.figures(result, timer: ColdPathTimer())[SweepFigure.overhead.rawValue] == nil)
        result.overhead?.sinks[index].eventsPerDrive = 1_000_000
        #expect(SweepRunner.figures(result, timer: ColdPathTimer())[SweepFigure.overhead.rawValue] != nil)
        #expect(ThresholdEvaluator.evaluate(thresholds, against: result).map(\.passed) == [true, true, true])
    }
}

/// Names from a scenario in a Markdown report are text: no cell break, link or raw HTML.
struct MarkdownCellTests {
    @Test func namesAreTextNotMarkup() {
        #expect(ReportRenderer.markdownCell("<script>alert(1)</script>") == #"\<script>alert(1)\</script>"#)
        #expect(ReportRenderer.markdownCell("[click](http://x)") == #"\[click\](http://x)"#)
        #expect(ReportRenderer.markdownCell("a|b") == #"a\|b"#)
        #expect(ReportRenderer.markdownCell("overhead.p999 < 2us") == "overhead.p999 < 2us", "a comparison stays")
        #expect(ReportRenderer.markdownCell("tools/call · é") == "tools/call · é")
        let table = ReportRenderer.table(["method"], [["<b>x</b>"]])
        #expect(table == ["| method |", "|---|", #"| \<b>x\</b> |"#])
    }
}
