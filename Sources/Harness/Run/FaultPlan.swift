import Foundation
import ServerStats
import Simulation
import StatsExport

/// The scenario's faults, injected during the statsbench sink's conservation drive, and the checks of their
/// outcome: collection must go on and nothing already recorded may be lost.
///
/// - `process-dies`: a watched child process is killed with SIGKILL at `at`.
/// - `stats-directory-unwritable`: at `at` the stats directory is moved away and a plain file put in its
///   place (permissions would not stop root), so every later stats-file write fails; it is restored after.
///   The directory moved is always one the harness made for itself (a fresh subdirectory of the scenario's
///   `stats.directory`, or a temporary one): a user's directory is never moved, even by a run killed midway.
///
/// Fault times scale with the run (`--scale`): a fault at `at` fires at `at × scale` of simulated time, and in
/// a duration run never before the end of the first window nor after the end of the last but one, so that the
/// checks always see collection before and after it (``RunPlan`` refuses a run too short for that).
/// - `corrupt-persistence`: a corrupt state file is in place at the start; loading must move it aside intact
///   and start empty, and saving must work again afterwards.
final class FaultPlan {
    private let faults: [FaultSpec]
    /// The watched process, when one is to die.
    private(set) var watched: WatchedProcess?
    /// Where the statsbench sink writes its stats files during the conservation drive.
    let statsDirectory: String
    private let ownsDirectory: Bool
    private var killedAt: UInt64?
    private var unwritableAt: UInt64?
    private var persistenceChecks: [ConservationCheck] = []
    /// When each fault of `faults` fires, in nanoseconds of simulated time (scaled and clamped).
    private let fireAt: [UInt64]

    /// The name of the persistence file inside the stats directory.
    static let stateFile = "statsbench-state.json"

    /// Prepares the faults of `plan`'s scenario: starts the watched process, makes the stats directory (the
    /// scenario's `stats.directory` — or, when a fault will move it, a fresh subdirectory of it — or a temporary
    /// one) and plants and loads the corrupt state file.
    init(plan: RunPlan, baseDirectory: URL?) throws(HarnessError) {
        let scenario = plan.scenario
        faults = scenario.faults
        fireAt = faults.map { fault in Self.fireTime(of: fault, plan: plan) }
        let movesDirectory = faults.contains { $0.kind == .statsDirectoryUnwritable }
        if let configured = scenario.stats.directory {
            let base = URL(fileURLWithPath: configured, relativeTo: baseDirectory).standardizedFileURL.path
            if movesDirectory {
                statsDirectory = base + "/statsbench-fault-run-\(getpid())-\(UUID().uuidString.prefix(8))"
            } else {
                statsDirectory = base
            }
            ownsDirectory = false
        } else {
            statsDirectory =
                FileManager.default.temporaryDirectory
                .appendingPathComponent("statsbench-stats-\(getpid())-\(UUID().uuidString.prefix(8))").path
            ownsDirectory = true
        }
        if let problem = DirectoryMaker.problem(creating: statsDirectory) {
            let field = scenario.stats.directory == nil ? "" : " (the scenario's stats.directory)"
            throw .system("cannot create the stats directory \(statsDirectory)\(field): \(problem)")
        }
        do {
            if faults.contains(where: { $0.kind == .processDies }) { watched = try WatchedProcess() }
            if faults.contains(where: { $0.kind == .corruptPersistence }) { try corruptPersistence() }
        } catch {
            if ownsDirectory { try? FileManager.default.removeItem(atPath: statsDirectory) }
            throw error
        }
    }

    /// Whether there is anything to inject.
    var isEmpty: Bool { faults.isEmpty }

    /// When `fault` fires in `plan`: `at × scale` nanoseconds, in a duration run clamped to the end of the first
    /// window … the end of the last but one (a fault at 0 fires at the first epoch end either way).
    static func fireTime(of fault: FaultSpec, plan: RunPlan) -> UInt64 {
        let scaled = CheckedConversion.nanoseconds(seconds: fault.atSeconds * plan.scale)
        guard let duration = plan.durationNanoseconds else { return scaled }
        let window = plan.windowNanoseconds
        let last = duration > window ? ((duration - 1) / window) * window : window
        return min(max(scaled, window), max(window, last))
    }

    /// Injects every fault due by `nanoseconds` of simulated time (called at each epoch end).
    func inject(at nanoseconds: UInt64) {
        for (fault, time) in zip(faults, fireAt) where time <= nanoseconds {
            switch fault.kind {
            case .processDies where killedAt == nil:
                watched?.kill()
                killedAt = nanoseconds
            case .statsDirectoryUnwritable where unwritableAt == nil:
                let away = statsDirectory + ".away"
                try? FileManager.default.moveItem(atPath: statsDirectory, toPath: away)
                _ = FileManager.default.createFile(atPath: statsDirectory, contents: Data("not a directory\n".utf8))
                unwritableAt = nanoseconds
            default:
                break
            }
        }
    }

    /// Puts the stats directory back after an unwritable-directory fault; removes a temporary one.
    ///
    /// - Returns: what could not be put back or removed, each naming the path and the reason (empty when all
    ///   went well), for the caller to report: the run's figures stand either way.
    @discardableResult
    func restore() -> [String] {
        var problems: [String] = []
        func attempt(_ what: String, _ action: () throws -> Void) {
            do { try action() } catch { problems.append("\(what): \(error.localizedDescription)") }
        }
        if unwritableAt != nil {
            attempt("cannot remove the file put in place of the stats directory \(statsDirectory)") {
                try FileManager.default.removeItem(atPath: statsDirectory)
            }
            attempt("cannot move the stats directory back from \(statsDirectory).away") {
                try FileManager.default.moveItem(atPath: statsDirectory + ".away", toPath: statsDirectory)
            }
        }
        if ownsDirectory {
            attempt("cannot remove the temporary stats directory \(statsDirectory)") {
                try FileManager.default.removeItem(atPath: statsDirectory)
            }
        }
        return problems
    }

    /// Checks after the drive, from the sink's history, windows and stats-file counts.
    func checks(
        history: [ResourceSample], start: StatsTime, windows: Int, windowNanoseconds: UInt64,
        statsFiles: StatsFileWriter?
    ) -> [ConservationCheck] {
        var checks = persistenceChecks
        func check(_ name: String, expected: UInt64, actual: UInt64) {
            checks.append(ConservationCheck(sink: "fault", name: name, expected: expected, actual: actual))
        }
        func at(_ sample: ResourceSample) -> UInt64 {
            sample.timestamp.nanosecondsSinceEpoch &- start.nanosecondsSinceEpoch
        }
        if let watched {
            // The kill happens at an epoch's end, after that epoch's sample was taken: that sample is "before".
            let before = history.filter { sample in killedAt.map { at(sample) <= $0 } ?? true }
            let after = history.filter { sample in killedAt.map { at(sample) > $0 } ?? false }
            check("watched process \(watched.pid) was killed", expected: 1, actual: killedAt == nil ? 0 : 1)
            check(
                "samples before the kill with the watched process's memory", expected: UInt64(before.count),
                actual: UInt64(before.filter { $0.watchedResidentBytes != nil }.count))
            check(
                "samples after the kill with its fields nil", expected: UInt64(after.count),
                actual: UInt64(after.filter { $0.watchedResidentBytes == nil && $0.watchedCPUPercent == nil }.count))
            check("history went on collecting after the kill (samples > 0)", expected: 1, actual: after.isEmpty ? 0 : 1)
        }
        // The stats files the statsbench sink wrote during this drive, with or without a fault.
        func fileCheck(_ name: String, expected: UInt64, actual: UInt64) {
            checks.append(ConservationCheck(sink: "stats-files", name: name, expected: expected, actual: actual))
        }
        if let statsFiles {
            fileCheck(
                "stats files written + failed == windows", expected: UInt64(windows),
                actual: statsFiles.successfulWrites + statsFiles.failedWrites)
            if let unwritableAt {
                // Injected at the end of window k, after its file was written: windows k+1 … n fail.
                let expectedFailures = UInt64(windows) - min(UInt64(windows), unwritableAt / max(1, windowNanoseconds))
                fileCheck(
                    "stats-file writes failed after the directory became unwritable", expected: expectedFailures,
                    actual: statsFiles.failedWrites)
                fileCheck(
                    "stats files written before it (> 0)", expected: 1, actual: statsFiles.successfulWrites > 0 ? 1 : 0)
            } else {
                fileCheck("stats-file writes failed", expected: 0, actual: statsFiles.failedWrites)
            }
        }
        return checks
    }

    /// Writes a corrupt state file and loads it: it must be moved aside intact and the load start empty; a
    /// save and a reload afterwards must work.
    private func corruptPersistence() throws(HarnessError) {
        let path = statsDirectory + "/" + Self.stateFile
        let garbage = Data("{\"schemaVersion\": 2, \"ledger\": [truncated".utf8)
        guard FileManager.default.createFile(atPath: path, contents: garbage) else {
            throw .system("cannot write the corrupt state file \(path)")
        }
        let store = PersistenceStore(path: path)
        let loaded = store.load()
        func check(_ name: String, _ passed: Bool) {
            persistenceChecks.append(ConservationCheck(sink: "fault", name: name, expected: 1, actual: passed ? 1 : 0))
        }
        check("corrupt state file: the load starts empty", loaded.startsEmpty && loaded.state == .empty)
        if case .movedAside(_, let movedTo) = loaded.outcome {
            check("corrupt state file moved aside intact", FileManager.default.contents(atPath: movedTo) == garbage)
        } else {
            check("corrupt state file moved aside (outcome \(loaded.outcome))", false)
        }
        let saved = (try? store.save(PersistedState(ledger: CallLedgerSnapshot(models: []), restartCount: 1))) != nil
        let reloaded = store.load()
        check(
            "state saved and reloaded after the corrupt file",
            saved && !reloaded.startsEmpty && reloaded.state.restartCount == 1)
    }
}
