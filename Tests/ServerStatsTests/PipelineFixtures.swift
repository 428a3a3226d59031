import ServerStats
import StatsCore

/// A pipeline with three methods, two worker shards, a 10 × 1 s window, queues of 4, its clock at t = 1000 s.
func makePipeline(workers: Int = 2, queueCapacity: Int = 4) throws -> StatsPipeline {
    var configuration = StatsPipelineConfiguration(
        methods: try MethodTable(["get", "put", "list"]), workerCapacity: workers)
    configuration.windowSlots = 10
    configuration.eventQueueCapacity = queueCapacity
    return try StatsPipeline(configuration: configuration, start: t(1000))
}

/// The time `seconds` after the epoch.
func t(_ seconds: Double) -> StatsTime { StatsTime(secondsSinceEpoch: seconds) }
