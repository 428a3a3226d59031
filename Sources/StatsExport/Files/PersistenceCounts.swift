/// How the server's writes to disk went since it started: stats files (`--stats-path`) and saves of the state
/// file (`--state-file`). A figure is `nil` when that kind of write is not configured. `/health/server` shows
/// it under `persistence`; `/metrics` as `<namespace>_stats_file_writes_total`,
/// `…_stats_file_writes_failed_total`, `…_state_saves_total` and `…_state_saves_failed_total`.
public struct PersistenceCounts: Sendable, Hashable, Codable {
    /// Stats files written.
    public var statsFileWrites: UInt64?
    /// Stats file writes that failed (each logged; the next interval tries again).
    public var statsFileWritesFailed: UInt64?
    /// State saves that succeeded.
    public var stateSaves: UInt64?
    /// State saves that failed (each logged; the next save tries again).
    public var stateSavesFailed: UInt64?

    /// Counts; leave a pair `nil` when that kind of write is not configured.
    public init(
        statsFileWrites: UInt64? = nil, statsFileWritesFailed: UInt64? = nil, stateSaves: UInt64? = nil,
        stateSavesFailed: UInt64? = nil
    ) {
        self.statsFileWrites = statsFileWrites
        self.statsFileWritesFailed = statsFileWritesFailed
        self.stateSaves = stateSaves
        self.stateSavesFailed = stateSavesFailed
    }

    /// Encodes every figure, an unconfigured one as `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(statsFileWrites, forKey: .statsFileWrites)
        try container.encode(statsFileWritesFailed, forKey: .statsFileWritesFailed)
        try container.encode(stateSaves, forKey: .stateSaves)
        try container.encode(stateSavesFailed, forKey: .stateSavesFailed)
    }
}
