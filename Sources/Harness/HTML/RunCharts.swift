/// The chart sections of a run's page, each built from what ``RunResult`` holds.
enum RunCharts {
    /// Charts drawn per method at most (a scenario with more methods gets a note).
    static let methodLimit = 8

    /// Latency percentile curves per method: the exact nearest-rank values and each sink's whole-run estimate
    /// at the accuracy quantiles (the maximum cannot be placed on the percentile axis and is left out).
    static func latency(_ accuracy: AccuracyFigures, methods: [String]) -> HTMLReport.Section {
        var blocks: [HTMLReport.Block] = [
            .paragraph(
                "Request latency per method at the measured quantiles: the exact values of the generated latencies "
                    + "and each sink's whole-run estimate (x: percentile on the 1/(1 − q) axis; y: latency, log).")
        ]
        let runRows = accuracy.rows.filter { $0.scope == "run" }
        let ordered = HTMLReport.orderedUnique(methods + runRows.map(\.method))
        for method in ordered.prefix(methodLimit) {
            let rows = runRows.filter { $0.method == method }
            guard let first = rows.first else { continue }
            var series = [
                SVGChart.Series(name: "exact", points: points(accuracy.quantiles, first.exact))
            ]
            for row in rows {
                series.append(SVGChart.Series(name: row.sink, points: points(accuracy.quantiles, row.estimate)))
            }
            blocks.append(
                .chart(
                    SVGChart.percentiles(
                        title: "latency of \(method)", series: series,
                        y: SVGChart.Axis(label: "latency", unit: .seconds, log: true))))
        }
        if ordered.count > methodLimit {
            blocks.append(.paragraph("\(ordered.count - methodLimit) more methods are in report.md."))
        }
        return HTMLReport.Section(title: "Latency percentiles per sink", blocks: blocks)
    }

    /// Overhead per sink with its 95 % interval, the sampled record cost as percentile curves, and the table.
    static func overhead(_ overhead: OverheadFigures) -> HTMLReport.Section {
        // An unresolved figure (too few events, or below the none sink) is no cost to draw: the table says why.
        let bars = overhead.sinks.filter { $0.unresolvedReason == nil }.map { sink in
            SVGChart.Bar(
                label: sink.sink, value: sink.meanNanoseconds,
                lower: sink.meanNanoseconds - sink.confidence95Nanoseconds,
                upper: sink.meanNanoseconds + sink.confidence95Nanoseconds)
        }
        let costs = overhead.sinks.compactMap { sink in
            sink.sampledCost.map { cost in
                SVGChart.Series(
                    name: sink.sink,
                    points: [(0.5, cost.p50), (0.9, cost.p90), (0.99, cost.p99), (0.999, cost.p999)])
            }
        }
        let rows = overhead.sinks.map { sink -> [HTMLReport.Cell] in
            [
                HTMLReport.Cell(sink.sink),
                HTMLReport.Cell(
                    Formatting.overhead(sink),
                    tone: sink.isBelowNoise || sink.unresolvedReason != nil ? .muted : .plain,
                    numeric: true),
                HTMLReport.Cell("\(sink.pairs)" + (sink.stoppedBy.map { " (\($0))" } ?? ""), numeric: true),
                HTMLReport.Cell(
                    sink.isBelowNoise || sink.unresolvedReason != nil ? "—" : Formatting.ratio(sink.ratioToAtomic),
                    numeric: true),
                HTMLReport.Cell(
                    sink.sampledCost.map { Formatting.duration(nanoseconds: $0.p99) } ?? "—", numeric: true),
                HTMLReport.Cell(
                    sink.sampledCost.map { Formatting.duration(nanoseconds: $0.max) } ?? "—", numeric: true),
            ]
        }
        var blocks: [HTMLReport.Block] = [
            .paragraph(
                "Worker CPU time with the sink minus without, per event, from interleaved pairs: mean with its "
                    + "95 % interval. A bar whose interval crosses zero could not be told from nothing."),
            .chart(
                SVGChart.percentiles(
                    title: "sampled record cost", series: costs,
                    y: SVGChart.Axis(label: "cost per record", unit: .nanoseconds, log: true))),
            .table(header: ["sink", "overhead/event", "pairs", "× atomic add", "sampled p99", "max"], rows: rows),
        ]
        if !bars.isEmpty {
            blocks.insert(
                .chart(SVGChart.bars(title: "overhead per event (95 % interval)", bars: bars, unit: .nanoseconds)),
                at: 1)
        }
        if let sentence = OverheadSection.memoryLatency(overhead) { blocks.append(.paragraph(sentence)) }
        return HTMLReport.Section(title: "Collection overhead per event", blocks: blocks)
    }

    /// Relative error per quantile and sink, the worst over the methods, for each scope.
    static func accuracy(_ accuracy: AccuracyFigures) -> HTMLReport.Section {
        var blocks: [HTMLReport.Block] = [
            .paragraph(
                "Relative error |estimate − exact| / exact per quantile, the worst over every method; `window` is "
                    + "the worst over \(accuracy.windows) windows. An exact estimate (error 0) cannot be placed on "
                    + "the log axis and is counted as left out.")
        ]
        for scope in HTMLReport.orderedUnique(accuracy.rows.map(\.scope)) {
            let rows = accuracy.rows.filter { $0.scope == scope }
            let series = HTMLReport.orderedUnique(rows.map(\.sink)).map { sink in
                let errors = accuracy.quantiles.indices.map { index -> Double? in
                    let values = rows.filter { $0.sink == sink }.compactMap { row in
                        index < row.relativeError.count ? row.relativeError[index] : nil
                    }
                    return values.max()
                }
                return SVGChart.Series(name: sink, points: points(accuracy.quantiles, errors))
            }
            blocks.append(
                .chart(
                    SVGChart.percentiles(
                        title: "relative error (\(scope) scope)", series: series,
                        y: SVGChart.Axis(label: "relative error", unit: .fraction, log: true))))
        }
        let missing = accuracy.rows.flatMap { row in
            row.missingFigures.map {
                "\(row.sink) \(row.method) (\(row.scope)) \(quantileLabel(accuracy, $0.index)): \($0.reason)"
            }
        }
        if !missing.isEmpty { blocks += [.heading("Missing figures"), .list(missing)] }
        return HTMLReport.Section(title: "Percentile accuracy", blocks: blocks)
    }

    /// Appends per second per ring and reader count.
    static func ring(_ ring: RingFigures) -> HTMLReport.Section {
        let bars = ring.rows.map { row in
            SVGChart.Bar(
                label: "\(row.ring), \(row.readers) reader\(row.readers == 1 ? "" : "s")", value: row.appendsPerSecond)
        }
        let torn = ring.rows.reduce(UInt64(0)) { $0 + $1.torn }
        return HTMLReport.Section(
            title: "History ring throughput (capacity \(ring.capacity))",
            blocks: [
                .chart(SVGChart.bars(title: "appends per second", bars: bars, unit: .perSecond)),
                torn == 0
                    ? .note("No torn snapshot.", tone: .good)
                    : .note("\(torn) torn snapshots: a reader saw a half-written element.", tone: .bad),
            ])
    }

    /// The window p99 after each window over the run (schema version 4; older results say it is missing).
    static func windowHistory(_ pipeline: PipelineFigures) -> HTMLReport.Section {
        guard let history = pipeline.windowP99History else {
            return HTMLReport.Section(
                title: "Window p99 over the run",
                blocks: [.paragraph("This result holds no window history (written before schema version 4).")])
        }
        let points = history.compactMap { point in point.p99Seconds.map { (x: point.seconds, y: $0) } }
        let empty = history.count - points.count
        var blocks: [HTMLReport.Block] = [
            .chart(
                SVGChart.line(
                    title: "window p99 (all methods)",
                    series: [SVGChart.Series(name: "statsbench p99", points: points)],
                    x: SVGChart.Axis(label: "simulated time", unit: .seconds),
                    y: SVGChart.Axis(label: "p99 latency", unit: .seconds, log: true)))
        ]
        if empty > 0 { blocks.append(.paragraph("\(empty) windows held no request and have no p99.")) }
        return HTMLReport.Section(title: "Window p99 over the run", blocks: blocks)
    }

    /// `(quantile, value)` pairs where the value exists, the maximum (`q = 1`, which the percentile axis cannot
    /// place; report.md has it) left out on purpose rather than counted as a value that could not be drawn.
    static func points(_ quantiles: [Double], _ values: [Double?]) -> [(x: Double, y: Double)] {
        zip(quantiles, values).compactMap { quantile, value in
            quantile < 1 ? value.map { (quantile, $0) } : nil
        }
    }

    static func quantileLabel(_ accuracy: AccuracyFigures, _ index: Int) -> String {
        index < accuracy.quantiles.count ? Formatting.quantile(accuracy.quantiles[index]) : "#\(index)"
    }
}

extension HTMLReport {
    /// `values` without repeats, in first-seen order.
    static func orderedUnique(_ values: [String]) -> [String] {
        var seen: Set<String> = []
        return values.filter { seen.insert($0).inserted }
    }
}
