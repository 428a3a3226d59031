import Foundation

/// Compares two sets of results scenario by scenario and figure by figure.
public enum Comparer {
    /// Compares `current` against `baseline` (each one or more runs per scenario) under `settings`.
    public static func compare(
        baseline: [LoadedResult], current: [LoadedResult], settings: CompareSettings = CompareSettings()
    ) -> ComparisonReport {
        let baseSide = side(baseline)
        let currentSide = side(current)
        var notes: [String] = []
        if Set(baseSide.schemaVersions) != Set(currentSide.schemaVersions) {
            notes.append(
                "schema versions differ: baseline \(list(baseSide.schemaVersions)), current "
                    + "\(list(currentSide.schemaVersions)); figures only one version has are reported as missing")
        }
        let machinesMatch = Set(baseSide.machines) == Set(currentSide.machines) && baseSide.machines.count == 1
        if !machinesMatch {
            notes.append(
                "machines differ: baseline \(baseSide.machines.joined(separator: "; ")), current "
                    + "\(currentSide.machines.joined(separator: "; ")); timed figures are not comparable across "
                    + (settings.timedGateAcrossMachines
                        ? "machines (they gate anyway: --gate-across-machines)" : "machines and do not gate"))
        }
        let baseBusy = Set(baseline.compactMap { $0.result.overhead.map { $0.busyThreads ?? 0 } })
        let currentBusy = Set(current.compactMap { $0.result.overhead.map { $0.busyThreads ?? 0 } })
        if !baseBusy.isEmpty, !currentBusy.isEmpty, baseBusy != currentBusy {
            notes.append(
                "the overhead pairs ran with different busy threads: baseline \(list(baseBusy.sorted())), current "
                    + "\(list(currentBusy.sorted())) (--busy-threads; results before schema 5 had none): memory-bound "
                    + "sinks have measured 2–3× apart on the two settings, so their timed figures compare the "
                    + "setting as much as the build")
        }
        if let note = memoryLatencyNote(baseline: baseline, current: current) { notes.append(note) }
        let timedGates = settings.timedGate && (machinesMatch || settings.timedGateAcrossMachines)
        let baseRuns = Dictionary(grouping: baseline, by: \.result.scenario.comparisonName)
        let currentRuns = Dictionary(grouping: current, by: \.result.scenario.comparisonName)
        var rows: [FigureComparison] = []
        for name in Set(baseRuns.keys).union(currentRuns.keys).sorted() {
            guard let base = baseRuns[name]?.map(\.result), let now = currentRuns[name]?.map(\.result) else {
                let side = baseRuns[name] == nil ? "baseline" : "current"
                notes.append("scenario \(name) is missing from the \(side) side: not compared")
                rows.append(
                    FigureComparison(
                        scenario: name, figure: "scenario", kind: "exact", unit: "count",
                        baseline: baseRuns[name].map { Double($0.count) },
                        current: currentRuns[name].map { Double($0.count) },
                        baselineText: baseRuns[name] == nil ? "missing" : "\(baseRuns[name]!.count) runs",
                        currentText: currentRuns[name] == nil ? "missing" : "\(currentRuns[name]!.count) runs",
                        change: nil, relativeChange: nil, changeLower: nil, changeUpper: nil, pValue: nil,
                        samples: nil, verdict: .inconclusive, regressed: false, limit: "present on both sides",
                        detail: "missing from the \(side) side"))
                continue
            }
            // The event stream is fixed by the seed, the scale and the scenario's population, methods and length
            // (not by the worker count): only runs alike in all of them must have the same hash.
            let sameEvents = Set((base + now).map(StreamInputs.init)).count == 1
            if !sameEvents {
                notes.append(
                    "scenario \(name): seed, scale, clients, methods or run length differ, so the event stream "
                        + "differs: the hash and accuracy errors are not compared")
            }
            let populations = Set((base + now).map { "\($0.scenario.clients) clients, \($0.scenario.workers) workers" })
            if populations.count > 1 {
                notes.append(
                    "scenario \(name): the sides ran different populations (\(populations.sorted().joined(separator: "; "))): "
                        + "their timed figures compare the populations as much as the builds")
            }
            rows += ExactComparison.rows(
                scenario: name, baseline: base, current: now, settings: settings, sameEvents: sameEvents)
            let control = controlChange(baseline: base, current: now)
            let machineChanged = control.map { abs($0) > settings.controlTolerance } ?? false
            if let control, machineChanged {
                notes.append(
                    "scenario \(name): the generator (the same code on both sides) ran "
                        + "\(Formatting.percent(abs(control))) \(control > 0 ? "slower" : "faster") in the current "
                        + "run: the machine's speed changed between the runs; "
                        + (settings.controlMakesInconclusive
                            ? "timed verdicts are inconclusive and do not gate"
                            : "read timed verdicts with care (--control-inconclusive makes them inconclusive)"))
            }
            var timed = timedRows(scenario: name, baseline: base, current: now, settings: settings, gates: timedGates)
            if let control, machineChanged, settings.controlMakesInconclusive {
                for index in timed.indices where timed[index].verdict == .slower || timed[index].verdict == .faster {
                    timed[index].detail =
                        "would be \(timed[index].verdict.rawValue), but the generator's own speed changed by "
                        + "\(control > 0 ? "+" : "−")\(Formatting.percent(abs(control))) between the runs (limit ±"
                        + "\(Formatting.percent(settings.controlTolerance)))"
                    timed[index].verdict = .inconclusive
                    timed[index].regressed = false
                }
            }
            rows += timed
        }
        return ComparisonReport(
            baseline: baseSide, current: currentSide, settings: settings, notes: notes, rows: rows)
    }

    /// The timed figures of one scenario: the pooled samples of each side under the rank test.
    static func timedRows(
        scenario: String, baseline: [RunResult], current: [RunResult], settings: CompareSettings, gates: Bool
    ) -> [FigureComparison] {
        let base = pooled(baseline.map { FigureExtractor.timed($0, rule: settings.rule) })
        let now = pooled(current.map { FigureExtractor.timed($0, rule: settings.rule) })
        var rows: [FigureComparison] = []
        for (name, figure) in base.order.map({ ($0, base.figures[$0]!) })
            + now.order.filter({ base.figures[$0] == nil })
            .map({ ($0, now.figures[$0]!) })
        {
            let baseRuns = base.figures[name]?.runs ?? []
            let nowRuns = now.figures[name]?.runs ?? []
            let baseSamples = baseRuns.flatMap { $0 }
            let nowSamples = nowRuns.flatMap { $0 }
            var outcome = TimedOutcome.compare(
                baselineRuns: baseRuns, currentRuns: nowRuns, floor: figure.floor, rule: settings.rule)
            // A side whose figure is no per-event cost (too few events per drive, or below the none sink's cost):
            // its pairs compare the drives' fixed costs, so no verdict is drawn from them.
            let unresolved = [("baseline", base.figures[name]?.unresolved), ("current", now.figures[name]?.unresolved)]
                .compactMap { side, reason in reason.map { "unresolved on the \(side) side (\($0))" } }
            if !unresolved.isEmpty {
                outcome.verdict = .inconclusive
                outcome.reason = unresolved.joined(separator: "; ")
            }
            let allowed = max(
                settings.allowedSlowdown * abs(outcome.baselineMedian), settings.allowedSlowdownAbsolute,
                outcome.minimumEffect)
            // Large (the estimate beyond the allowed change) and supported (`slower`: the rank test and the
            // widened interval both above 0).
            let figureGates = gates && figure.gates
            let regressed = figureGates && outcome.verdict == .slower && outcome.change.estimate > allowed
            let unit = figure.unit == "ns" ? "ns" : ""
            var detail = outcome.reason
            if baseSamples.isEmpty || nowSamples.isEmpty {
                detail = "measured on the \(baseSamples.isEmpty ? "current" : "baseline") side only"
            } else if outcome.verdict == .slower && !regressed {
                detail +=
                    figureGates
                    ? "; within the allowed change"
                    : gates ? "; a peer's figure: reported, never gated" : "; timed figures do not gate here"
            }
            rows.append(
                FigureComparison(
                    scenario: scenario, figure: name, kind: "timed", unit: figure.unit,
                    baseline: baseSamples.isEmpty ? nil : outcome.baselineMedian,
                    current: nowSamples.isEmpty ? nil : outcome.currentMedian,
                    baselineText: baseSamples.isEmpty ? "—" : number(outcome.baselineMedian, unit),
                    currentText: nowSamples.isEmpty ? "—" : number(outcome.currentMedian, unit),
                    change: outcome.change.estimate,
                    relativeChange: outcome.baselineMedian != 0
                        ? outcome.change.estimate / abs(outcome.baselineMedian) : nil,
                    changeLower: outcome.change.lower.isFinite ? outcome.change.lower : nil,
                    changeUpper: outcome.change.upper.isFinite ? outcome.change.upper : nil,
                    pValue: outcome.pValue, samples: [baseSamples.count, nowSamples.count],
                    verdict: outcome.verdict, regressed: regressed,
                    limit: figureGates
                        ? "slower by ≤ +\(number(allowed, unit)) (max of \(Formatting.percent(settings.allowedSlowdown)), "
                            + "\(number(settings.allowedSlowdownAbsolute, unit)) and the minimum effect)"
                        : gates ? "not gated (a peer's figure)" : "not gated", detail: detail, runs: outcome.runs))
        }
        return rows
    }

    /// The control's relative change: median generator CPU per event, current over baseline, minus 1.
    static func controlChange(baseline: [RunResult], current: [RunResult]) -> Double? {
        let base = Statistics.median(baseline.map(\.generator.nanosecondsPerEvent).filter { $0.isFinite && $0 > 0 })
        let now = Statistics.median(current.map(\.generator.nanosecondsPerEvent).filter { $0.isFinite && $0 > 0 })
        return base > 0 && now > 0 ? now / base - 1 : nil
    }

    /// Each figure's samples over all runs of a side, run by run, in first-seen order.
    static func pooled(_ runs: [[TimedFigure]]) -> (order: [String], figures: [String: PooledFigure]) {
        var order: [String] = []
        var figures: [String: PooledFigure] = [:]
        for run in runs {
            for figure in run {
                if figures[figure.name] == nil {
                    order.append(figure.name)
                    figures[figure.name] = PooledFigure(
                        floor: figure.floor, unit: figure.unit, gates: figure.gates, runs: [])
                }
                figures[figure.name]!.runs.append(figure.samples)
                if figures[figure.name]!.unresolved == nil { figures[figure.name]!.unresolved = figure.unresolved }
            }
        }
        return (order, figures)
    }

    /// One timed figure over the runs of a side.
    struct PooledFigure {
        var floor: Double
        var unit: String
        /// Whether a slowdown can fail the gate (``TimedFigure/gates``).
        var gates: Bool
        /// Each run's samples.
        var runs: [[Double]]
        /// The first run's reason its figure is no per-event cost (``TimedFigure/unresolved``), if any run has one.
        var unresolved: String? = nil
    }

    /// What one side's files say about themselves.
    static func side(_ runs: [LoadedResult]) -> ComparedSide {
        func unique<T: Hashable>(_ values: [T]) -> [T] {
            var seen: Set<T> = []
            return values.filter { seen.insert($0).inserted }
        }
        let counts = Dictionary(grouping: runs, by: \.result.scenario.comparisonName).mapValues(\.count)
        return ComparedSide(
            files: runs.map(\.file), schemaVersions: unique(runs.map(\.result.schemaVersion)).sorted(),
            machines: unique(runs.map { machine($0.result.environment.machine) }),
            gitRevisions: unique(runs.compactMap(\.result.environment.gitRevision)),
            scenarios: counts.keys.sorted().map { "\($0) ×\(counts[$0]!)" })
    }

    /// `CPU model, N cores` (the host name is left out: CI hosts are renamed every run).
    static func machine(_ info: MachineInfo) -> String { "\(info.cpuModel ?? "unknown CPU"), \(info.cores) cores" }

    static func list(_ values: [Int]) -> String { values.map(String.init).joined(separator: ", ") }

    /// How far apart the two sides' memory latencies (median of every reading on a side) may be before the
    /// comparison notes it: 20 %, beyond the 160–235 ns this chase moved within a minute on one machine.
    static var memoryLatencyTolerance: Double { 0.2 }

    /// A note when both sides measured the memory's latency and their medians differ by more than
    /// ``memoryLatencyTolerance``: the timed figures of memory-bound sinks then compare the memory as much as the
    /// build. `nil` otherwise (a side without a positive, finite reading: results before schema version 6, not
    /// measured, or a hand-edited file).
    static func memoryLatencyNote(baseline: [LoadedResult], current: [LoadedResult]) -> String? {
        func median(_ runs: [LoadedResult]) -> Double? {
            let readings = runs.flatMap { $0.result.overhead?.memoryLatencyNanoseconds ?? [] }.filter {
                $0.isFinite && $0 > 0
            }
            return readings.isEmpty ? nil : Statistics.median(readings)
        }
        guard let base = median(baseline), let now = median(current) else { return nil }
        let change = now / base - 1
        guard abs(change) > memoryLatencyTolerance else { return nil }
        return "memory latency differs: baseline \(Formatting.duration(nanoseconds: base)), current "
            + "\(Formatting.duration(nanoseconds: now)) (\(change > 0 ? "+" : "")\(Int((change * 100).rounded())) %, "
            + "a load missing every cache, median of the runs): the timed figures of sinks whose cost is misses to "
            + "memory (many clients) depend on it, so they compare the machine's memory as much as the build"
    }

    /// A figure as text: nanoseconds with their unit, other figures with up to 4 significant digits.
    static func number(_ value: Double, _ unit: String) -> String {
        unit == "ns" ? Formatting.duration(nanoseconds: value) : String(format: "%.4g", value)
    }
}

/// What fixes a run's event stream, as its result records it: equal inputs must give equal hashes.
struct StreamInputs: Hashable {
    let seed: UInt64
    let scale: Double
    let clients: Int
    let methods: [String]
    let simulatedSeconds: Double

    init(_ result: RunResult) {
        seed = result.scenario.seed
        scale = result.scenario.scale
        clients = result.scenario.clients
        methods = result.scenario.methods
        simulatedSeconds = result.scenario.simulatedSeconds
    }
}
