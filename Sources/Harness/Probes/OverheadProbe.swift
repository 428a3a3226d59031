import Simulation
import StatsCore

/// End-to-end collection overhead: each sink against `none`, interleaved, on the same event stream.
enum OverheadProbe {
    /// What the probe measured, plus every drive it made (for the hash and conservation checks).
    struct Measurement {
        var sinks: [SinkOverhead]
        var noneRuns: [DriveOutcome]
        var runs: [SinkRun]
        var clockPairNanoseconds: Double
        /// A load missing every cache, ns, before the first pair and after the last (`nil`: not measured).
        var memoryLatencyNanoseconds: [Double]? = nil
    }

    /// For each sink but `none`: at least `pairs` interleaved drives `none`, sink; overhead per event of a pair =
    /// (sink's worker CPU time − `none`'s) / events. More pairs are added while `stopping` says the 95 % interval
    /// is still too wide and the sink's own budget (the time its pairs took) lasts. Then one drive per sink timing
    /// every `sampleInterval`-th `record` call for the tail.
    ///
    /// The sinks take turns, a pair each per round (`none`, A, `none`, B, …, `none`, A, …), rather than one sink's
    /// pairs after another's: on a shared machine a neighbour that slows memory-bound work for a few seconds
    /// then lands on a few pairs of every sink instead of on all the pairs of one (measured here: such episodes
    /// made every pair of one sink 3× slower in one run in eight when the sinks ran in blocks).
    ///
    /// `busyThreads` threads spin meanwhile (``BusyThreads``: an idle CPU of a virtual machine is lent to the
    /// host, and the memory-bound sinks then cost 2–3× more, by regimes that change from run to run).
    static func measure(
        plan: RunPlan, setup: SinkSetup, sinks: [SinkKind], pairs: Int, sampleInterval: Int,
        progress: ProgressReporter, stopping: PairStopping = .fixed, busyThreads: Int = 0, memoryLatencyBytes: Int = 0
    ) throws(HarnessError) -> Measurement {
        let clockPair = Double(Clocks.monotonicPairCost())
        var result = Measurement(sinks: [], noneRuns: [], runs: [], clockPairNanoseconds: clockPair)
        var states = sinks.filter { $0 != .none }.map { SinkPairs(kind: $0) }
        let busy = BusyThreads(count: states.isEmpty ? 0 : busyThreads)
        defer { busy.stop() }
        // The memory's latency under the same busy threads as the pairs, before and after them.
        let measuresLatency = memoryLatencyBytes > 0 && !states.isEmpty
        var latencies: [Double] = []
        if measuresLatency {
            progress.phase("overhead: memory latency before the pairs")
            latencies.append(MemoryLatencyProbe.measure(bytes: memoryLatencyBytes).nanosecondsPerLoad)
        }
        var round = 0
        while states.contains(where: { $0.stop == nil }) {
            round += 1
            let open = states.indices.filter { states[$0].stop == nil }
            for (turn, index) in open.enumerated() {
                let kind = states[index].kind
                progress.phase(
                    "overhead round \(round), \(kind.name) (\(turn + 1)/\(open.count)), pair \(states[index].differences.count + 1)"
                        + (stopping.budgetSeconds > 0 ? " (until ±\(stopping.describeTarget))" : "/\(pairs)"))
                let started = Clocks.monotonic()
                let baseline = try SinkRunner.run(
                    .none, plan: plan, setup: setup, options: DriveOptions(progress: progress.driveStep))
                let run = try SinkRunner.run(
                    kind, plan: plan, setup: setup, options: DriveOptions(progress: progress.driveStep))
                result.noneRuns.append(baseline.outcome)
                result.runs.append(baseline)
                result.runs.append(run)
                let events = Double(max(1, run.outcome.events))
                states[index].differences.append(
                    (Double(run.outcome.cpuNanoseconds) - Double(baseline.outcome.cpuNanoseconds)) / events)
                states[index].eventsPerDrive = min(
                    states[index].eventsPerDrive ?? .max, Int(clamping: run.outcome.events))
                states[index].baselines.append(
                    Double(baseline.outcome.cpuNanoseconds) / Double(max(1, baseline.outcome.events)))
                states[index].elapsedSeconds += Double(Clocks.monotonic() &- started) / 1e9
                states[index].stop = stopping.reason(
                    states[index].differences, minimumPairs: pairs, elapsedSeconds: states[index].elapsedSeconds)
            }
        }
        if measuresLatency {
            progress.phase("overhead: memory latency after the pairs")
            latencies.append(MemoryLatencyProbe.measure(bytes: memoryLatencyBytes).nanosecondsPerLoad)
            result.memoryLatencyNanoseconds = latencies
        }
        for state in states {
            let kind = state.kind
            let differences = state.differences
            progress.phase("overhead \(kind.name): sampled per-event cost")
            let sampled = try SinkRunner.run(
                kind, plan: plan, setup: setup,
                options: DriveOptions(costSampleInterval: sampleInterval, progress: progress.driveStep))
            result.runs.append(sampled)
            result.sinks.append(
                SinkOverhead(
                    sink: kind.name, pairs: differences.count, pairNanoseconds: differences,
                    meanNanoseconds: Statistics.mean(differences),
                    confidence95Nanoseconds: Statistics.confidenceHalfWidth95(differences),
                    medianNanoseconds: Statistics.median(differences), ratioToAtomic: nil,
                    sampledCost: distribution(
                        sampled.outcome.costSamples, clockPair: clockPair, interval: sampleInterval),
                    targetHalfWidthNanoseconds: stopping.budgetSeconds > 0
                        ? stopping.target(mean: Statistics.mean(differences)) : nil,
                    stoppedBy: state.stop?.rawValue,
                    calibratedNanosecondsPerIteration: kind == .calibrated
                        ? CalibratedSink.nanosecondsPerIteration(setup) : nil,
                    pairBaselineNanoseconds: state.baselines, eventsPerDrive: state.eventsPerDrive))
        }
        if states.isEmpty {
            let baseline = try SinkRunner.run(
                .none, plan: plan, setup: setup, options: DriveOptions(progress: progress.driveStep))
            result.noneRuns.append(baseline.outcome)
            result.runs.append(baseline)
        }
        return result
    }

    /// One sink's pairs so far: the differences in pair order, the time they took, and why they stopped.
    private struct SinkPairs {
        let kind: SinkKind
        var differences: [Double] = []
        /// Each pair's `none` drive, CPU ns per event.
        var baselines: [Double] = []
        /// The fewest events a drive of these pairs recorded.
        var eventsPerDrive: Int?
        var elapsedSeconds = 0.0
        var stop: PairStopping.Reason?
    }

    /// The distribution of sampled costs with the clock pair's median cost subtracted (never below 0).
    static func distribution(_ samples: [UInt64], clockPair: Double, interval: Int) -> CostDistribution? {
        guard !samples.isEmpty else { return nil }
        let corrected = samples.map { max(0, Double($0) - clockPair) }.sorted()
        func quantile(_ q: Double) -> Double { NearestRank.quantile(q, ofSorted: corrected)! }
        return CostDistribution(
            samples: corrected.count, interval: interval, p50: quantile(0.5), p90: quantile(0.9),
            p99: quantile(0.99), p999: quantile(0.999), max: corrected.last!)
    }
}
