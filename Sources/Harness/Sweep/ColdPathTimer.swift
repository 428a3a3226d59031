import Foundation
import ServerStats
import StatsExport
import Synchronization

/// Times the cold paths that grow with the population on the statsbench sink's pipeline right after its drive
/// (``RunOptions/inspectStatsbenchSink``): a server snapshot, `/metrics` with per-client series off and on, a
/// stats-file write, a window p99 query, and any extra path the caller adds (the command adds the
/// `/health/clients` page, which lives in StatsHTTP). Also reads the process's resident set there.
///
/// Each path runs once to warm up, then ``repetitions`` times (fewer when one path has spent ``budgetSeconds``);
/// the figure is the median, in nanoseconds.
public final class ColdPathTimer: Sendable {
    /// Timed repetitions per path (after one warm-up).
    public static let repetitions = 5
    /// Wall-clock seconds one path may spend before its repetitions stop (at least one is timed).
    public static let budgetSeconds = 10.0

    /// An extra cold path: its figure and the work to time on the sink.
    public typealias Extra = (figure: SweepFigure, work: @Sendable (StatsbenchSink) -> Void)

    private let extras: [Extra]
    private let figures = Mutex<[SweepFigure: Double]>([:])
    private let counts = Mutex<[SweepFigure: Int]>([:])

    /// A timer that also times `extras`.
    public init(extras: [Extra] = []) {
        self.extras = extras
    }

    /// The figures of the last sink timed (empty before).
    public var results: [SweepFigure: Double] { figures.withLock { $0 } }

    /// How many timed repetitions each figure's median is of.
    public var repetitionCounts: [SweepFigure: Int] { counts.withLock { $0 } }

    /// Times every path on `sink` (call on the control thread after the drive, while no worker records).
    public func time(_ sink: StatsbenchSink) {
        var measured: [SweepFigure: Double] = [:]
        var repeated: [SweepFigure: Int] = [:]
        func record(_ figure: SweepFigure, _ work: () -> Void) {
            let (median, count) = Self.median(work)
            measured[figure] = median
            repeated[figure] = count
        }
        let pipeline = sink.pipeline
        record(.snapshot) { _ = pipeline.serverSnapshot() }
        var plain = PrometheusRenderer()
        record(.scrape) { Self.render(&plain, sink) }
        var options = PrometheusOptions()
        options.perClientSeries = true
        var perClient = PrometheusRenderer(options: options)
        record(.scrapePerClient) { Self.render(&perClient, sink) }
        record(.windowQuery) { _ = pipeline.requestStatistics().p99 }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("statsbench-sweep-\(getpid())-\(UUID().uuidString)")
        if (try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)) != nil,
            let writer = try? StatsFileWriter(directory: directory.path, keepNewest: 2)
        {
            let report = sink.lastIntervalReport ?? sink.intervals.report(at: pipeline.clock.now)
            record(.statsFile) { _ = try? writer.writeOrThrow(report) }
        }
        try? FileManager.default.removeItem(at: directory)
        for extra in extras { record(extra.figure) { extra.work(sink) } }
        if let resident = sink.sampler.sample(at: .wallClockNow()).residentBytes {
            measured[.residentBytes] = Double(resident)
        }
        figures.withLock { $0 = measured }
        counts.withLock { $0 = repeated }
    }

    /// `/metrics` as `statsbench serve` renders it from this sink's parts: the pipeline with the latest resource
    /// sample, the history, the call ledger and the alerts.
    static func render(_ renderer: inout PrometheusRenderer, _ sink: StatsbenchSink) {
        _ = renderer.render(pipeline: sink.pipeline, resources: sink.history.latest())
        renderer.appendHistory(sink.history)
        renderer.appendCosts(sink.ledger.snapshot())
        if let alerts = sink.alerts { renderer.appendAlerts(alerts) }
    }

    /// The median nanoseconds of `work` over up to ``repetitions`` timed runs after one warm-up, and how many ran.
    static func median(_ work: () -> Void) -> (Double, Int) {
        work()
        var samples: [Double] = []
        let started = Clocks.monotonic()
        while samples.count < repetitions {
            let start = Clocks.monotonic()
            work()
            samples.append(Double(Clocks.monotonic() &- start))
            if Double(Clocks.monotonic() &- started) / 1e9 > budgetSeconds { break }
        }
        return (Statistics.median(samples), samples.count)
    }
}
