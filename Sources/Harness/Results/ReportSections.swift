import Foundation

/// The overhead section of the report.
enum OverheadSection {
    static func render(_ overhead: OverheadFigures) -> [String] {
        var lines = [
            "", "## Collection overhead", "", "### Per primitive (this run's bare atomic add is the reference)", "",
        ]
        lines += ReportRenderer.table(
            ["operation", "threads", "per op", "× atomic add"],
            overhead.primitives.map {
                [
                    $0.name, String($0.threads), Formatting.duration(nanoseconds: $0.nanosecondsPerOperation),
                    Formatting.ratio($0.ratioToAtomic),
                ]
            })
        lines += ["", "At 2 threads the figure is aggregate: wall time over every operation of both threads.", ""]
        lines += [
            "### End to end, per event, against sink `none`", "",
            "Worker CPU time with the sink minus without, over the events, from interleaved pairs: mean ± 95 % "
                + "confidence (pairs are added until the interval is narrow enough or the time budget is spent; "
                + "a figure whose interval contains 0 is below the noise). The sampled cost times every n-th "
                + "`record` call (clock pair of \(Formatting.duration(nanoseconds: overhead.clockPairNanoseconds)) "
                + "subtracted).", "",
        ]
        let ours = overhead.sinks.first {
            $0.sinkKind == .statsbench && !$0.isBelowNoise && $0.unresolvedReason == nil
        }?.meanNanoseconds
        lines += ReportRenderer.table(
            [
                "sink", "overhead/event", "pairs", "median", "× atomic add", "× statsbench", "sampled p50", "p99",
                "p99.9", "max",
            ],
            overhead.sinks.map { sink in
                let cost = sink.sampledCost
                return [
                    sink.sink, Formatting.overhead(sink),
                    "\(sink.pairs)" + (sink.stopReason == .fixed ? "" : sink.stoppedBy.map { " (\($0))" } ?? ""),
                    Formatting.duration(nanoseconds: sink.medianNanoseconds),
                    sink.isBelowNoise || sink.unresolvedReason != nil ? "—" : Formatting.ratio(sink.ratioToAtomic),
                    ours.flatMap {
                        $0 > 0 && !sink.isBelowNoise && sink.unresolvedReason == nil
                            ? Formatting.ratio(sink.meanNanoseconds / $0) : nil
                    }
                        ?? "—",
                    cost.map { Formatting.duration(nanoseconds: $0.p50) } ?? "—",
                    cost.map { Formatting.duration(nanoseconds: $0.p99) } ?? "—",
                    cost.map { Formatting.duration(nanoseconds: $0.p999) } ?? "—",
                    cost.map { Formatting.duration(nanoseconds: $0.max) } ?? "—",
                ]
            })
        if let sentence = memoryLatency(overhead) { lines += ["", sentence] }
        return lines
    }

    /// The sentence on the memory's latency before and after the pairs (the Markdown and HTML reports), or `nil`
    /// when it was not measured.
    static func memoryLatency(_ overhead: OverheadFigures) -> String? {
        guard let latencies = overhead.memoryLatencyNanoseconds, let first = latencies.first,
            let last = latencies.last
        else { return nil }
        return "Memory latency (a load missing every cache: a pointer chase over 128 MiB) "
            + "\(Formatting.duration(nanoseconds: first)) before the pairs, "
            + "\(Formatting.duration(nanoseconds: last)) after: the cost of a sink that misses to memory (many "
            + "clients) depends on it."
    }
}

/// The accuracy section of the report.
enum AccuracySection {
    static func render(_ accuracy: AccuracyFigures) -> [String] {
        var lines = [
            "", "## Percentile accuracy", "",
            "Relative error |estimate − exact| / exact against the exact nearest-rank quantiles of the generated "
                + "latencies; `window` is the worst over \(accuracy.windows) windows. — means the sink has no "
                + "such query.", "",
        ]
        let sinks = orderedUnique(accuracy.rows.map(\.sink))
        let methods = orderedUnique(accuracy.rows.map(\.method))
        for scope in QuantileScope.allCases {
            lines += ["### \(scope == .run ? "Whole run" : "Per window (worst)")", ""]
            var header = ["distribution", "quantile"]
            header += sinks
            var rows: [[String]] = []
            for method in methods {
                for (index, q) in accuracy.quantiles.enumerated() {
                    var row = [method, Formatting.quantile(q)]
                    for sink in sinks {
                        let match = accuracy.rows.first {
                            $0.sink == sink && $0.method == method && $0.quantileScope == scope
                        }
                        row.append(cell(match, index: index))
                    }
                    rows.append(row)
                }
            }
            lines += ReportRenderer.table(header, rows) + [""]
        }
        let missing = missingLines(accuracy)
        if !missing.isEmpty {
            lines += ["### Figures that could not be computed", ""] + missing.map { "- " + $0 } + [""]
        }
        return lines
    }

    /// One table cell: the error, or the out-of-range answer (`> 12.1 d`), or `lost` for a lost estimate.
    static func cell(_ row: AccuracyRow?, index: Int) -> String {
        guard let row else { return "—" }
        if let error = row.relativeError[index] { return Formatting.percent(error) }
        guard index < row.missing.count, let reason = row.missing[index] else { return "—" }
        if reason.hasPrefix("window "), let colon = reason.firstIndex(of: ":") {
            return shortReason(String(reason[reason.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        }
        return shortReason(reason)
    }

    private static func shortReason(_ reason: String) -> String {
        if reason.hasPrefix(">") || reason.hasPrefix("≤") {
            return String(reason.prefix { $0 != ":" }) + " (out of range)"
        }
        return "missing"
    }

    /// Every figure with an exact value but no error: `statsbench lognormal run p99.9: > 12.1 d: above …`.
    static func missingLines(_ accuracy: AccuracyFigures) -> [String] {
        accuracy.rows.flatMap { row in
            row.missingFigures.map { index, reason in
                "\(row.sink) \(row.method) \(row.scope) \(Formatting.quantile(accuracy.quantiles[index])): \(reason)"
            }
        }
    }

    static func orderedUnique(_ values: [String]) -> [String] {
        var seen: Set<String> = []
        return values.filter { seen.insert($0).inserted }
    }
}
