import ArgumentParser
import CoreMetrics
import Foundation
import Harness
import Hummingbird
import ServerStats
import ServiceLifecycle
import StatsExport
import StatsHTTP

/// `statsbench serve`: the `/health…` and `/metrics` endpoints over an idle pipeline or a scenario's live load.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve /health… (JSON) and /metrics (Prometheus) over an idle pipeline or a scenario's live load.",
        discussion: """
            Prints 'listening on http://HOST:PORT' on standard output once bound (--port 0 picks a free port). \
            With --stats-path (or STATSBENCH_STATS_PATH; the option wins) writes one stats file per \
            --stats-interval. With --state-file the call ledger and the restart count are loaded at start (a \
            corrupt file is moved aside and the ledger starts empty; a plain JSON array of call records is \
            imported) and saved every --save-interval. Resources (this process, a watched one, the disks of \
            the stats directory and state file) are sampled every --metrics-interval (or \
            STATSBENCH_METRICS_INTERVAL; default 10 s) into a history of --history-capacity samples, and \
            alert thresholds (--alerts FILE, --alert METRIC.LEVEL=VALUE) are evaluated after each sample; \
            every alert change is logged on standard error. SIGINT or SIGTERM stops it \
            gracefully (a swift-service-lifecycle ServiceGroup): the HTTP server stops, the load stops, the \
            collector takes a last sample, the last stats file is written and the state is saved once, in that \
            order; then it exits 0 — or 1, naming what was lost, when that last stats file or that last save \
            failed. A --watch-command child is stopped last. Failed writes and saves \
            are counted on /metrics and /health/server. Endpoints: docs/http-endpoints.md.
            """)

    @Option(parsing: .unconditional, help: "The port to listen on; 0 picks a free one.")
    var port = 9464

    @Option(help: "The address to bind (loopback by default).")
    var host = "127.0.0.1"

    @Option(help: "Require 'Authorization: Bearer TOKEN' on every endpoint but /health.")
    var token: String?

    @Option(help: "Run this scenario's simulated load in the background, paced in real time.")
    var scenario: String?

    @Option(parsing: .unconditional, help: "Runs of the scenario; 0 repeats it until stopped.")
    var runs = 0

    @Option(parsing: .unconditional, help: "Simulated seconds per wall-clock second for the scenario's load.")
    var speed: DecimalArgument = 1.0

    @Option(help: "Write one stats file per interval into this existing, writable directory.")
    var statsPath: String?

    @Option(
        parsing: .unconditional,
        help: "Time between --stats-path's files, e.g. 10s, 500ms (at least 1ms; default \(Self.defaultStatsInterval))."
    )
    var statsInterval: DurationArgument?

    /// `--stats-interval` when it is not given.
    static var defaultStatsInterval: Duration { .seconds(10) }

    @Option(parsing: .unconditional, help: "Keep only the newest N of --stats-path's files (default: keep all).")
    var statsKeep: Int?

    @Option(
        help:
            "Persist the call ledger in this file: loaded at start (a plain JSON array of call records is imported), saved every --save-interval and on shutdown."
    )
    var stateFile: String?

    @Option(
        parsing: .unconditional,
        help: "Time between saves of --state-file, e.g. 60s (at least 1ms; default \(Self.defaultSaveInterval)).")
    var saveInterval: DurationArgument?

    /// `--save-interval` when it is not given.
    static var defaultSaveInterval: Duration { .seconds(60) }

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Time between resource samples (history, alerts), 1ms to 1d: seconds (10, 0.5) or with a unit (500ms, 10s, 1m).",
            discussion:
                "Default: STATSBENCH_METRICS_INTERVAL (a number of seconds) if set, else 10 s. The option wins over the variable."
        ))
    var metricsInterval: DurationArgument?

    @Option(
        parsing: .unconditional,
        help: "Resource samples the history keeps, 1 to 1000000 (the oldest is evicted beyond); 360 × 10 s is one hour."
    )
    var historyCapacity = HistoryConfiguration.defaultCapacity

    @Option(
        help: "Alert thresholds file (YAML; see docs/http-endpoints.md, /health/alerts). Default thresholds otherwise.")
    var alerts: String?

    @Option(
        name: .customLong("alert"),
        help:
            "Set one threshold, METRIC.LEVEL=VALUE (cpu, memory, disk, error-rate, p99-latency; warning, critical), e.g. cpu.warning=80 or p99-latency.critical=1s; repeatable, wins over --alerts."
    )
    var alertOverrides: [String] = []

    @Option(
        parsing: .unconditional,
        help: "Watch this process's CPU and memory too (its figures are null while it is not running).")
    var watchPid: Int32?

    @Option(
        parsing: .remaining,
        help: "Start this command (all remaining arguments) as a child and watch it; it is stopped at shutdown.")
    var watchCommand: [String] = []

    mutating func validate() throws {
        if let statsKeep, statsKeep < 1 { throw ValidationError("--stats-keep must be at least 1, got \(statsKeep)") }
        guard runs >= 0 else { throw ValidationError("--runs must be 0 (until stopped) or more, got \(runs)") }
        guard speed.value >= 1e-3, speed.value <= 1e6 else {
            throw ValidationError("--speed must be between 0.001 and 1000000, got \(speed.value)")
        }
        if scenario == nil && (runs != 0 || speed.value != 1) {
            throw ValidationError("--runs and --speed apply to a --scenario's load; name a scenario or leave them out")
        }
        guard historyCapacity >= 1, historyCapacity <= HistoryConfiguration.maximumCapacity else {
            throw ValidationError(
                "--history-capacity must be 1 to \(HistoryConfiguration.maximumCapacity) samples, got \(historyCapacity)"
            )
        }
        let shortest = Duration.milliseconds(1)
        for (flag, interval) in [("--stats-interval", statsInterval), ("--save-interval", saveInterval)] {
            if let interval, interval.duration < shortest {
                throw ValidationError("\(flag) must be at least 1ms, got '\(interval)'")
            }
        }
        // Settings of an output that is not asked for would be ignored in silence.
        let statsFromEnvironment = ProcessInfo.processInfo.environment[StatsDirectory.environmentVariable] != nil
        if statsPath == nil, !statsFromEnvironment, statsInterval != nil || statsKeep != nil {
            throw ValidationError(
                "--stats-interval and --stats-keep apply to the stats files of --stats-path (or "
                    + "\(StatsDirectory.environmentVariable)); name a directory or leave them out")
        }
        if stateFile == nil, saveInterval != nil {
            throw ValidationError("--save-interval applies to --state-file; name a file or leave it out")
        }
        if let command = watchCommand.first, command.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--watch-command needs a command to start, got an empty one")
        }
    }

    /// The steps: read and check the settings (``startup()``: any fault exits 2 before anything listens); build
    /// the collection side and the HTTP endpoints; run the services (``services(_:app:losses:)``) until a
    /// signal; report what a failed shutdown lost (exit 1).
    mutating func run() async throws {
        let start = try startup()
        let source: ServeSource
        do {
            source = try ServeSource.make(
                scenario: scenario, runs: runs, speed: speed.value, restartCount: start.stateLoad?.restartCount ?? 0)
        } catch {
            start.watched?.stop()
            throw error
        }
        let parts = Self.collection(start, source: source, stateFile: stateFile)
        // An IPv6 address is bracketed in a URL (RFC 3986 §3.2.2): http://[::1]:8080.
        let host = start.configuration.host.contains(":") ? "[\(start.configuration.host)]" : start.configuration.host
        let app = parts.endpoints.application(configuration: start.configuration) { port in
            writeLine("listening on http://\(host):\(port)")
        }
        let losses = ShutdownLosses()
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services(parts, app: app, losses: losses), gracefulShutdownSignals: [.sigterm, .sigint],
                cancellationSignals: [], logger: Self.lifecycleLogger()))
        var failure: (any Error)?
        do {
            try await group.run()
        } catch {
            failure = error
        }
        start.watched?.stop()
        let lost = losses.all
        if let failure {
            if !lost.isEmpty { printToStandardError("error: shutdown lost data: " + lost.joined(separator: "; ")) }
            // An address that does not resolve or bind is a bad setting (exit 2), like the others startup() checks.
            if let reason = ListenFailure.describe(
                failure, host: start.configuration.host, port: start.configuration.port)
            {
                throw startupError(reason)
            }
            printToStandardError("error: the server stopped: \(failure)")
            throw ExitCode.failure
        }
        if !lost.isEmpty {
            printToStandardError("error: shutdown lost data: " + lost.joined(separator: "; "))
            throw ExitCode.failure
        }
    }

    /// What the settings resolve to before anything starts.
    struct Startup {
        let configuration: StatsHTTPConfiguration
        let directory: String?
        let history: HistoryConfiguration
        let thresholds: AlertThresholds
        let writer: StatsFileWriter?
        let stateLoad: StateLoad?
        let watched: WatchTarget?
    }

    /// Reads and checks every setting, the alert thresholds, the stats directory and the state file, and starts
    /// the watched process; every fault is an error naming it (exit 2).
    func startup() throws -> Startup {
        let configuration: StatsHTTPConfiguration
        let directory: String?
        let history: HistoryConfiguration
        do {
            configuration = try StatsHTTPConfiguration(host: host, port: port, bearerToken: token)
            directory = try StatsDirectory.resolve(explicit: statsPath)
            history = try HistoryConfiguration.resolve(
                option: metricsInterval?.duration, optionText: metricsInterval?.description,
                optionName: "--metrics-interval",
                environment: ProcessInfo.processInfo.environment, capacity: historyCapacity)
        } catch {
            throw startupError("\(error)")
        }
        let thresholds = try ServeAlerts.thresholds(file: alerts, overrides: alertOverrides)
        let writer = try directory.map { directory in
            do {
                return try StatsFileWriter(directory: directory, keepNewest: statsKeep)
            } catch {
                throw startupError(
                    "\(statsPath == nil ? StatsDirectory.environmentVariable : "--stats-path"): \(error)")
            }
        }
        let stateLoad = try stateFile.map { path in try StateLoad(path: path) }
        let watched = try WatchTarget.make(pid: watchPid, command: watchCommand)
        return Startup(
            configuration: configuration, directory: directory, history: history, thresholds: thresholds,
            writer: writer, stateLoad: stateLoad, watched: watched)
    }

    /// The collection side of a running server and the endpoints that read it.
    struct Collection {
        let source: ServeSource
        let aggregator: IntervalAggregator
        let persistence: StatePersistence?
        let writer: StatsFileWriter?
        let history: HistoryCollector
        let historyInterval: Duration
        let board: AlertBoard
        let endpoints: StatsEndpoints
    }

    /// Builds the aggregator, persistence, resource sampler, history, alert board and the swift-metrics backend
    /// (everything recorded through swift-metrics — here Hummingbird's request metrics — lands in StatsCore
    /// primitives and is rendered by /metrics), and the endpoints over them.
    static func collection(_ start: Startup, source: ServeSource, stateFile: String?) -> Collection {
        let aggregator = IntervalAggregator(pipeline: source.pipeline)
        let persistence = start.stateLoad.map { StatePersistence($0, ledger: source.ledger) }
        let sampler = ResourceSampler(
            watchedPID: start.watched?.pid,
            diskPaths: DiskPaths(statsDirectory: start.directory, stateFile: stateFile))
        let history = HistoryCollector(configuration: start.history, sampler: sampler)
        let board = AlertBoard(thresholds: start.thresholds, logger: ServeAlerts.logger())
        let metricsFactory = StatsMetricsFactory()
        MetricsSystem.bootstrap(metricsFactory)
        if let demo = ProcessInfo.processInfo.environment[HostileMetricsDemo.environmentVariable], demo == "1" {
            HostileMetricsDemo.register(in: metricsFactory)
        }
        var counts: (@Sendable () -> PersistenceCounts)?
        let writer = start.writer
        if writer != nil || persistence != nil {
            counts = {
                PersistenceCounts(
                    statsFileWrites: writer?.successfulWrites, statsFileWritesFailed: writer?.failedWrites,
                    stateSaves: persistence?.saves, stateSavesFailed: persistence?.failedSaves)
            }
        }
        let endpoints = StatsEndpoints(
            pipeline: source.pipeline, sampler: sampler, history: history,
            version: Version.current, loadStatus: source.loadStatus, metrics: metricsFactory, persistence: counts,
            ledger: source.ledger, alerts: board)
        return Collection(
            source: source, aggregator: aggregator, persistence: persistence, writer: writer, history: history,
            historyInterval: start.history.interval, board: board, endpoints: endpoints)
    }

    /// The services, in start order. They shut down in reverse: the HTTP server stops answering, then the load
    /// stops and the clock is ticked, then the collector takes its last sample (and alert evaluation), then the
    /// last stats file is written, and last of all the state is saved, once. A final step that loses data adds
    /// a sentence to `losses`.
    func services<App: Service>(_ parts: Collection, app: App, losses: ShutdownLosses)
        -> [ServiceGroupConfiguration.ServiceConfiguration]
    {
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let persistence = parts.persistence {
            services.append(
                .init(
                    service: PeriodicService(
                        "state saver", every: saveInterval?.duration ?? Self.defaultSaveInterval,
                        step: { persistence.save() },
                        final: { if let loss = Self.finalSave(persistence) { losses.add(loss) } })))
        }
        if let writer = parts.writer {
            let aggregator = parts.aggregator
            services.append(
                .init(
                    service: PeriodicService(
                        "stats file writer", every: statsInterval?.duration ?? Self.defaultStatsInterval,
                        step: { writer.write(aggregator.report(at: .wallClockNow())) },
                        final: {
                            if let loss = Self.finalStatsFile(writer, aggregator.report(at: .wallClockNow())) {
                                losses.add(loss)
                            }
                        })))
        }
        let (history, board, pipeline, source) = (parts.history, parts.board, parts.source.pipeline, parts.source)
        services.append(
            .init(
                service: PeriodicService(
                    "collector", every: parts.historyInterval, stepAtStart: true,
                    step: { Self.collectOnce(history: history, board: board, pipeline: pipeline) },
                    final: { Self.collectOnce(history: history, board: board, pipeline: pipeline) })))
        services.append(
            .init(
                service: PeriodicService(
                    "clock", every: .seconds(1), step: { source.tick() },
                    final: {
                        source.stop()
                        source.tick()
                    })))
        services.append(.init(service: app, failureTerminationBehavior: .gracefullyShutdownGroup))
        return services
    }

    /// One resource sample now, followed by an alert evaluation (this process's CPU and memory, the fullest
    /// filesystem, the request window's error rate and p99).
    static func collectOnce(history: HistoryCollector, board: AlertBoard, pipeline: StatsPipeline) {
        if history.collectOnce(at: .wallClockNow()), let sample = history.latest() {
            board.evaluate(AlertInput(sample: sample, requests: pipeline.requestStatistics()))
        }
    }

    /// Writes the last stats file; returns a sentence naming what was lost when it failed.
    static func finalStatsFile(_ writer: StatsFileWriter, _ report: IntervalReport) -> String? {
        do {
            let path = try writer.writeCounted(report)
            printToStandardError("wrote the last stats file: \(path)")
            return nil
        } catch {
            return "the last stats file (the final interval's figures) was not written to \(writer.directory): \(error)"
        }
    }

    /// The final save of the state; returns a sentence naming what was lost when it failed.
    static func finalSave(_ persistence: StatePersistence) -> String? {
        guard let error = persistence.save() else { return nil }
        let since =
            persistence.lastSuccessfulSave.map { "since the last successful save at \(UTCDateTime($0).readable)" }
            ?? "since start (no save succeeded)"
        return "the final save of \(persistence.path) failed, so the call ledger \(since) is lost: \(error)"
    }
}

/// Prints `message` as an error naming what was wrong, and returns the exit code for a bad start (2).
func startupError(_ message: String) -> ExitCode {
    printToStandardError("error: " + message)
    return ExitCode(2)
}
