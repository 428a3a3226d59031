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
    }

    /// For each sink but `none`: at least `pairs` interleaved drives `none`, sink, `none`, sink, …; overhead per
    /// event of a pair = (sink's worker CPU time − `none`'s) / events. More pairs are added while `stopping` says
    /// the 95 % interval is still too wide and its budget lasts. Then one drive timing every `sampleInterval`-th
    /// `record` call for the tail.
    static func measure(
        plan: RunPlan, setup: SinkSetup, sinks: [SinkKind], pairs: Int, sampleInterval: Int,
        progress: ProgressReporter, stopping: PairStopping = .fixed
    ) throws(HarnessError) -> Measurement {
        let clockPair = Double(Clocks.monotonicPairCost())
        var result = Measurement(sinks: [], noneRuns: [], runs: [], clockPairNanoseconds: clockPair)
        let measured = sinks.filter { $0 != .none }
        for (sinkNumber, kind) in measured.enumerated() {
            var differences: [Double] = []
            let started = Clocks.monotonic()
            var stop: PairStopping.Reason?
            while stop == nil {
                let pair = differences.count
                progress.phase(
                    "overhead \(kind.name) (sink \(sinkNumber + 1)/\(measured.count)), pair \(pair + 1)"
                        + (stopping.budgetSeconds > 0 ? " (until ±\(stopping.describeTarget))" : "/\(pairs)"))
                let baseline = try SinkRunner.run(
                    .none, plan: plan, setup: setup, options: DriveOptions(progress: progress.driveStep))
                let run = try SinkRunner.run(
                    kind, plan: plan, setup: setup, options: DriveOptions(progress: progress.driveStep))
                result.noneRuns.append(baseline.outcome)
                result.runs.append(baseline)
                result.runs.append(run)
                let events = Double(max(1, run.outcome.events))
                differences.append(
                    (Double(run.outcome.cpuNanoseconds) - Double(baseline.outcome.cpuNanoseconds)) / events)
                stop = stopping.reason(
                    differences, minimumPairs: pairs, elapsedSeconds: Double(Clocks.monotonic() &- started) / 1e9)
            }
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
                    stoppedBy: stop?.rawValue,
                    calibratedNanosecondsPerIteration: kind == .calibrated
                        ? CalibratedSink.nanosecondsPerIteration(setup) : nil))
        }
        if measured.isEmpty {
            let baseline = try SinkRunner.run(
                .none, plan: plan, setup: setup, options: DriveOptions(progress: progress.driveStep))
            result.noneRuns.append(baseline.outcome)
            result.runs.append(baseline)
        }
        return result
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
