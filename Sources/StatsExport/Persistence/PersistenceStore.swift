import Foundation
import Logging
import ServerStats
import Synchronization

/// Saves and loads the state that survives a restart in one JSON file, safely.
///
/// - ``load()`` never throws and never loses a file: a missing file means "start empty"; an unreadable,
///   truncated or corrupt file, or one of an unknown (future) schema version, is moved aside to
///   `NAME.corrupt-YYYYMMDD-HHMMSS` (UTC; `-1`, `-2`, … if taken), the problem is logged, and the result is
///   "start empty" with a ``PersistenceLoadOutcome`` saying what happened. Older versions are migrated. A path
///   that is a directory, a FIFO or a device is a wrong path, not a damaged file: it is left alone (``PersistenceLoadOutcome/damagedInPlace(reason:moveFailure:)``)
///   and saves are refused.
/// - ``save(_:)`` is atomic (temp file, fsync, rename, fsync the directory) and creates the directory if
///   missing; a failed save leaves the previous file as it was.
///
/// ```swift
/// let store = PersistenceStore(path: "/var/lib/statsbench/state.json")
/// let loaded = store.load()
/// try ledger.restore(from: loaded.state.ledger)
/// configuration.restartCount = loaded.state.nextRestartCount(startingEmpty: loaded.startsEmpty)
/// // periodically and at shutdown:
/// try store.save(PersistedState(ledger: ledger.snapshot(), restartCount: configuration.restartCount,
///                               savedAt: .wallClockNow()))
/// ```
public final class PersistenceStore: Sendable {
    /// The state file.
    public let path: String
    /// Its directory.
    public let directory: String
    /// Its name.
    public let fileName: String

    private let logger: Logger
    private let clock: @Sendable () -> StatsTime
    /// Set when a damaged file could not be moved aside: saving would overwrite it.
    private let damagedInPlace = Atomic<Bool>(false)

    /// A store of the file at `path`; `clock` stamps the names of files moved aside (default: wall clock).
    public init(
        path: String, logger: Logger = Logger(label: "statsbench.persistence"),
        clock: @escaping @Sendable () -> StatsTime = { .wallClockNow() }
    ) {
        self.path = path
        let url = URL(fileURLWithPath: path)
        self.directory = url.deletingLastPathComponent().path
        self.fileName = url.lastPathComponent
        self.logger = logger
        self.clock = clock
    }

    /// The saved state, or an empty one with the reason (see the type's documentation).
    public func load() -> PersistenceLoadResult {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            logger.info("no saved state: starting empty", metadata: ["path": "\(path)"])
            return PersistenceLoadResult(state: .empty, outcome: .missing)
        }
        if isDirectory.boolValue || (try? AtomicFile.requireRegularOrMissing(path)) == nil {
            // Not a damaged file but a wrong path: a directory (and what it holds), a FIFO or a device is never
            // read (a device may never end) nor moved aside.
            let what = isDirectory.boolValue ? "a directory" : "not a regular file (a FIFO or device)"
            damagedInPlace.store(true, ordering: .relaxed)
            logger.critical(
                "the state path is \(what): starting empty, saves refused", metadata: ["path": "\(path)"])
            return PersistenceLoadResult(
                state: .empty,
                outcome: .damagedInPlace(reason: "it is \(what)", moveFailure: "it is never moved aside"))
        }
        switch decode() {
        case .success(let (state, migratedFrom)):
            logger.info(
                "saved state loaded",
                metadata: [
                    "path": "\(path)", "models": "\(state.ledger.models.count)",
                    "migratedFrom": "\(migratedFrom.map(String.init) ?? "-")",
                ])
            return PersistenceLoadResult(state: state, outcome: .loaded(migratedFrom: migratedFrom))
        case .failure(let damage):
            return PersistenceLoadResult(state: .empty, outcome: moveAside(reason: damage.reason))
        }
    }

    /// Writes `state` atomically, creating the directory if needed.
    public func save(_ state: PersistedState) throws(PersistenceError) {
        guard !damagedInPlace.load(ordering: .relaxed) else { throw .damagedFileInTheWay(path: path) }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .directoryNotCreatable(path: directory, reason: error.localizedDescription)
        }
        let bytes: [UInt8]
        do {
            bytes = Array(try JSONNumbers.encoder(formatting: [.prettyPrinted, .sortedKeys]).encode(state))
        } catch {
            throw .encodingFailed(reason: "\(error)")
        }
        do {
            _ = try AtomicFile.write(bytes, directory: directory, placement: .replace(fileName))
        } catch {
            throw .writeFailed(error)
        }
    }

    /// Why a file present on disk cannot be loaded.
    private struct Damage: Error {
        var reason: String
    }

    private struct VersionProbe: Decodable {
        var schemaVersion: Int
    }

    /// Reads, version-checks, migrates and validates the file.
    private func decode() -> Result<(PersistedState, Int?), Damage> {
        let data: Data
        do {
            data = Data(try FileReader.read(path))
        } catch {
            return .failure(Damage(reason: "unreadable: \(error)"))
        }
        if data.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) == UInt8(ascii: "[") {
            return importCallRecords(data)
        }
        let version: Int
        do {
            version = try JSONNumbers.decode(VersionProbe.self, from: data).schemaVersion
        } catch {
            return .failure(
                Damage(reason: "truncated or corrupt (no readable schemaVersion): \(JSONNumbers.describe(error))"))
        }
        let state: PersistedState
        let migratedFrom: Int?
        do {
            switch version {
            case PersistedState.currentSchemaVersion:
                state = try JSONNumbers.decode(PersistedState.self, from: data)
                migratedFrom = nil
            case 1:
                state = try JSONNumbers.decode(PersistedStateV1.self, from: data).migrated()
                migratedFrom = 1
            case let newer where newer > PersistedState.currentSchemaVersion:
                return .failure(
                    Damage(
                        reason: "schemaVersion \(newer) is newer than this build reads "
                            + "(\(PersistedState.currentSchemaVersion)); it was written by a later statsbench"))
            default:
                return .failure(Damage(reason: "schemaVersion \(version) is not a known version"))
            }
        } catch {
            return .failure(Damage(reason: "corrupt schemaVersion \(version) file: \(JSONNumbers.describe(error))"))
        }
        do {
            try state.validate()
        } catch {
            return .failure(Damage(reason: "inconsistent: \(error.reason)"))
        }
        return .success((state, migratedFrom))
    }

    /// A plain JSON array of call records (each `model`, `input_tokens`, `output_tokens`, `cache_hit`,
    /// `actual_cost`, `would_be_cost` and, ignored because it is derived, `savings`): imported as schema version
    /// 0, summed per model like version 1's records, with no restart count.
    private func importCallRecords(_ data: Data) -> Result<(PersistedState, Int?), Damage> {
        let state: PersistedState
        do {
            let calls = try JSONNumbers.decode([PersistedStateV1.Call].self, from: data)
            state = try PersistedStateV1(schemaVersion: 0, restarts: nil, calls: calls).migrated()
        } catch {
            return .failure(Damage(reason: "corrupt array of call records: \(JSONNumbers.describe(error))"))
        }
        do {
            try state.validate()
        } catch {
            return .failure(Damage(reason: "inconsistent array of call records: \(error.reason)"))
        }
        logger.notice(
            "imported a plain array of call records into the ledger; the next save writes the current schema",
            metadata: ["path": "\(path)", "models": "\(state.ledger.models.count)"])
        return .success((state, 0))
    }

    /// Moves a file that loaded but cannot be used (its state could not be restored) aside like a damaged one,
    /// so that it never blocks a start again; the next save writes a fresh file. Returns what happened, with
    /// `reason` logged and kept in the outcome.
    public func setAside(reason: String) -> PersistenceLoadOutcome {
        moveAside(reason: reason)
    }

    /// Moves the damaged file aside and says what happened.
    private func moveAside(reason: String) -> PersistenceLoadOutcome {
        let name = fileName + ".corrupt-" + UTCDateTime(clock()).compactStamp
        do {
            let movedTo = try AtomicFile.moveAside(path, directory: directory, name: name)
            logger.error(
                "saved state is damaged: moved aside, starting empty",
                metadata: ["path": "\(path)", "reason": "\(reason)", "movedTo": "\(movedTo)"])
            return .movedAside(reason: reason, movedTo: movedTo)
        } catch {
            damagedInPlace.store(true, ordering: .relaxed)
            logger.critical(
                "saved state is damaged and could not be moved aside: starting empty, saves refused",
                metadata: ["path": "\(path)", "reason": "\(reason)", "moveFailure": "\(error)"])
            return .damagedInPlace(reason: reason, moveFailure: "\(error)")
        }
    }
}
