import ServerStats

/// `GET /health/resources`: the latest resource sample (seed 001/004): this process and the watched one.
/// Every figure that could not be read is `null`; `sample` itself is `null` before the first sample.
public struct ResourcesResponse: Codable, Sendable, Hashable {
    /// The latest sample.
    public var sample: ResourceFigures?
    /// Samples the history ring holds (0 without a history collector).
    public var samplesHeld: Int

    /// Encodes `sample` as `null` when there is none.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sample, forKey: .sample)
        try container.encode(samplesHeld, forKey: .samplesHeld)
    }
}

/// One ``ServerStats/ResourceSample`` with every unknown figure written as `null`.
public struct ResourceFigures: Codable, Sendable, Hashable {
    /// When the sample was taken.
    public var timestamp: StatsTime
    /// This process: CPU % of one core, resident bytes, memory %, open descriptors, threads.
    public var cpuPercent: Double?
    /// This process's resident set size in bytes.
    public var residentBytes: UInt64?
    /// This process's resident set size in percent of total memory.
    public var memoryPercent: Double?
    /// This process's open file descriptors.
    public var openFileDescriptors: Int?
    /// This process's threads.
    public var threads: Int?
    /// The watched process's id and figures; `null` when none is watched or it is not running.
    public var watchedPID: Int32?
    /// The watched process's CPU % of one core.
    public var watchedCPUPercent: Double?
    /// The watched process's resident bytes.
    public var watchedResidentBytes: UInt64?
    /// The watched process's memory %.
    public var watchedMemoryPercent: Double?
    /// The watched process's open file descriptors.
    public var watchedOpenFileDescriptors: Int?
    /// The watched process's threads.
    public var watchedThreads: Int?

    /// The figures of `sample`.
    public init(_ sample: ResourceSample) {
        timestamp = sample.timestamp
        cpuPercent = sample.cpuPercent
        residentBytes = sample.residentBytes
        memoryPercent = sample.memoryPercent
        openFileDescriptors = sample.openFileDescriptors
        threads = sample.threads
        watchedPID = sample.watchedPID
        watchedCPUPercent = sample.watchedCPUPercent
        watchedResidentBytes = sample.watchedResidentBytes
        watchedMemoryPercent = sample.watchedMemoryPercent
        watchedOpenFileDescriptors = sample.watchedOpenFileDescriptors
        watchedThreads = sample.watchedThreads
    }

    /// Encodes every unknown figure as `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(timestamp, forKey: .timestamp)
        try container.encode(cpuPercent, forKey: .cpuPercent)
        try container.encode(residentBytes, forKey: .residentBytes)
        try container.encode(memoryPercent, forKey: .memoryPercent)
        try container.encode(openFileDescriptors, forKey: .openFileDescriptors)
        try container.encode(threads, forKey: .threads)
        try container.encode(watchedPID, forKey: .watchedPID)
        try container.encode(watchedCPUPercent, forKey: .watchedCPUPercent)
        try container.encode(watchedResidentBytes, forKey: .watchedResidentBytes)
        try container.encode(watchedMemoryPercent, forKey: .watchedMemoryPercent)
        try container.encode(watchedOpenFileDescriptors, forKey: .watchedOpenFileDescriptors)
        try container.encode(watchedThreads, forKey: .watchedThreads)
    }
}
