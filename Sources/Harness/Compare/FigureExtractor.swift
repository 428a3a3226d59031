import Simulation

/// An exact figure of one run: the same build and seed give the same value on any machine load.
struct ExactFigure {
    var name: String
    var unit: String
    /// The value (`nil`: not measured in this run, e.g. allocations without jemalloc).
    var value: Double?
    /// A value that is not a number (the event-stream hash).
    var text: String?
    /// How much it may rise before it counts as worse.
    var tolerance: Double
    /// Whether it depends on the event stream (so only comparable for the same seed and scale).
    var dependsOnEvents: Bool
}

/// A timed figure of one run: its samples (interleaved pairs, or the run's one value).
struct TimedFigure {
    var name: String
    var unit: String
    var samples: [Double]
    /// The absolute minimum effect in the figure's unit.
    var floor: Double
    /// Whether a slowdown of this figure can fail the gate: the project's own code (the statsbench sink, the
    /// primitives), not a peer's (the naive, Prometheus and HdrHistogram sinks, the calibrated sink), whose
    /// figures are context — a peer that runs three times slower in one process than in another is not a
    /// regression of this project.
    var gates = true
    /// Why this run's figure is no per-event cost (``SinkOverhead/unresolvedReason``), or `nil`: such a figure
    /// compares the drives' fixed costs, so its comparison is inconclusive and never gates.
    var unresolved: String? = nil
}

/// Pulls the figures a comparison looks at out of a result.
enum FigureExtractor {
    static func exact(_ result: RunResult, settings: CompareSettings) -> [ExactFigure] {
        var figures = [
            ExactFigure(
                name: "event-stream hash", unit: "hash", value: nil, text: result.generator.hash, tolerance: 0,
                dependsOnEvents: true)
        ]
        if let conservation = result.conservation {
            figures.append(
                ExactFigure(
                    name: "conservation violations", unit: "count", value: Double(conservation.violations),
                    text: nil, tolerance: 0, dependsOnEvents: false))
        }
        for sink in result.memory?.sinks ?? [] {
            figures.append(
                ExactFigure(
                    name: "allocations/event \(sink.sink)", unit: "allocations/event", value: sink.allocationsPerEvent,
                    text: nil, tolerance: settings.allocationTolerance, dependsOnEvents: false))
        }
        for row in result.ring?.rows ?? [] {
            figures.append(
                ExactFigure(
                    name: "ring torn snapshots \(row.ring) \(row.readers) readers", unit: "count",
                    value: Double(row.torn), text: nil, tolerance: 0, dependsOnEvents: false))
        }
        if let accuracy = result.accuracy {
            for row in accuracy.rows {
                for (index, quantile) in accuracy.quantiles.enumerated() where index < row.relativeError.count {
                    let missing = index < row.missing.count ? row.missing[index] : nil
                    // A figure with neither an error nor a reason has nothing to compare (no exact value).
                    guard row.relativeError[index] != nil || missing != nil else { continue }
                    figures.append(
                        ExactFigure(
                            name: "accuracy \(row.sink) \(row.method) \(row.scope) \(Formatting.quantile(quantile))",
                            unit: "fraction",
                            // A lost estimate is an infinite error: worse than any number.
                            value: row.relativeError[index] ?? .infinity, text: nil,
                            tolerance: settings.accuracyTolerance, dependsOnEvents: true))
                }
            }
        }
        for count in result.instructions?.paths ?? [] {
            figures.append(
                ExactFigure(
                    name: "instructions/record \(count.path)", unit: "instructions/record",
                    value: count.instructionsPerRecord, text: nil, tolerance: settings.instructionTolerance,
                    dependsOnEvents: false))
        }
        return figures
    }

    static func timed(_ result: RunResult, rule: TimedRule) -> [TimedFigure] {
        guard let overhead = result.overhead else { return [] }
        var figures = overhead.sinks.map {
            TimedFigure(
                name: "overhead/event \($0.sink)", unit: "ns", samples: $0.pairNanoseconds,
                floor: rule.minimumEffectNanoseconds, gates: $0.sinkKind == .statsbench,
                unresolved: $0.unresolvedReason)
        }
        for primitive in overhead.primitives {
            let name = "\(primitive.name) \(primitive.threads) thread\(primitive.threads == 1 ? "" : "s")"
            figures.append(
                TimedFigure(
                    name: "ns/op " + name, unit: "ns", samples: [primitive.nanosecondsPerOperation],
                    floor: rule.minimumEffectNanoseconds))
            if !primitive.name.hasPrefix("atomic.add") {
                figures.append(
                    TimedFigure(
                        name: "× atomic " + name, unit: "×", samples: [primitive.ratioToAtomic],
                        floor: rule.minimumEffectRatio))
            }
        }
        return figures
    }
}
