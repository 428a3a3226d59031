import ServerStats
import Simulation
import StatsCore
import StatsExport

/// One drive of one sink, with what was read back from the sink afterwards.
struct SinkRun {
    /// The sink's name.
    var sink: String
    /// What the drive measured.
    var outcome: DriveOutcome
    /// What the sink counted.
    var totals: SinkTotals
    /// The sink's whole-run quantile estimates (`nil` when it has none or none were asked for).
    var runQuantiles: [[QuantileEstimate?]]?
    /// Common and sink-specific conservation checks.
    var checks: [ConservationCheck]
    /// The pipeline's own figures (statsbench only).
    var pipeline: PipelineFigures?
    /// The pipeline's resource history, its clock's start and its stats-file writer (statsbench only).
    var history: (samples: [ResourceSample], start: StatsTime, statsFiles: StatsFileWriter?)?
    /// The alerts of the run, firing at its end and resolved, with their start and resolve times (statsbench
    /// with a scenario's `alerts:` only).
    var alerts: (start: StatsTime, episodes: [AlertEpisode])? = nil
}

/// Creates the sink a ``SinkKind`` names and drives it: the one place where a kind becomes a concrete type,
/// so everything below is specialised (no existential on the record path).
enum SinkRunner {
    /// Creates and drives the sink `kind`.
    static func run(
        _ kind: SinkKind, plan: RunPlan, setup: SinkSetup, options: DriveOptions, quantiles: [Double] = []
    ) throws(HarnessError) -> SinkRun {
        switch kind {
        case .none: return try run(NoneSink.self, name: kind.name, plan, setup, options, quantiles)
        case .statsbench: return try run(StatsbenchSink.self, name: kind.name, plan, setup, options, quantiles)
        case .calibrated: return try run(CalibratedSink.self, name: kind.name, plan, setup, options, quantiles)
        case .seedNaive: return try run(SeedNaiveSink.self, name: kind.name, plan, setup, options, quantiles)
        case .swiftPrometheus: return try run(PrometheusSink.self, name: kind.name, plan, setup, options, quantiles)
        case .hdrHistogram: return try run(HDRHistogramSink.self, name: kind.name, plan, setup, options, quantiles)
        default: throw .sinkSetup(sink: kind.name, reason: "this build of the harness has no such sink")
        }
    }

    /// Creates a sink of type `type` and drives it.
    static func run<S: Sink>(
        _ type: S.Type, name: String, _ plan: RunPlan, _ setup: SinkSetup, _ options: DriveOptions,
        _ quantiles: [Double]
    ) throws(HarnessError) -> SinkRun {
        let sink = try S(setup: setup)
        let outcome = try Driver.drive(sink, plan: plan, options: options)
        if let inspect = options.afterDrive, let statsbench = sink as? StatsbenchSink { inspect(statsbench) }
        let totals = sink.totals()
        var checks = Conservation.checks(
            sink: name, totals: totals, generated: outcome.totals, methods: setup.methods)
        if let reporting = sink as? ConservationReporting {
            checks += reporting.conservationChecks(generated: outcome.totals, outcome: outcome)
        }
        return SinkRun(
            sink: name, outcome: outcome, totals: totals,
            runQuantiles: quantiles.isEmpty ? nil : sink.quantileEstimates(quantiles, scope: .run), checks: checks,
            pipeline: (sink as? StatsbenchSink)?.pipelineFigures(),
            history: (sink as? StatsbenchSink).map { ($0.history.all(), $0.start, $0.statsFiles) },
            alerts: (sink as? StatsbenchSink).flatMap { sink in
                sink.alerts.map { (sink.start, $0.resolved() + $0.active()) }
            })
    }
}
