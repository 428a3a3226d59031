import Foundation
import Testing

@testable import Harness

/// Each chart type against its golden file (re-written only with `STATSBENCH_UPDATE_GOLDEN=1`, see ``Golden``),
/// and the rules every chart keeps: no non-finite coordinate, values that cannot be drawn counted in a caption, a
/// "no data" box when nothing can be drawn, every text escaped.
@Suite("SVG charts")
struct SVGChartTests {
    @Test("line chart: two series, linear seconds against log nanoseconds")
    func lineGolden() throws {
        let svg = SVGChart.line(
            title: "record cost over time",
            series: [
                .init(name: "statsbench", points: [(0, 40), (10, 55), (20, 48), (30, 61)]),
                .init(name: "seed-naive", points: [(0, 900), (10, 1_200), (20, 4_000), (30, 2_500)]),
            ],
            x: .init(label: "time", unit: .seconds), y: .init(label: "cost", unit: .nanoseconds, log: true))
        try Golden.check(svg, "line.svg")
        #expect(!Markup.hasNonFiniteCoordinate(svg))
        // Log ticks sit at powers of ten between the decades of the data: 10 ns … 10 µs.
        for label in [">10 ns<", ">100 ns<", ">1 µs<", ">10 µs<"] { #expect(svg.contains(label)) }
    }

    @Test("percentile plot: ticks at 0 %, 90 %, 99 %, 99.9 %, 99.99 % on the 1/(1 − q) axis")
    func percentileGolden() throws {
        let svg = SVGChart.percentiles(
            title: "latency of tools/call",
            series: [
                .init(
                    name: "exact",
                    points: [(0.5, 0.002), (0.9, 0.0054), (0.99, 0.014), (0.999, 0.027), (0.9999, 0.033)]),
                .init(name: "statsbench", points: [(0.5, 0.00205), (0.9, 0.0054), (0.99, 0.0139), (0.999, 0.0273)]),
            ],
            y: .init(label: "latency", unit: .seconds, log: true))
        try Golden.check(svg, "percentiles.svg")
        for label in [">0 %<", ">90 %<", ">99 %<", ">99.9 %<", ">99.99 %<"] { #expect(svg.contains(label)) }
        #expect(!svg.contains("99.999 %"), "q = 0.9999 must not open another decade")
        #expect(!svg.contains("left out"))
    }

    @Test("bar chart with intervals; an interval across zero is drawn hollow and said to be below the noise")
    func barsGolden() throws {
        let svg = SVGChart.bars(
            title: "overhead per event",
            bars: [
                .init(label: "statsbench", value: 52, lower: 48, upper: 56),
                .init(label: "seed-naive", value: 420, lower: 380, upper: 460),
                .init(label: "hdrhistogram", value: 3, lower: -20, upper: 26),
            ],
            unit: .nanoseconds)
        try Golden.check(svg, "bars.svg")
        #expect(svg.contains("below the noise (±23 ns)"))
        #expect(svg.contains("52 ns ± 4 ns"))
        #expect(svg.contains("stroke-dasharray=\"3 2\""))
    }

    @Test("fitted: measured points and the fitted curve over their x range")
    func fittedGolden() throws {
        let svg = SVGChart.fitted(
            points: [(1_000, 480), (10_000, 482), (100_000, 479), (1_000_000, 485)], curve: { _ in 481 },
            xLabel: "clients", yLabel: "bytes per client", xLog: true, yLog: false, yUnit: .bytes)
        try Golden.check(svg, "fitted.svg")
        #expect(svg.contains(">1M<") && svg.contains(">1k<"))
        // One polyline (the curve, 64 samples) and four circles (the points).
        #expect(svg.components(separatedBy: "<polyline").count == 2)
        #expect(svg.components(separatedBy: "<circle").count == 5)
    }

    @Test("a chart with no drawable value is a short no-data box, golden")
    func noDataGolden() throws {
        let svg = SVGChart.line(
            title: "nothing", series: [.init(name: "a", points: [])], x: .init(label: "x", unit: .number()),
            y: .init(label: "y", unit: .number()))
        try Golden.check(svg, "nodata.svg")
        #expect(svg.contains("no data"))
    }

    @Test(
        "NaN, infinities and values ≤ 0 on a log axis are never coordinates; the caption counts them",
        arguments: [Double.nan, .infinity, -.infinity, 0, -5])
    func badValuesLeftOut(bad: Double) {
        let series = [SVGChart.Series(name: "s", points: [(1, 10), (2, bad), (bad, 3), (3, 100)])]
        let log = SVGChart.line(
            title: "t", series: series, x: .init(label: "x", unit: .number(), log: true),
            y: .init(label: "y", unit: .nanoseconds, log: true))
        #expect(!Markup.hasNonFiniteCoordinate(log))
        #expect(!log.lowercased().contains("nan") && !log.contains("inf"))
        #expect(log.contains("2 values left out"))
        let percentile = SVGChart.percentiles(
            title: "p", series: series, y: .init(label: "y", unit: .seconds, log: true))
        #expect(!Markup.hasNonFiniteCoordinate(percentile))
        let bars = SVGChart.bars(
            title: "b", bars: [.init(label: "a", value: bad), .init(label: "b", value: 1, lower: bad, upper: 2)],
            unit: .nanoseconds)
        #expect(!Markup.hasNonFiniteCoordinate(bars))
        let fitted = SVGChart.fitted(
            points: [(1, 1), (10, bad), (100, 3)], curve: { _ in bad }, xLabel: "x", yLabel: "y", xLog: true,
            yLog: true)
        #expect(!Markup.hasNonFiniteCoordinate(fitted))
        #expect(fitted.contains("left out"))
    }

    @Test("only bad values: a no-data box that still says what was left out")
    func onlyBadValues() {
        let svg = SVGChart.line(
            title: "t", series: [.init(name: "s", points: [(.nan, 1), (1, .infinity), (2, 0)])],
            x: .init(label: "x", unit: .number()), y: .init(label: "y", unit: .number(), log: true))
        #expect(svg.contains("no data"))
        #expect(svg.contains("3 values left out"))
        #expect(!Markup.hasNonFiniteCoordinate(svg))
    }

    @Test("a huge linear range still writes finite coordinates")
    func hugeRange() {
        let svg = SVGChart.line(
            title: "t",
            series: [.init(name: "s", points: [(-Double.greatestFiniteMagnitude, 1), (.greatestFiniteMagnitude, 2)])],
            x: .init(label: "x", unit: .number()), y: .init(label: "y", unit: .number()))
        #expect(!Markup.hasNonFiniteCoordinate(svg))
    }

    @Test(
        "hostile names and titles are escaped", arguments: ["<script>alert(1)</script>", "a\"b'c", "x & y", "<&>\u{1}"])
    func escaping(name: String) {
        let charts = [
            SVGChart.line(
                title: name, series: [.init(name: name, points: [(1, 1), (2, 2)])],
                x: .init(label: name, unit: .number(suffix: name)), y: .init(label: name, unit: .number())),
            SVGChart.bars(title: name, bars: [.init(label: name, value: 1)], unit: .number(), crossingZeroNote: name),
            SVGChart.fitted(
                points: [(1, 1), (2, 2)], curve: { $0 }, xLabel: name, yLabel: name, xLog: false, yLog: false),
            SVGChart.noData(title: name, leftOut: 0),
        ]
        for svg in charts {
            #expect(!svg.contains("<script"))
            #expect(!svg.contains(name) || !name.contains(where: { "<>&\"'\u{1}".contains($0) }))
            #expect(svg.contains(SVGChart.escape(name)))
        }
    }

    @Test("tick labels: percentile labels and compact units")
    func labels() {
        #expect(SVGChart.Scale.percentileLabel(0) == "0 %")
        #expect(SVGChart.Scale.percentileLabel(3) == "99.9 %")
        #expect(SVGChart.Scale.percentileLabel(5) == "99.999 %")
        #expect(SVGChart.Unit.nanoseconds.format(1_500) == "1.5 µs")
        #expect(SVGChart.Unit.seconds.format(0.01) == "10 ms")
        #expect(SVGChart.Unit.bytes.format(2_048) == "2 KiB")
        #expect(SVGChart.Unit.fraction.format(0.001) == "0.1 %")
        #expect(SVGChart.Unit.number(suffix: "clients").format(100_000) == "100k clients")
        #expect(SVGChart.Unit.perSecond.format(2.5e6) == "2.5M/s")
    }
}
