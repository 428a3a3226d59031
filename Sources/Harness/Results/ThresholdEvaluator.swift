import Simulation

/// Reads the figure each threshold names from a result and compares. Overhead, accuracy, ring and memory
/// figures are those of our pipeline (sink `statsbench`); a threshold whose figure was not measured fails.
enum ThresholdEvaluator {
    /// Every threshold of `thresholds` against `result`.
    static func evaluate(_ thresholds: [Threshold], against result: RunResult) -> [ThresholdOutcome] {
        thresholds.map { threshold in
            if let reason = missingReason(threshold.metric, in: result) {
                return ThresholdOutcome(
                    threshold: threshold.description, measured: nil, measuredText: nil, passed: false,
                    detail: "\(threshold.metric.path) could not be computed: \(reason)")
            }
            guard let measured = figure(threshold.metric, in: result) else {
                return ThresholdOutcome(
                    threshold: threshold.description, measured: nil, measuredText: nil, passed: false,
                    detail:
                        "\(threshold.metric.path) was not measured (is the measurement and sink statsbench in the scenario?)"
                )
            }
            let passed = threshold.isSatisfied(by: measured)
            return ThresholdOutcome(
                threshold: threshold.description, measured: measured,
                measuredText: format(measured, like: threshold.value), passed: passed,
                detail: passed
                    ? nil : "measured \(format(measured, like: threshold.value)), limit \(threshold.description)")
        }
    }

    /// The figure `metric` names, in the unit its thresholds are written in (seconds, fraction or number).
    static func figure(_ metric: ThresholdMetric, in result: RunResult) -> Double? {
        let statistic = metric.statistic
        switch metric.measurement {
        case .overhead:
            guard let ours = result.overhead?.sinks.first(where: { $0.sinkKind == .statsbench }) else { return nil }
            // An unresolved mean (too few events, or below the none sink) is no per-event cost: not measured.
            if statistic == .mean { return ours.unresolvedReason == nil ? ours.meanNanoseconds / 1e9 : nil }
            if statistic == .ratio { return ours.unresolvedReason == nil ? ours.ratioToAtomic : nil }
            guard let cost = ours.sampledCost else { return nil }
            switch statistic {
            case .p50: return cost.p50 / 1e9
            case .p90: return cost.p90 / 1e9
            case .p99: return cost.p99 / 1e9
            case .p999: return cost.p999 / 1e9
            case .max: return cost.max / 1e9
            default: return nil
            }
        case .accuracy:
            guard let accuracy = result.accuracy, let quantile = statistic.quantile,
                let column = accuracy.quantiles.firstIndex(of: quantile)
            else { return nil }
            let errors = accuracy.rows.filter { $0.sinkKind == .statsbench }.compactMap { $0.relativeError[column] }
            return errors.max()
        case .ring:
            let ours = result.ring?.rows.filter { $0.sinkKind == .statsbench } ?? []
            guard !ours.isEmpty else { return nil }
            switch statistic {
            case .torn: return Double(ours.reduce(0) { $0 + $1.torn })
            case .append: return ours.map(\.appendNanoseconds).max().map { $0 / 1e9 }
            case .snapshot: return result.ring?.fullSnapshotNanoseconds[SinkKind.statsbench.name].map { $0 / 1e9 }
            case .throughput: return ours.map(\.appendsPerSecond).min()
            default: return nil
            }
        case .memory:
            guard let memory = result.memory else { return nil }
            switch statistic {
            case .bytesPerClient: return memory.bytesPerClient
            case .allocationsPerEvent:
                return memory.sinks.first { $0.sinkKind == .statsbench }?.allocationsPerEvent ?? nil
            default: return nil
            }
        case .conservation:
            return result.conservation.map { Double($0.violations) }
        default:
            return nil
        }
    }

    /// Why the figure `metric` names is missing although it was measured (an accuracy quantile whose estimate
    /// was lost or outside the histogram's range), naming the first method and scope; `nil` otherwise.
    static func missingReason(_ metric: ThresholdMetric, in result: RunResult) -> String? {
        if metric.measurement == .overhead, metric.statistic == .mean || metric.statistic == .ratio,
            let reason = result.overhead?.sinks.first(where: { $0.sinkKind == .statsbench })?.unresolvedReason
        {
            return "the statsbench sink's overhead is unresolved: \(reason)"
        }
        guard metric.measurement == .accuracy, let accuracy = result.accuracy,
            let quantile = metric.statistic.quantile,
            let column = accuracy.quantiles.firstIndex(of: quantile)
        else { return nil }
        for row in accuracy.rows where row.sinkKind == .statsbench {
            if column < row.missing.count, let reason = row.missing[column] {
                return "\(row.method) (\(row.scope)): \(reason)"
            }
        }
        return nil
    }

    /// `value` written in the threshold's unit.
    static func format(_ value: Double, like limit: ThresholdValue) -> String {
        switch limit {
        case .seconds: ThresholdValue.seconds(value).description
        case .fraction: ThresholdValue.fraction(value).description
        case .number: ThresholdValue.number(value).description
        }
    }
}
