import Foundation
import ServerStats
import StatsExport
import Synchronization

/// `serve --state-file`: persistence of the call ledger. Loaded once at start (``StateLoad``, before the
/// pipeline is built, so that the restart count is in it from the first figure) — a missing file
/// means empty; a damaged one is moved aside by ``StatsExport/PersistenceStore`` and reported — then saved
/// periodically and at shutdown. A failed save is reported, counted (``saves``, ``failedSaves``: shown by
/// `/health/server` and `/metrics`) and the next one tries again. At start, temp files of saves that were
/// killed mid-write are removed.
final class StatePersistence: Sendable {
    private let store: PersistenceStore
    private let ledger: CallLedger
    private let restartCount: UInt64
    private let succeeded = Atomic<UInt64>(0)
    private let failed = Atomic<UInt64>(0)
    /// When the last save succeeded (`nil`: none yet).
    private let lastSaved = Mutex<StatsTime?>(nil)

    /// Restores `loaded` into `ledger` (built with ``StateLoad/restartCount`` already in its pipeline). A valid
    /// state file never prevents a start: one whose ledger cannot be restored is moved aside with the reason,
    /// like a corrupt one, and the ledger starts empty.
    init(_ loaded: StateLoad, ledger: CallLedger) {
        store = loaded.store
        self.ledger = ledger
        restartCount = loaded.restartCount
        guard case .loaded = loaded.result.outcome else { return }
        do {
            let restoredOnly = try ledger.restore(from: loaded.result.state.ledger)
            if !restoredOnly.isEmpty {
                printToStandardError(
                    "warning: state: \(restoredOnly.count) of \(loaded.result.state.ledger.models.count) saved models "
                        + "exceed the ledger's \(ledger.modelCapacity) model slots: their saved figures are kept "
                        + "(in totals and the next save) but new calls to them cannot be recorded: "
                        + restoredOnly.prefix(5).joined(separator: ", ") + (restoredOnly.count > 5 ? ", …" : ""))
            }
        } catch {
            let outcome = store.setAside(reason: "its ledger cannot be restored: \(error)")
            printToStandardError("warning: state: \(store.path): \(outcome); the ledger starts empty")
        }
    }

    /// The state file's path.
    var path: String { store.path }

    /// Saves that succeeded since start.
    var saves: UInt64 { succeeded.load(ordering: .relaxed) }

    /// Saves that failed since start.
    var failedSaves: UInt64 { failed.load(ordering: .relaxed) }

    /// When the last save succeeded, or `nil` when none has.
    var lastSuccessfulSave: StatsTime? { lastSaved.withLock { $0 } }

    /// Saves the ledger atomically; a failure is reported and counted, and returned (`nil` on success), never
    /// thrown.
    @discardableResult
    func save() -> PersistenceError? {
        let now = StatsTime.wallClockNow()
        do {
            try store.save(PersistedState(ledger: ledger.snapshot(), restartCount: restartCount, savedAt: now))
            succeeded.wrappingAdd(1, ordering: .relaxed)
            lastSaved.withLock { $0 = now }
            return nil
        } catch {
            failed.wrappingAdd(1, ordering: .relaxed)
            printToStandardError("warning: state: saving \(store.path) failed: \(error); the next save tries again")
            return error
        }
    }
}

/// The first half of `serve --state-file`: the file read (or moved aside) before anything is built, so that the
/// pipeline is created with the restart count it implies.
struct StateLoad: Sendable {
    /// Refuses, before anything is read or moved, a state path that cannot be a file this process saves: a
    /// directory, or a path under a file or under a directory it may not write (every save would fail). Missing
    /// directories are fine: the first save creates them.
    static func checkPlace(_ path: String) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw startupError("--state-file \(path) is a directory; name a file, e.g. \(path)/statsbench-state.json")
        }
        if (try? AtomicFile.requireRegularOrMissing(path)) == nil {
            throw startupError("--state-file \(path) is not a regular file (a FIFO or device); name a file")
        }
        if let problem = OutputDirectory.creationProblem(under: URL(fileURLWithPath: path).deletingLastPathComponent())
        {
            throw startupError("--state-file \(path) cannot be saved: \(problem)")
        }
    }

    let store: PersistenceStore
    let result: PersistenceLoadResult
    /// Restarts before this run: the saved count plus one, or 0 when starting empty.
    let restartCount: UInt64

    /// Reads `path`, reporting what happened. Throws only when a damaged file can be neither used nor moved
    /// aside (saving would overwrite it). At start, temp files of saves that were killed mid-write are removed.
    init(path: String) throws {
        try Self.checkPlace(path)
        store = PersistenceStore(path: path)
        result = store.load()
        switch result.outcome {
        case .missing:
            printToStandardError("state: \(path) does not exist yet; starting empty")
        case .loaded(let migratedFrom):
            let models = result.state.ledger.models.count
            let origin =
                switch migratedFrom {
                case nil: ""
                case 0?: " (imported from a plain array of call records)"
                case let version?: " (migrated from schema version \(version))"
                }
            printToStandardError("state: restored \(models) models from \(path)\(origin)")
        case .movedAside(let reason, let movedTo):
            printToStandardError(
                "warning: state: \(path) was unreadable (\(reason)); moved to \(movedTo), starting empty")
        case .damagedInPlace(let reason, let failure):
            throw startupError("--state-file \(path) is damaged (\(reason)) and could not be moved aside: \(failure)")
        }
        restartCount = result.state.nextRestartCount(startingEmpty: result.startsEmpty)
        let removed = StaleTempFiles.remove(in: store.directory, forFinalName: store.fileName)
        if !removed.isEmpty {
            printToStandardError(
                "state: removed \(removed.count) temp file(s) of interrupted saves: \(removed.joined(separator: ", "))")
        }
    }
}
