/// Renders a result as `report.md`: the verdict first, then each measurement as tables.
enum ReportRenderer {
    /// The whole report.
    static func markdown(_ result: RunResult) -> String {
        var lines: [String] = []
        let scenario = result.scenario
        lines.append("# statsbench — \(scenario.name)")
        lines.append("")
        if !scenario.description.isEmpty { lines += [scenario.description, ""] }
        lines.append(
            "**\(result.passed ? "PASSED" : "FAILED")** — \(Formatting.count(result.generator.events)) events, "
                + "seed \(scenario.seed), event-stream hash `\(result.generator.hash)`")
        lines.append("")
        lines += table(
            ["", ""],
            [
                ["scenario file", "`\(scenario.file)`"],
                ["workers × clients", "\(scenario.workers) × \(Formatting.count(scenario.clients))"],
                ["methods", scenario.methods.joined(separator: ", ")],
                [
                    "simulated time",
                    "\(Formatting.fixed(scenario.simulatedSeconds, digits: 1)) s in windows of "
                        + "\(Formatting.duration(seconds: scenario.windowSeconds)) (scale \(scenario.scale))",
                ],
                ["sinks", scenario.sinks.joined(separator: ", ")],
                ["git revision", result.environment.gitRevision.map { "`\($0)`" } ?? "—"],
                ["toolchain", result.environment.toolchain],
                ["machine", machine(result.environment.machine)],
                [
                    "started",
                    "\(result.environment.startedAt), took \(Formatting.fixed(result.environment.elapsedSeconds, digits: 1)) s",
                ],
            ])
        lines += thresholds(result)
        lines += generator(result)
        if let overhead = result.overhead { lines += OverheadSection.render(overhead) }
        if let accuracy = result.accuracy { lines += AccuracySection.render(accuracy) }
        if let ring = result.ring { lines += ringSection(ring) }
        if let memory = result.memory { lines += memorySection(memory) }
        if let conservation = result.conservation { lines += conservationSection(conservation) }
        if let pipeline = result.pipeline { lines += pipelineSection(pipeline) }
        if let alerts = result.alerts { lines += alertsSection(alerts) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The alerts the scenario's thresholds raised, with when they started and resolved.
    static func alertsSection(_ alerts: [RunAlert]) -> [String] {
        var lines = ["", "## Alerts", ""]
        guard !alerts.isEmpty else { return lines + ["No alert fired.", ""] }
        lines += table(
            ["metric", "highest level", "started", "resolved", "latest change"],
            alerts.map { alert in
                [
                    alert.metric, alert.severity, Formatting.duration(seconds: alert.startedAtSeconds),
                    alert.resolvedAtSeconds.map { Formatting.duration(seconds: $0) } ?? "still firing at the end",
                    alert.message,
                ]
            })
        return lines + [""]
    }

    static func machine(_ machine: MachineInfo) -> String {
        "\(machine.hostname): \(machine.cpuModel ?? "unknown CPU"), \(machine.cores) cores, "
            + "\(Formatting.bytes(Double(machine.memoryBytes))), jemalloc \(machine.jemalloc ? "active" : "not active")"
    }

    static func thresholds(_ result: RunResult) -> [String] {
        guard !result.thresholds.isEmpty else { return ["", "## Thresholds", "", "The scenario sets none.", ""] }
        return ["", "## Thresholds", ""]
            + table(
                ["threshold", "measured", "verdict"],
                result.thresholds.map { outcome in
                    [
                        "`\(outcome.threshold)`", outcome.measuredText ?? "not measured",
                        outcome.passed ? "pass" : "**FAIL**" + (outcome.detail.map { ": \($0)" } ?? ""),
                    ]
                })
    }

    static func generator(_ result: RunResult) -> [String] {
        let generator = result.generator
        return [
            "", "## Generator", "",
            "Sink `none` (generation and the runner only): \(Formatting.duration(nanoseconds: generator.nanosecondsPerEvent)) "
                + "of worker CPU per event; \(Formatting.rate(generator.eventsPerSecond)) events on "
                + "\(result.scenario.workers) workers (median of the `none` runs).", "",
        ]
    }

    static func ringSection(_ ring: RingFigures) -> [String] {
        [
            "", "## History ring (capacity \(ring.capacity))", "",
            "One writer appends while readers copy full snapshots back to back; a torn snapshot has an element from two "
                + "appends or a gap in the sequence.", "",
        ]
            + table(
                ["ring", "readers", "append", "appends/s", "snapshots", "copy (median)", "elements per copy", "torn"],
                ring.rows.map { row in
                    [
                        row.ring, String(row.readers), Formatting.duration(nanoseconds: row.appendNanoseconds),
                        Formatting.rate(row.appendsPerSecond), Formatting.count(row.snapshots),
                        row.snapshotNanoseconds.map { Formatting.duration(nanoseconds: $0) } ?? "—",
                        row.snapshotElements.map { Formatting.fixed($0, digits: 1) } ?? "—", String(row.torn),
                    ]
                })
            + [
                "",
                "A full \(ring.capacity)-entry copy with no writer: "
                    + ring.fullSnapshotNanoseconds.sorted { $0.key > $1.key }
                    .map { "\($0.key) \(Formatting.duration(nanoseconds: $0.value))" }.joined(separator: ", ") + ".",
                "A writer that laps a reader mid-copy leaves it a shorter run (still whole and in order): see the "
                    + "elements per copy.",
            ]
    }

    static func memorySection(_ memory: MemoryFigures) -> [String] {
        [
            "", "## Memory (jemalloc)", "",
            "Bytes per client (statsbench pipeline, net allocation while connecting): \(Formatting.bytes(memory.bytesPerClient)).",
            "",
        ]
            + table(
                ["sink", "allocations per event", "bytes per event"],
                memory.sinks.map {
                    [
                        $0.sink, $0.allocationsPerEvent.map { Formatting.fixed($0, digits: 4) } ?? "— (no jemalloc)",
                        Formatting.fixed($0.bytesPerEvent, digits: 2),
                    ]
                })
    }

    static func conservationSection(_ conservation: ConservationFigures) -> [String] {
        var lines = [
            "", "## Conservation", "",
            "\(conservation.checks.count) checks, **\(conservation.violations) violations**.", "",
        ]
        let failed = conservation.checks.filter { !$0.passed }
        if !failed.isEmpty {
            lines += table(
                ["sink", "check", "expected", "found"],
                failed.map { [$0.sink, $0.name, String($0.expected), String($0.actual)] })
        }
        lines += ["", "<details><summary>Every check</summary>", ""]
        lines += table(
            ["sink", "check", "value", "verdict"],
            conservation.checks.map { [$0.sink, $0.name, String($0.actual), $0.passed ? "ok" : "FAIL"] })
        lines += ["", "</details>", ""]
        return lines
    }

    static func pipelineSection(_ pipeline: PipelineFigures) -> [String] {
        ["", "## The pipeline at the end of its run", ""]
            + table(
                ["figure", "value"],
                [
                    ["requests", Formatting.count(pipeline.requests)],
                    [
                        "events sent / dropped / delivered",
                        "\(Formatting.count(pipeline.eventsSent)) / \(Formatting.count(pipeline.eventsDropped)) / "
                            + Formatting.count(pipeline.eventsDelivered),
                    ],
                    ["clients connected (total)", Formatting.count(pipeline.clientsConnected)],
                    [
                        "disconnects graceful / error / timeout",
                        "\(pipeline.disconnectsGraceful) / \(pipeline.disconnectsError) / \(pipeline.disconnectsTimeout)",
                    ],
                    ["subscriptions active", String(pipeline.subscriptionsActive)],
                    [
                        "model calls / cost / cache savings",
                        "\(Formatting.count(pipeline.modelCalls)) / \(Formatting.money(pipeline.modelCostMicroUnits)) / "
                            + Formatting.money(pipeline.modelSavingsMicroUnits),
                    ],
                    ["history samples / interval reports", "\(pipeline.historySamples) / \(pipeline.intervalReports)"],
                    [
                        "window p50 / p99",
                        "\(Formatting.duration(seconds: pipeline.windowP50)) / \(Formatting.duration(seconds: pipeline.windowP99))",
                    ],
                ])
    }

    /// `text` as the text of a Markdown table cell, never markup: a name from a scenario (`<script>`, `[a](b)`,
    /// `a|b`) shows as written. `|` ends a cell, `[` `]` make a link, and `<` before a letter, `/`, `!` or `?`
    /// opens raw HTML (CommonMark §6.6), so each is escaped with a backslash; a `<` before a space (`< 2us`) is
    /// left alone.
    static func markdownCell(_ cell: String) -> String {
        var text = ""
        var characters = cell.makeIterator()
        var next = characters.next()
        while let character = next {
            next = characters.next()
            switch character {
            case "|", "[", "]": text += "\\\(character)"
            case "<" where next.map { $0.isLetter || "/!?".contains($0) } == true: text += "\\<"
            default: text.append(character)
            }
        }
        return text
    }

    /// A Markdown table; every cell is escaped (``markdownCell(_:)``).
    static func table(_ header: [String], _ rows: [[String]]) -> [String] {
        let escape = markdownCell
        return [
            "| " + header.map(escape).joined(separator: " | ") + " |",
            "|" + header.map { _ in "---" }.joined(separator: "|") + "|",
        ]
            + rows.map { "| " + $0.map(escape).joined(separator: " | ") + " |" }
    }
}
