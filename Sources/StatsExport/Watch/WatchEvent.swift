import ServerStats

/// What a ``StatsFileWatcher`` saw in one poll.
public enum WatchEvent: Sendable, Equatable {
    /// A new stats file, parsed.
    case report(file: String, IntervalReport)
    /// A new stats file that could not be read or parsed; it is skipped, and read again only once it has changed.
    case unreadable(file: String, reason: String)
    /// The directory cannot be listed (removed, not a directory, no permission); reported once until it is back.
    case directoryUnavailable(path: String, reason: String)
    /// The directory can be listed again after ``directoryUnavailable(path:reason:)``.
    case directoryAvailable(path: String)
}
