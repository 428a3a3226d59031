import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where stats files go: resolved from `--stats-path` or the `STATSBENCH_STATS_PATH` environment variable,
/// and checked once at startup: the directory must exist and be writable.
///
/// ```swift
/// if let directory = try StatsDirectory.resolve(explicit: options.statsPath) {
///     let writer = try StatsFileWriter(directory: directory)
/// }
/// ```
public enum StatsDirectory {
    /// The environment variable read when no explicit path is given.
    public static var environmentVariable: String { "STATSBENCH_STATS_PATH" }

    /// The validated directory from `explicit` (which wins) or the environment, or `nil` when neither is set
    /// (then no stats files are written). A pure function of its arguments.
    public static func resolve(
        explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(StatsFileError) -> String? {
        if let explicit {
            guard !explicit.isEmpty else { throw .emptyPath(source: "--stats-path") }
            try validate(explicit)
            return explicit
        }
        guard let fromEnvironment = environment[environmentVariable] else { return nil }
        guard !fromEnvironment.isEmpty else {
            throw .emptyPath(source: "the environment variable \(environmentVariable)")
        }
        try validate(fromEnvironment)
        return fromEnvironment
    }

    /// Throws unless `path` exists, is a directory, and this process may create files in it.
    public static func validate(_ path: String) throws(StatsFileError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .directoryMissing(path: path)
        }
        guard isDirectory.boolValue else { throw .notADirectory(path: path) }
        guard access(path, W_OK | X_OK) == 0 else { throw .directoryNotWritable(path: path) }
    }
}
