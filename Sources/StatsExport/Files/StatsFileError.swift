/// Why stats files cannot be written where asked: each case names the path and the problem, and says what to do.
public enum StatsFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The stats directory does not exist.
    case directoryMissing(path: String)
    /// The stats path exists but is not a directory.
    case notADirectory(path: String)
    /// The process may not create files in the stats directory.
    case directoryNotWritable(path: String)
    /// The path (from `source`: an argument or an environment variable) is empty.
    case emptyPath(source: String)
    /// The file name prefix is unusable.
    case invalidPrefix(String, reason: String)
    /// Retention asked to keep fewer than one file.
    case invalidRetention(Int)
    /// The report could not be encoded as JSON.
    case encodingFailed(reason: String)
    /// Writing the file failed.
    case writeFailed(FileOperationFailure)

    /// What was wrong, where, and what to do.
    public var description: String {
        switch self {
        case .directoryMissing(let path):
            return "stats directory '\(path)' does not exist: create it or choose another directory"
        case .notADirectory(let path):
            return "stats path '\(path)' is not a directory: choose a directory"
        case .directoryNotWritable(let path):
            return "stats directory '\(path)' is not writable by this process: fix its permissions or choose "
                + "another directory"
        case .emptyPath(let source):
            return "the stats path from \(source) is empty: give a directory, or unset it to write no stats files"
        case .invalidPrefix(let prefix, let reason):
            return "stats file prefix '\(prefix)' is invalid: \(reason)"
        case .invalidRetention(let count):
            return "stats file retention must keep at least 1 file, got \(count): pass nil to keep every file"
        case .encodingFailed(let reason):
            return "the interval report could not be encoded as JSON: \(reason)"
        case .writeFailed(let failure):
            return "writing a stats file failed: \(failure)"
        }
    }
}
