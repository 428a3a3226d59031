import Foundation
import ServerStats
import Synchronization

/// Follows a stats directory: each poll lists the directory and yields every *new* final stats file of the prefix once,
/// parsed as an ``ServerStats/IntervalReport``, in name order.
///
/// - Temp files (names starting with `.`) and other names never match the pattern, so a half-written file is
///   never read: a final name only ever appears on a complete file.
/// - A file that fails to parse, or whose parts disagree (``ServerStats/IntervalReport/inconsistency()``: totals
///   that are not the workers' sum, a negative interval, a shard twice), is reported once as
///   ``WatchEvent/unreadable(file:reason:)`` and skipped until it changes. A file written in place by another tool
///   (`cp`, a script without a temp name) can be caught half-written: when its size or modification time later
///   changes it is read again, and yielded once it parses. A file yielded once is not yielded again.
/// - The directory may be emptied, removed and recreated: the watcher keeps polling, reports the absence once
///   (``WatchEvent/directoryUnavailable(path:reason:)``) and its return, and then yields the files that appear.
/// - Memory stays bounded: names no longer in the directory (removed by retention) are forgotten.
///
/// Use ``poll()`` step by step (tests, a custom loop) or ``events()`` for an `AsyncStream` that polls every
/// ``pollInterval``.
///
/// ```swift
/// let watcher = StatsFileWatcher(directory: "/var/lib/statsbench")
/// for await event in watcher.events() {
///     if case .report(_, let report) = event { print(StatsWatchTable.row(report)) }
/// }
/// ```
public final class StatsFileWatcher: Sendable {
    /// The directory watched.
    public let directory: String
    /// The prefix of the files followed.
    public let prefix: String
    /// Time between polls in ``events()``.
    public let pollInterval: Duration

    private let state: Mutex<State>

    private struct State {
        var seen: Set<String> = []
        /// Files reported unreadable, with the size and modification time they had: read again when these change.
        var unreadable: [String: FileVersion] = [:]
        var directoryMissing = false
        var primed: Bool
    }

    /// A watcher of `directory`.
    ///
    /// - Parameter reportExistingFiles: `false` (default) ignores the files present at the first poll and
    ///   yields only those that appear later; `true` yields them too.
    public init(
        directory: String, prefix: String = "statsbench", pollInterval: Duration = .seconds(1),
        reportExistingFiles: Bool = false
    ) {
        self.directory = directory
        self.prefix = prefix
        self.pollInterval = pollInterval
        self.state = Mutex(State(primed: reportExistingFiles))
    }

    /// Lists the directory once and returns what is new since the previous poll.
    public func poll() -> [WatchEvent] {
        let listing: [String]
        do {
            listing = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            return state.withLock { state in
                state.seen.removeAll()
                state.primed = true  // whatever appears in a recreated directory is new
                guard !state.directoryMissing else { return [] }
                state.directoryMissing = true
                return [.directoryUnavailable(path: directory, reason: Self.listingProblem(directory, error))]
            }
        }
        let files = StatsFileName.sorted(listing, prefix: prefix)
        let (events, fresh) = state.withLock { state in
            var events: [WatchEvent] = []
            if state.directoryMissing {
                state.directoryMissing = false
                events.append(.directoryAvailable(path: directory))
            }
            let names = Set(files.map(\.fileName))
            state.seen.formIntersection(names)
            state.unreadable = state.unreadable.filter { names.contains($0.key) }
            var fresh = state.primed ? files.filter { !state.seen.contains($0.fileName) } : []
            // An unreadable file that has changed since (a writer was still writing it) is read again.
            let changed = files.filter { file in
                state.unreadable[file.fileName].map { $0 != FileVersion(path: directory + "/" + file.fileName) }
                    ?? false
            }
            fresh = (fresh + changed).sorted()
            state.seen.formUnion(names)
            state.primed = true
            return (events, fresh)
        }
        var results: [WatchEvent] = []
        for file in fresh {
            // The version is taken before the read: a write that lands during the read changes it again.
            let version = FileVersion(path: directory + "/" + file.fileName)
            guard let event = read(file) else { continue }
            state.withLock { state in
                if case .unreadable = event {
                    state.unreadable[file.fileName] = version
                } else {
                    state.unreadable[file.fileName] = nil
                }
            }
            results.append(event)
        }
        return events + results
    }

    /// A file's size and modification time (nanoseconds); `nil` fields when it cannot be examined.
    struct FileVersion: Equatable {
        var size: Int64?
        var modified: Int64?

        init(path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return }
            size = Int64(info.st_size)
            #if canImport(Darwin)
                let time = info.st_mtimespec
            #else
                let time = info.st_mtim
            #endif
            modified = Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
        }
    }

    /// Why `path` cannot be listed, in `errno`'s words (`No such file or directory`, `Not a directory`,
    /// `Permission denied`) rather than Foundation's error domain and code.
    static func listingProblem(_ path: String, _ error: any Error) -> String {
        guard let handle = opendir(path) else { return String(cString: strerror(errno)) }
        closedir(handle)
        return (error as NSError).localizedDescription
    }

    /// Polls every ``pollInterval`` until the stream's consumer stops (the task is cancelled).
    public func events() -> AsyncStream<WatchEvent> {
        AsyncStream { continuation in
            let task = Task { [self] in
                while !Task.isCancelled {
                    for event in poll() { continuation.yield(event) }
                    try? await Task.sleep(for: pollInterval)
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// The largest stats file read (256 MiB); a larger one is reported unreadable, not read.
    static var maximumFileBytes: Int { 256 << 20 }

    /// Reads and parses one file; `nil` when it vanished in between (retention removed it).
    private func read(_ file: StatsFileName) -> WatchEvent? {
        let path = directory + "/" + file.fileName
        let data: Data
        do {
            data = Data(try FileReader.read(path, maximumBytes: Self.maximumFileBytes))
        } catch {
            if error.isNotFound { return nil }
            return .unreadable(file: file.fileName, reason: "cannot read: \(error)")
        }
        let report: IntervalReport
        do {
            report = try JSONNumbers.decode(IntervalReport.self, from: data)
        } catch {
            return .unreadable(
                file: file.fileName, reason: "'\(path)' is not a stats report: \(JSONNumbers.describe(error))")
        }
        if let problem = report.inconsistency() {
            return .unreadable(file: file.fileName, reason: "'\(path)' holds figures no run writes: \(problem)")
        }
        return .report(file: file.fileName, report)
    }
}
