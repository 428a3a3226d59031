extension HTMLReport {
    /// The page of one scenario run (`<scenario>/report.html` beside `report.md`): the verdict and thresholds,
    /// the latency percentile curves per sink (from the accuracy rows' estimates, with the exact values), the
    /// overhead per sink with its interval, the sampled record cost, the accuracy per quantile, the ring
    /// throughput, the window p99 over the run, the alerts, memory and conservation.
    public static func runPage(_ result: RunResult) -> String {
        let scenario = result.scenario
        let failed = result.thresholds.filter { !$0.passed }.count
        let status = Status(
            passed: result.passed,
            text: result.passed
                ? "PASSED: every threshold held"
                : "FAILED: \(failed) threshold\(failed == 1 ? "" : "s") failed"
                    + ((result.conservation?.violations ?? 0) > 0
                        ? ", \(result.conservation?.violations ?? 0) conservation checks failed" : ""))
        var sections = [runSection(result), thresholdSection(result)]
        if let accuracy = result.accuracy { sections.append(RunCharts.latency(accuracy, methods: scenario.methods)) }
        if let overhead = result.overhead { sections.append(RunCharts.overhead(overhead)) }
        if let accuracy = result.accuracy { sections.append(RunCharts.accuracy(accuracy)) }
        if let ring = result.ring { sections.append(RunCharts.ring(ring)) }
        if let pipeline = result.pipeline { sections.append(RunCharts.windowHistory(pipeline)) }
        sections.append(alertSection(result.alerts))
        if let memory = result.memory { sections.append(memorySection(memory)) }
        if let conservation = result.conservation { sections.append(conservationSection(conservation)) }
        return page(
            title: "statsbench run: \(scenario.name)",
            subtitle: "\(result.environment.machine.hostname) · statsbench \(result.environment.toolVersion) · "
                + "started \(result.environment.startedAt)",
            status: status, sections: sections)
    }

    static func runSection(_ result: RunResult) -> Section {
        let scenario = result.scenario
        let environment = result.environment
        let rows: [[Cell]] = [
            ["scenario", Cell(scenario.name)],
            ["description", Cell(scenario.description)],
            ["scenario file", Cell(scenario.file)],
            ["machine", Cell(ReportRenderer.machine(environment.machine))],
            ["statsbench", Cell("\(environment.toolVersion), revision \(environment.gitRevision ?? "unknown")")],
            ["toolchain", Cell(environment.toolchain)],
            [
                "started",
                Cell("\(environment.startedAt), took \(Formatting.fixed(environment.elapsedSeconds, digits: 1)) s"),
            ],
            [
                "workers × clients",
                Cell("\(scenario.workers) × \(Formatting.count(scenario.clients)), seed \(scenario.seed)"),
            ],
            ["methods", Cell(scenario.methods.joined(separator: ", "))],
            [
                "simulated time",
                Cell(
                    "\(Formatting.fixed(scenario.simulatedSeconds, digits: 1)) s in windows of "
                        + "\(Formatting.duration(seconds: scenario.windowSeconds)) (scale \(scenario.scale))"),
            ],
            ["sinks", Cell(scenario.sinks.joined(separator: ", "))],
            [
                "events",
                Cell(
                    "\(Formatting.count(result.generator.events)), hash \(result.generator.hash); generator "
                        + "\(Formatting.duration(nanoseconds: result.generator.nanosecondsPerEvent)) per event, "
                        + "\(Formatting.rate(result.generator.eventsPerSecond))"),
            ],
        ]
        return Section(title: "Run", blocks: [.table(header: ["", ""], rows: rows)])
    }

    static func thresholdSection(_ result: RunResult) -> Section {
        guard !result.thresholds.isEmpty else {
            return Section(title: "Thresholds", blocks: [.paragraph("The scenario sets none.")])
        }
        let rows = result.thresholds.map { outcome -> [Cell] in
            [
                Cell(outcome.threshold), Cell(outcome.measuredText ?? "not measured", numeric: true),
                outcome.passed ? Cell("pass", tone: .good) : Cell("FAIL", tone: .bad),
                Cell(outcome.detail ?? ""),
            ]
        }
        return Section(
            title: "Thresholds", blocks: [.table(header: ["threshold", "measured", "verdict", "detail"], rows: rows)])
    }

    static func alertSection(_ alerts: [RunAlert]?) -> Section {
        guard let alerts else {
            return Section(title: "Alerts", blocks: [.paragraph("The scenario names no alert thresholds.")])
        }
        guard !alerts.isEmpty else { return Section(title: "Alerts", blocks: [.note("No alert fired.", tone: .good)]) }
        let rows = alerts.map { alert -> [Cell] in
            [
                Cell(alert.metric), Cell(alert.severity, tone: alert.severity == "critical" ? .bad : .warning),
                Cell(Formatting.duration(seconds: alert.startedAtSeconds), numeric: true),
                Cell(alert.resolvedAtSeconds.map { Formatting.duration(seconds: $0) } ?? "still firing", numeric: true),
                Cell(alert.message),
            ]
        }
        return Section(
            title: "Alerts",
            blocks: [.table(header: ["metric", "highest level", "started", "resolved", "latest change"], rows: rows)])
    }

    static func memorySection(_ memory: MemoryFigures) -> Section {
        let rows = memory.sinks.map { sink -> [Cell] in
            [
                Cell(sink.sink),
                Cell(sink.allocationsPerEvent.map { Formatting.fixed($0, digits: 3) } ?? "—", numeric: true),
                Cell(Formatting.bytes(sink.bytesPerEvent), numeric: true),
            ]
        }
        return Section(
            title: "Memory (jemalloc)",
            blocks: [
                .paragraph("Bytes per client (statsbench pipeline): \(Formatting.bytes(memory.bytesPerClient))."),
                .table(header: ["sink", "allocations per event", "bytes per event"], rows: rows),
            ])
    }

    static func conservationSection(_ conservation: ConservationFigures) -> Section {
        let failed = conservation.checks.filter { !$0.passed }
        var blocks: [Block] = [
            failed.isEmpty
                ? .note("All \(conservation.checks.count) conservation checks held.", tone: .good)
                : .note("\(failed.count) of \(conservation.checks.count) conservation checks failed.", tone: .bad)
        ]
        if !failed.isEmpty {
            blocks.append(
                .table(
                    header: ["sink", "check", "expected", "actual"],
                    rows: failed.map {
                        [
                            Cell($0.sink), Cell($0.name), Cell(String($0.expected), numeric: true),
                            Cell(String($0.actual), tone: .bad, numeric: true),
                        ]
                    }))
        }
        return Section(title: "Conservation", blocks: blocks)
    }
}
