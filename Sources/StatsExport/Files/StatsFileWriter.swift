import Foundation
import Logging
import ServerStats
import Synchronization

/// Writes one JSON file per stats interval: `PREFIX-stats-YYYYMMDD-HHMMSS.json`, named from the
/// report's timestamp in UTC, holding the ``ServerStats/IntervalReport`` (timestamp, interval length,
/// per-worker figures, aggregate totals and cumulative figures).
///
/// - **Atomic**: a temp file in the same directory (its name starts with `.`, so watchers ignore it) is written
///   in full, fsynced, given its final name, and the directory is fsynced. A reader sees a whole file or none.
/// - **Never overwrites**: when the name exists (two reports in one second), `-1`, `-2`, … is appended.
/// - **Never hurts the server**: ``write(_:)`` logs a failure (directory removed, permissions, disk full),
///   counts it in ``failedWrites`` and returns `nil`; the next interval simply tries again.
///   ``writeOrThrow(_:)`` is the throwing variant, for tests and one-off tools.
/// - **Retention** (optional): after each successful write, only the newest `keepNewest` files of this prefix
///   are kept. Files of other prefixes are never touched.
/// - **Stale temp files**: a writer killed mid-write leaves its temp file (`.PREFIX-stats-….json.tmp-PID-RANDOM`).
///   At creation and whenever retention runs, temp files of this prefix whose writer is gone — no process has
///   the PID in the name, or it is this process but it is not writing that file now — are removed. A temp file
///   of another live process is kept (it may be mid-write), and so is every file not named like this writer's
///   temp files. (A dead writer's PID reused by an unrelated process keeps its file until that process ends.)
///
/// ```swift
/// let writer = try StatsFileWriter(directory: "/var/lib/statsbench", keepNewest: 1440)
/// writer.write(aggregator.report(at: clock.now))   // every stats interval
/// ```
public final class StatsFileWriter: Sendable {
    /// The directory files are written to (validated at creation).
    public let directory: String
    /// The file name prefix.
    public let prefix: String
    /// How many files of this prefix to keep (newest first), or `nil` to keep all.
    public let keepNewest: Int?

    private let logger: Logger
    private let failures = Atomic<UInt64>(0)
    private let successes = Atomic<UInt64>(0)

    /// A writer into `directory`, which must exist, be a directory and be writable; throws a
    /// ``StatsFileError`` naming the path and the problem otherwise.
    ///
    /// - Parameters:
    ///   - prefix: non-empty, without `/`, not starting with `.` (default `statsbench`).
    ///   - keepNewest: retention: keep this many newest files (at least 1), or `nil` for all.
    public init(
        directory: String, prefix: String = "statsbench", keepNewest: Int? = nil,
        logger: Logger = Logger(label: "statsbench.stats-files")
    ) throws(StatsFileError) {
        guard !prefix.isEmpty else { throw .invalidPrefix(prefix, reason: "it is empty") }
        guard !prefix.contains("/") else { throw .invalidPrefix(prefix, reason: "it contains '/'") }
        guard !prefix.hasPrefix(".") else {
            throw .invalidPrefix(prefix, reason: "it starts with '.', which marks temp files")
        }
        if let keepNewest, keepNewest < 1 {
            throw .invalidRetention(keepNewest)
        }
        try StatsDirectory.validate(directory)
        self.directory = directory
        self.prefix = prefix
        self.keepNewest = keepNewest
        self.logger = logger
        removeStaleTempFiles()
    }

    /// Writes `report` and returns the file's path, or logs the failure, counts it and returns `nil`.
    /// Never throws: this is the periodic path.
    @discardableResult
    public func write(_ report: IntervalReport) -> String? {
        try? writeCounted(report)
    }

    /// Writes `report` and returns the file's path; a failure is logged, counted in ``failedWrites`` and
    /// thrown (for a caller that must know what was lost, such as the last write before shutdown).
    @discardableResult
    public func writeCounted(_ report: IntervalReport) throws(StatsFileError) -> String {
        do {
            return try writeOrThrow(report)
        } catch {
            let count = failures.wrappingAdd(1, ordering: .relaxed).newValue
            logger.error(
                "stats file not written; the next interval will try again",
                metadata: ["error": "\(error)", "directory": "\(directory)", "failedWrites": "\(count)"])
            throw error
        }
    }

    /// Removes this prefix's stale temp files (see the type's documentation) and logs what it removed;
    /// returns their names.
    @discardableResult
    public func removeStaleTempFiles() -> [String] {
        let removed = AtomicFile.removeStaleTempFiles(in: directory) { [prefix] stem in
            StatsFileName(parsing: stem, prefix: prefix) != nil
        }
        if !removed.isEmpty {
            logger.info(
                "removed temp files of interrupted stats file writes",
                metadata: ["directory": "\(directory)", "files": "\(removed.joined(separator: ", "))"])
        }
        return removed
    }

    /// Writes `report` and returns the file's path; throws what went wrong (not counted in ``failedWrites``).
    public func writeOrThrow(_ report: IntervalReport) throws(StatsFileError) -> String {
        let bytes: [UInt8]
        do {
            bytes = Array(try JSONNumbers.encoder(formatting: [.prettyPrinted, .sortedKeys]).encode(report))
        } catch {
            throw .encodingFailed(reason: "\(error)")
        }
        let name: String
        do {
            name = try AtomicFile.write(
                bytes, directory: directory,
                placement: .keepExisting { [prefix] in
                    StatsFileName(prefix: prefix, time: report.timestamp, sequence: $0).fileName
                })
        } catch {
            throw .writeFailed(error)
        }
        successes.wrappingAdd(1, ordering: .relaxed)
        applyRetention()
        return directory + "/" + name
    }

    /// Writes that failed through ``write(_:)`` or ``writeCounted(_:)`` since creation.
    public var failedWrites: UInt64 { failures.load(ordering: .relaxed) }

    /// Files written since creation.
    public var successfulWrites: UInt64 { successes.load(ordering: .relaxed) }

    /// The final stats files of this prefix in the directory, oldest first.
    public func existingFiles() -> [StatsFileName] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return StatsFileName.sorted(names, prefix: prefix)
    }

    /// Removes all but the newest `keepNewest` files; a failure is logged (the files stay until next time).
    private func applyRetention() {
        guard let keepNewest else { return }
        removeStaleTempFiles()
        let files = existingFiles()
        for file in files.dropLast(keepNewest) {
            do {
                try FileManager.default.removeItem(atPath: directory + "/" + file.fileName)
            } catch {
                logger.warning(
                    "old stats file not removed",
                    metadata: ["file": "\(file.fileName)", "directory": "\(directory)", "error": "\(error)"])
            }
        }
    }
}
