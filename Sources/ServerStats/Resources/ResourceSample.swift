/// One reading of this process's resources and, optionally, a watched process's: the history ring's element.
///
/// Every figure is optional: `nil` means "could not be read" (not running, vanished, not Linux, or the first
/// sample for CPU), never zero and never a stale value from an earlier sample. The type is `BitwiseCopyable`
/// (numbers and optionals of numbers only) so that it can live in a `SnapshotRing`, and `Codable` so that
/// exporters can write it as it is: an unknown figure is written as `null` (the watched process's
/// fields are null when it is not running), and read back as `nil`.
///
/// ```swift
/// let sample = sampler.sample(at: .wallClockNow())
/// if let rss = sample.residentBytes { print("RSS \(rss / 1_048_576) MiB") }
/// ```
public struct ResourceSample: BitwiseCopyable, Sendable, Codable, Equatable {
    /// When the sample was taken (nanoseconds since the epoch).
    public var timestamp: StatsTime

    /// This process's CPU use since the previous sample, in percent of one core (may exceed 100 on several
    /// cores); `nil` on the first sample, which only sets the baseline.
    public var cpuPercent: Double?
    /// This process's resident set size (VmRSS) in bytes.
    public var residentBytes: UInt64?
    /// This process's resident set size in percent of the machine's total memory (MemTotal).
    public var memoryPercent: Double?
    /// Number of file descriptors this process has open (the sampler's own directory handle excluded).
    public var openFileDescriptors: Int?
    /// Number of threads of this process.
    public var threads: Int?

    /// The watched process's id, or `nil` when no process is watched.
    public var watchedPID: Int32?
    /// The watched process's CPU use since the previous sample of the same process, in percent of one core;
    /// `nil` when it is not running, on its first sample, and after it restarted or its PID changed.
    public var watchedCPUPercent: Double?
    /// The watched process's resident set size in bytes; `nil` when it is not running.
    public var watchedResidentBytes: UInt64?
    /// The watched process's resident set size in percent of total memory; `nil` when it is not running.
    public var watchedMemoryPercent: Double?
    /// Number of file descriptors the watched process has open; `nil` when it is not running or unreadable.
    public var watchedOpenFileDescriptors: Int?
    /// Number of threads of the watched process; `nil` when it is not running.
    public var watchedThreads: Int?

    /// The filesystem holding the stats directory; `nil` when there is none or it cannot be read.
    public var statsDirectoryDisk: DiskFigures?
    /// The filesystem holding the state file; `nil` when there is none or it cannot be read.
    public var stateFileDisk: DiskFigures?

    /// Creates a sample; every figure left out is `nil` ("not known").
    public init(
        timestamp: StatsTime,
        cpuPercent: Double? = nil,
        residentBytes: UInt64? = nil,
        memoryPercent: Double? = nil,
        openFileDescriptors: Int? = nil,
        threads: Int? = nil,
        watchedPID: Int32? = nil,
        watchedCPUPercent: Double? = nil,
        watchedResidentBytes: UInt64? = nil,
        watchedMemoryPercent: Double? = nil,
        watchedOpenFileDescriptors: Int? = nil,
        watchedThreads: Int? = nil,
        statsDirectoryDisk: DiskFigures? = nil,
        stateFileDisk: DiskFigures? = nil
    ) {
        self.timestamp = timestamp
        self.cpuPercent = cpuPercent
        self.residentBytes = residentBytes
        self.memoryPercent = memoryPercent
        self.openFileDescriptors = openFileDescriptors
        self.threads = threads
        self.watchedPID = watchedPID
        self.watchedCPUPercent = watchedCPUPercent
        self.watchedResidentBytes = watchedResidentBytes
        self.watchedMemoryPercent = watchedMemoryPercent
        self.watchedOpenFileDescriptors = watchedOpenFileDescriptors
        self.watchedThreads = watchedThreads
        self.statsDirectoryDisk = statsDirectoryDisk
        self.stateFileDisk = stateFileDisk
    }

    /// Writes every figure, an unknown one as `null` (the synthesized encoding would leave it out).
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
        try container.encode(statsDirectoryDisk, forKey: .statsDirectoryDisk)
        try container.encode(stateFileDisk, forKey: .stateFileDisk)
    }

    /// The higher used percentage of the two filesystems, or `nil` when neither is known: what disk alerts watch.
    public var diskUsedPercent: Double? {
        [statsDirectoryDisk?.usedPercent, stateFileDisk?.usedPercent].compactMap { $0 }.max()
    }

    /// `true` when every watched-process figure is `nil` (no process watched, or it is not running).
    public var watchedFiguresAreUnknown: Bool {
        watchedCPUPercent == nil && watchedResidentBytes == nil && watchedMemoryPercent == nil
            && watchedOpenFileDescriptors == nil && watchedThreads == nil
    }
}

/// The five figures of one process, as the sampler reads them (internal: the sample stores them flat).
struct ProcessFigures: Sendable, Equatable {
    var cpuPercent: Double?
    var residentBytes: UInt64?
    var memoryPercent: Double?
    var openFileDescriptors: Int?
    var threads: Int?

    /// Nothing known: the process is not running, vanished while read, or is not watched.
    static let unknown = ProcessFigures()
}
