/// Collection overhead: per primitive and end to end per sink.
public struct OverheadFigures: Sendable, Codable {
    /// Per-primitive costs with the bare atomic add as reference, measured in this run.
    public var primitives: [PrimitiveFigure]
    /// Each sink against `none`.
    public var sinks: [SinkOverhead]
    /// Cost of the pair of clock reads around a sampled event (subtracted from the samples), ns.
    public var clockPairNanoseconds: Double
    /// Threads kept spinning while the pairs ran (`--busy-threads`); `nil` in results before schema version 5,
    /// which had none. Added in schema version 5.
    public var busyThreads: Int? = nil
    /// The latency of a load that misses every cache, ns, measured just before the first pair and just after the
    /// last (``MemoryLatencyProbe``: a pointer chase over 128 MiB): a memory-bound sink's figure depends on it.
    /// `nil` when not measured (no sink but `none`, or switched off) and in results before schema version 6.
    /// Added in schema version 6.
    public var memoryLatencyNanoseconds: [Double]? = nil
}

/// One primitive's cost at a thread count.
public struct PrimitiveFigure: Sendable, Codable {
    /// What was measured, e.g. `counter.increment`.
    public var name: String
    /// Threads recording at once (into their own shards; the atomic add shares one word).
    public var threads: Int
    /// Nanoseconds per operation: per thread for 1 thread, aggregate (wall time / all operations) for more.
    public var nanosecondsPerOperation: Double
    /// Ratio to the bare atomic add at the same thread count in this run.
    public var ratioToAtomic: Double
}

/// One sink's end-to-end overhead per event.
public struct SinkOverhead: Sendable, Codable {
    /// The sink.
    public var sink: String
    /// Interleaved `none`/sink pairs.
    public var pairs: Int
    /// Overhead per event in each pair (sink CPU time − `none` CPU time, over events), ns.
    public var pairNanoseconds: [Double]
    /// Mean overhead per event, ns.
    public var meanNanoseconds: Double
    /// Half-width of the 95 % confidence interval of the mean, ns.
    public var confidence95Nanoseconds: Double
    /// Median of the pairs, ns.
    public var medianNanoseconds: Double
    /// Mean overhead over the bare atomic add (single thread) of this run.
    public var ratioToAtomic: Double?
    /// The sampled per-event `record` cost, clock pair subtracted.
    public var sampledCost: CostDistribution?
    /// The half-width the pairs were added towards (the larger of a fraction of the mean and a floor), ns;
    /// `nil` when a fixed number of pairs was run. Added in schema version 3.
    public var targetHalfWidthNanoseconds: Double?
    /// Why no more pairs were added: `target` (the interval reached its target width), `budget` (the time
    /// budget ran out first), `pairs limit`, or `fixed` (a fixed number of pairs). Added in schema version 3.
    public var stoppedBy: String?
    /// The `calibrated` sink only: the cost of one iteration of its chain it spun with, ns (calibrated in the
    /// run's process, or given by `STATSBENCH_CALIBRATED_NS_PER_ITERATION`). Added in schema version 4.
    public var calibratedNanosecondsPerIteration: Double? = nil
    /// Each pair's `none` drive: worker CPU time per event, ns, in pair order — the machine's speed at that
    /// moment, the same code whatever the sink. Added in schema version 5.
    public var pairBaselineNanoseconds: [Double]? = nil
    /// Events each drive of a pair recorded; `nil` in results written before it was kept.
    public var eventsPerDrive: Int? = nil

    /// The fewest events per drive for a per-event overhead: a drive's fixed costs (its start and end, page faults
    /// of storage touched first) differ by tens of microseconds between sinks, which over fewer events reads as a
    /// large per-event cost, or a negative one.
    public static var minimumEventsPerDrive: Int { 1000 }

    /// Whether the 95 % interval of the mean contains 0: the run could not tell the cost from nothing, and the
    /// figure is shown as "below the noise (±X)" rather than as a (possibly negative) cost.
    public var isBelowNoise: Bool { abs(meanNanoseconds) <= confidence95Nanoseconds || pairNanoseconds.count < 2 }

    /// Why the mean is not a per-event cost even though its interval excludes 0, or `nil` when it is one: fewer
    /// than ``minimumEventsPerDrive`` events per drive, or a mean below 0 by more than its interval (the sink's
    /// drives ran faster than the `none` sink's, which only a fixed cost of the drives, not a per-event one, can
    /// do). Such a figure is reported as unresolved, and a threshold on the mean or ratio fails as not measured.
    public var unresolvedReason: String? {
        if let events = eventsPerDrive, events < Self.minimumEventsPerDrive {
            return "\(events == 1 ? "1 event" : "\(events) events") per drive, fewer than the "
                + "\(Self.minimumEventsPerDrive) a per-event figure needs"
        }
        if meanNanoseconds + confidence95Nanoseconds < 0 {
            return "below the none sink's cost, a fixed cost of the drives rather than a per-event one"
        }
        return nil
    }
}

/// A distribution of sampled per-event costs, in nanoseconds.
public struct CostDistribution: Sendable, Codable {
    /// Events timed.
    public var samples: Int
    /// Every `interval`-th event was timed.
    public var interval: Int
    /// Quantiles (nearest rank) and the maximum, ns.
    public var p50, p90, p99, p999, max: Double
}

/// Percentile accuracy against ground truth.
public struct AccuracyFigures: Sendable, Codable {
    /// The quantiles compared (`1` is the maximum).
    public var quantiles: [Double]
    /// One row per sink × method (distribution) × scope.
    public var rows: [AccuracyRow]
    /// Windows compared per sink.
    public var windows: Int
}

/// One sink's estimates for one method over one scope, with the exact values.
public struct AccuracyRow: Sendable, Codable {
    /// The sink.
    public var sink: String
    /// The method (its latency distribution).
    public var method: String
    /// `run` (whole run) or `window` (the worst over every window).
    public var scope: String
    /// Exact nearest-rank values per quantile (for `window`: of the window with the worst error).
    public var exact: [Double?]
    /// The sink's estimates per quantile (`nil`: no answer).
    public var estimate: [Double?]
    /// Relative error |estimate − exact| / exact per quantile (`nil`: no answer, see ``missing``).
    public var relativeError: [Double?]
    /// Per quantile, why there is an exact value but no error: no estimate where there were values (data
    /// lost), or an estimate outside the sink's histogram range (`> 12.1 d: above the histogram's range`).
    /// `nil` where the error is present, or where there is nothing to compare. Added in schema version 2.
    public var missing: [String?]

    /// The quantiles (by index) that had an exact value but no error, with the reason.
    public var missingFigures: [(index: Int, reason: String)] {
        missing.enumerated().compactMap { index, reason in reason.map { (index, $0) } }
    }
}

/// History-ring throughput: our lock-free ring and the seeds' locked deque.
public struct RingFigures: Sendable, Codable {
    /// Ring capacity.
    public var capacity: Int
    /// One row per ring × reader count.
    public var rows: [RingRow]
    /// Per ring: median nanoseconds to copy a full ring with no writer running.
    public var fullSnapshotNanoseconds: [String: Double]
}

/// One ring under one reader count.
public struct RingRow: Sendable, Codable {
    /// `statsbench` (SnapshotRing) or `seed-naive` (Mutex + Deque).
    public var ring: String
    /// Concurrent readers copying snapshots.
    public var readers: Int
    /// Appends made.
    public var appends: UInt64
    /// Nanoseconds per append (writer wall time / appends).
    public var appendNanoseconds: Double
    /// Appends per second.
    public var appendsPerSecond: Double
    /// Snapshots copied by the readers.
    public var snapshots: UInt64
    /// Median nanoseconds per snapshot copy (`nil` without readers).
    public var snapshotNanoseconds: Double?
    /// Mean elements per snapshot: a writer that laps a reader mid-copy leaves it a shorter, still whole run.
    public var snapshotElements: Double?
    /// Snapshots with an element that was torn or out of order (must be 0).
    public var torn: UInt64
}

/// Memory figures from jemalloc.
public struct MemoryFigures: Sendable, Codable {
    /// Net bytes allocated per connected client (statsbench pipeline).
    public var bytesPerClient: Double?
    /// Per sink: heap allocations per event on the record path.
    public var sinks: [SinkMemory]
}

/// One sink's record-path allocations.
public struct SinkMemory: Sendable, Codable {
    /// The sink.
    public var sink: String
    /// Allocations per event (jemalloc's process-wide allocation requests while only the workers ran; `nil`
    /// when jemalloc is not the allocator).
    public var allocationsPerEvent: Double?
    /// Bytes allocated per event on the worker threads (jemalloc's per-thread counter).
    public var bytesPerEvent: Double
}

/// Conservation checks.
public struct ConservationFigures: Sendable, Codable {
    /// Every check made.
    public var checks: [ConservationCheck]
    /// Checks that failed.
    public var violations: Int
}

/// One conservation check: two figures that must be equal.
public struct ConservationCheck: Sendable, Codable, Hashable {
    /// The sink checked (or `run` for checks across sinks, `fault` for fault outcomes).
    public var sink: String
    /// What is compared, e.g. `requests: sink == generated`.
    public var name: String
    /// The figure it must equal.
    public var expected: UInt64
    /// The figure found.
    public var actual: UInt64
    /// Whether they are equal.
    public var passed: Bool { expected == actual }

    /// Creates a check.
    public init(sink: String, name: String, expected: UInt64, actual: UInt64) {
        self.sink = sink
        self.name = name
        self.expected = expected
        self.actual = actual
    }
}

/// The pipeline's own figures at the end of its conservation run.
public struct PipelineFigures: Sendable, Codable {
    /// Requests recorded server-wide.
    public var requests: UInt64
    /// Server events offered, dropped (queue overflow) and delivered.
    public var eventsSent, eventsDropped, eventsDelivered: UInt64
    /// Clients connected over the run and disconnects by reason.
    public var clientsConnected: UInt64
    /// Disconnects: graceful, error, timeout.
    public var disconnectsGraceful, disconnectsError, disconnectsTimeout: UInt64
    /// Subscriptions active at the end.
    public var subscriptionsActive: UInt64
    /// History samples collected and kept.
    public var historySamples: UInt64
    /// Interval reports taken.
    public var intervalReports: Int
    /// Model calls in the ledger, their cost and the cache's savings (micro-units).
    public var modelCalls: UInt64
    /// Actual cost of the calls, in micro-units.
    public var modelCostMicroUnits: Int64
    /// Savings from cache hits, in micro-units.
    public var modelSavingsMicroUnits: Int64
    /// The window's p50/p99 at the end (seconds, all methods).
    public var windowP50, windowP99: Double?
    /// The window p99 (all methods) after each window over the run, thinned evenly to at most 240 points
    /// (``WindowP99History``). Added in schema version 4.
    public var windowP99History: [WindowP99Point]? = nil
}

/// One threshold of the scenario and the figure it was compared with.
public struct ThresholdOutcome: Sendable, Codable {
    /// The threshold as written, e.g. `overhead.p999 < 1us`.
    public var threshold: String
    /// The measured figure (seconds, a fraction or a number; `nil` when the measurement did not run).
    public var measured: Double?
    /// The measured figure written in the threshold's unit, e.g. `451ns` or `0.537055%`.
    public var measuredText: String?
    /// Whether it held (a threshold whose figure was not measured fails).
    public var passed: Bool
    /// Why it failed, in words.
    public var detail: String?
}
