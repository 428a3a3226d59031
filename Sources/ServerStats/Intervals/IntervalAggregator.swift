import StatsCore
import Synchronization

/// One stats interval: per-worker figures and their aggregate, for the interval and since start —
/// the value that stats files and log lines are made from.
public struct IntervalReport: Sendable, Hashable, Codable {
    /// One worker's part.
    public struct Worker: Sendable, Hashable, Codable {
        /// The worker's shard (the last is the overflow shard shared by workers beyond capacity).
        public var shard: Int
        /// True for the shared overflow shard.
        public var isSharedShard: Bool
        /// What the worker recorded during the interval.
        public var interval: WorkerFigures
    }

    /// End of the interval.
    public var timestamp: StatsTime
    /// Length of the interval in seconds (from the previous report, or from the pipeline's start).
    public var intervalSeconds: Double
    /// Every worker shard's figures for the interval, by shard.
    public var workers: [Worker]
    /// The sum of the workers' interval figures.
    public var totals: WorkerFigures
    /// Everything since the pipeline started.
    public var cumulative: WorkerFigures
}

/// Produces an ``IntervalReport`` at each stats interval: what every worker shard recorded since the previous
/// report. Reading is cold (per-shard counter loads); recording is not involved.
public final class IntervalAggregator: Sendable {
    private let pipeline: StatsPipeline
    private let previous: Mutex<(time: StatsTime, shards: [WorkerFigures])>

    /// An aggregator whose first interval starts at the pipeline's start.
    public init(pipeline: StatsPipeline) {
        self.pipeline = pipeline
        let shards = Array(repeating: WorkerFigures(), count: pipeline.workers.shardCount)
        self.previous = Mutex((pipeline.startTime, shards))
    }

    /// The figures since the previous report (or the start), ending at `time`; the next report starts here.
    public func report(at time: StatsTime) -> IntervalReport {
        let shardCount = pipeline.workers.shardCount
        let now = (0..<shardCount).map { WorkerFigures(counters: pipeline.server.load(shard: $0)) }
        let (start, before) = previous.withLock { previous in
            defer { previous = (time, now) }
            return previous
        }
        let workers = (0..<shardCount).map { shard in
            IntervalReport.Worker(
                shard: shard, isSharedShard: shard == pipeline.workers.sharedShard,
                interval: now[shard].subtracting(before[shard]))
        }
        return IntervalReport(
            timestamp: time, intervalSeconds: max(0, time.seconds(since: start)), workers: workers,
            totals: workers.map(\.interval).reduce(WorkerFigures(), +), cumulative: now.reduce(WorkerFigures(), +))
    }
}
