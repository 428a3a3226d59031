import Simulation
import StatsCore

/// Percentile accuracy: every sink's quantile estimates against the exact nearest-rank quantiles of the
/// latencies the generator produced, for the whole run and for each window.
enum AccuracyProbe {
    /// The quantiles compared; `1` is the maximum.
    static let quantiles: [Double] = [0.5, 0.9, 0.99, 0.999, 0.9999, 1]

    /// What the probe measured, plus every drive it made.
    struct Measurement {
        var figures: AccuracyFigures
        var truthRun: SinkRun
        var runs: [SinkRun]
    }

    /// Captures the ground truth with sink `none`, then drives each sink that answers quantile queries.
    static func measure(
        plan: RunPlan, setup: SinkSetup, sinks: [SinkKind], progress: ProgressReporter
    ) throws(HarnessError) -> Measurement {
        progress.phase("accuracy: ground truth")
        let truth = try SinkRunner.run(
            .none, plan: plan, setup: setup, options: DriveOptions(captureLatencies: true, progress: progress.driveStep)
        )
        let exactRun = sortedTruth(truth.outcome, methods: setup.methods.count)
        var rows: [AccuracyRow] = []
        var runs: [SinkRun] = []
        let compared = sinks.filter { $0 != .none && $0 != .calibrated }
        for (number, kind) in compared.enumerated() {
            progress.phase("accuracy \(kind.name) (sink \(number + 1)/\(compared.count))")
            let run = try SinkRunner.run(
                kind, plan: plan, setup: setup,
                options: DriveOptions(windowQuantiles: quantiles, progress: progress.driveStep), quantiles: quantiles)
            runs.append(run)
            rows += compare(sink: kind.name, methods: setup.methods, truth: truth.outcome, exactRun: exactRun, run: run)
        }
        return Measurement(
            figures: AccuracyFigures(quantiles: quantiles, rows: rows, windows: truth.outcome.windowMarks.count),
            truthRun: truth, runs: runs)
    }

    /// Every method's generated latencies, all workers together, sorted.
    static func sortedTruth(_ truth: DriveOutcome, methods: Int) -> [[Double]] {
        (0..<methods).map { method in truth.latencies.flatMap { $0[method] }.sorted() }
    }

    /// One sink's rows: per method, the whole run and the worst window.
    static func compare(
        sink: String, methods: [String], truth: DriveOutcome, exactRun: [[Double]], run: SinkRun
    ) -> [AccuracyRow] {
        var rows: [AccuracyRow] = []
        for method in methods.indices {
            let exact = quantiles.map { NearestRank.quantile($0, ofSorted: exactRun[method]) }
            let estimate = run.runQuantiles?[method] ?? Array(repeating: nil, count: quantiles.count)
            // A sink with a run query that gives no answer where there is data lost it: the error is missing,
            // with the reason. A sink without a run query has nothing to compare (no reason either).
            let compared = zip(exact, estimate).map { run.runQuantiles == nil ? Comparison() : compare($0, $1) }
            rows.append(
                AccuracyRow(
                    sink: sink, method: methods[method], scope: QuantileScope.run.name, exact: exact,
                    estimate: compared.map(\.estimate), relativeError: compared.map(\.error),
                    missing: compared.map(\.missing)))
            rows.append(worstWindow(sink: sink, method: method, names: methods, truth: truth, run: run))
        }
        return rows
    }

    /// The worst error per quantile over every window that holds requests of `method`.
    static func worstWindow(sink: String, method: Int, names: [String], truth: DriveOutcome, run: SinkRun)
        -> AccuracyRow
    {
        var exactWorst = [Double?](repeating: nil, count: quantiles.count)
        var estimateWorst = [Double?](repeating: nil, count: quantiles.count)
        var errorWorst = [Double?](repeating: nil, count: quantiles.count)
        var missing = [String?](repeating: nil, count: quantiles.count)
        var previous = truth.latencies.map { _ in 0 }
        for (window, marks) in truth.windowMarks.enumerated() {
            var values: [Double] = []
            for (worker, latencies) in truth.latencies.enumerated() {
                values += latencies[method][previous[worker]..<marks[worker][method]]
                previous[worker] = marks[worker][method]
            }
            // No estimates at all for the window: the sink has no window query. Estimates without this method's
            // (or a quantile's) answer while the window holds its requests: a missing error, with the reason
            // (the first window's reason is kept; the window's number is in it).
            guard !values.isEmpty, window < run.outcome.windowEstimates.count,
                let perMethod = run.outcome.windowEstimates[window]
            else { continue }
            let estimates = perMethod[method]
            values.sort()
            for (index, q) in quantiles.enumerated() {
                let exact = NearestRank.quantile(q, ofSorted: values)
                let comparison = compare(exact, estimates[index])
                if let reason = comparison.missing, missing[index] == nil {
                    missing[index] = "window \(window + 1): \(reason)"
                }
                guard let error = comparison.error else { continue }
                if errorWorst[index].map({ error > $0 }) ?? true {
                    errorWorst[index] = error
                    exactWorst[index] = exact
                    estimateWorst[index] = comparison.estimate
                }
            }
        }
        return AccuracyRow(
            sink: sink, method: names[method], scope: QuantileScope.window.name, exact: exactWorst,
            estimate: estimateWorst,
            relativeError: errorWorst, missing: missing)
    }

    /// One quantile's estimate against the exact value.
    struct Comparison {
        var estimate: Double?
        var error: Double?
        /// Why there is an exact value but no error.
        var missing: String?
    }

    /// The relative error of `estimate`, or — when there is an exact value but no estimate to compare — the
    /// reason: no answer at all, or an answer outside the sink's histogram range (`> 12.1 d`).
    static func compare(_ exact: Double?, _ estimate: QuantileEstimate??) -> Comparison {
        guard let exact else { return Comparison() }
        switch estimate ?? nil {
        case .value(let value)?:
            guard let error = relativeError(exact, value) else {
                return Comparison(estimate: value, missing: "no relative error: exact 0, estimate \(value)")
            }
            return Comparison(estimate: value, error: error)
        case .above(let bound)?:
            return Comparison(missing: "> \(Formatting.duration(seconds: bound)): above the histogram's range")
        case .atOrBelow(let bound)?:
            return Comparison(missing: "≤ \(Formatting.duration(seconds: bound)): at or below the histogram's range")
        case .negative?:
            return Comparison(missing: "among negative values, which the histogram does not hold")
        case nil:
            return Comparison(missing: "no estimate: the sink answered nothing where there were values")
        }
    }

    /// |estimate − exact| / exact; 0 when both are 0; `nil` when either is missing or the exact value is 0 and
    /// the estimate is not (no relative error exists then).
    static func relativeError(_ exact: Double?, _ estimate: Double?) -> Double? {
        guard let exact, let estimate else { return nil }
        if exact == 0 { return estimate == 0 ? 0 : nil }
        let error = abs(estimate - exact) / abs(exact)
        return error.isFinite ? error : nil
    }
}
