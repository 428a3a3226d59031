/// The one-screen summary `statsbench run` prints on standard output.
public enum SummaryRenderer {
    /// A few lines per scenario: verdict, generator speed, overhead, accuracy, ring, conservation, report path.
    public static func summary(_ result: RunResult, reportPath: String?) -> String {
        var lines: [String] = []
        let generator = result.generator
        lines.append(
            "\(result.scenario.name)  \(result.passed ? "PASSED" : "FAILED")  "
                + "\(Formatting.count(generator.events)) events  hash \(generator.hash)  generator "
                + "\(Formatting.duration(nanoseconds: generator.nanosecondsPerEvent))/event "
                + "(\(Formatting.rate(generator.eventsPerSecond)) on \(result.scenario.workers) workers)")
        if let overhead = result.overhead, !overhead.sinks.isEmpty {
            lines.append(
                "  overhead/event  "
                    + overhead.sinks.map { sink in
                        var text = "\(sink.sink) \(Formatting.overhead(sink))"
                        if let p999 = sink.sampledCost?.p999 {
                            text += " (p99.9 \(Formatting.duration(nanoseconds: p999)))"
                        }
                        return text
                    }.joined(separator: " | "))
        }
        if let accuracy = result.accuracy {
            let sinks = AccuracySection.orderedUnique(accuracy.rows.map(\.sink))
            lines.append(
                "  worst error     "
                    + sinks.map { sink in
                        let rows = accuracy.rows.filter { $0.sink == sink }
                        let errors = rows.flatMap { $0.relativeError.compactMap { $0 } }
                        let missing = rows.reduce(0) { $0 + $1.missing.compactMap { $0 }.count }
                        let figures = rows.reduce(0) { $0 + $1.relativeError.count }
                        // The worst of the figures measured; the missing ones (listed below) are not in it.
                        return "\(sink) \(Formatting.percent(errors.max()))"
                            + (missing > 0 ? " (\(missing) of \(figures) figures missing)" : "")
                    }.joined(separator: " | "))
            for line in AccuracySection.missingLines(accuracy).prefix(5) {
                lines.append("  missing figure  " + line)
            }
            let more = AccuracySection.missingLines(accuracy).count - 5
            if more > 0 { lines.append("  missing figure  … and \(more) more (see report.md)") }
        }
        if let ring = result.ring {
            for name in AccuracySection.orderedUnique(ring.rows.map(\.ring)) {
                let rows = ring.rows.filter { $0.ring == name }
                lines.append(
                    "  ring \(name)  append with \(rows.map { String($0.readers) }.joined(separator: "/")) readers "
                        + rows.map { Formatting.duration(nanoseconds: $0.appendNanoseconds) }.joined(separator: " / ")
                        + ", full copy \(ring.fullSnapshotNanoseconds[name].map { Formatting.duration(nanoseconds: $0) } ?? "—")"
                        + ", torn \(rows.reduce(0) { $0 + $1.torn })")
            }
        }
        if let alerts = result.alerts {
            lines.append(
                "  alerts          "
                    + (alerts.isEmpty
                        ? "none fired"
                        : alerts.map { alert in
                            "\(alert.metric) \(alert.severity) from \(Formatting.duration(seconds: alert.startedAtSeconds))"
                                + (alert.resolvedAtSeconds.map { " to \(Formatting.duration(seconds: $0))" } ?? "")
                        }.joined(separator: " | ")))
        }
        if let memory = result.memory {
            let ours = memory.sinks.first { $0.sinkKind == .statsbench }
            lines.append(
                "  memory          \(Formatting.bytes(memory.bytesPerClient)) per client, "
                    + "\(ours?.allocationsPerEvent.map { Formatting.fixed($0, digits: 4) } ?? "—") allocations per event"
            )
        }
        if let conservation = result.conservation {
            lines.append("  conservation    \(conservation.checks.count) checks, \(conservation.violations) violations")
        }
        for failed in result.thresholds where !failed.passed {
            lines.append("  FAILED threshold \(failed.threshold): \(failed.detail ?? "")")
        }
        for check in result.conservation?.checks ?? [] where !check.passed {
            lines.append(
                "  FAILED check [\(check.sink)] \(check.name): expected \(check.expected), found \(check.actual)")
        }
        if let reportPath { lines.append("  report          \(reportPath)") }
        return lines.joined(separator: "\n")
    }
}
