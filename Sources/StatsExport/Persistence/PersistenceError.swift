/// Why ``PersistenceStore/save(_:)`` did not save. Loading never throws: see ``PersistenceLoadOutcome``.
public enum PersistenceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The directory of the state file could not be created.
    case directoryNotCreatable(path: String, reason: String)
    /// The state could not be encoded.
    case encodingFailed(reason: String)
    /// Writing the file failed.
    case writeFailed(FileOperationFailure)
    /// A damaged state file could not be moved aside at load, and saving would overwrite it.
    case damagedFileInTheWay(path: String)

    /// What was wrong, where, and what to do.
    public var description: String {
        switch self {
        case .directoryNotCreatable(let path, let reason):
            return "cannot create the state directory '\(path)': \(reason); create it or choose another path"
        case .encodingFailed(let reason):
            return "the state could not be encoded as JSON: \(reason)"
        case .writeFailed(let failure):
            return "saving the state failed: \(failure); the previous file, if any, is unchanged"
        case .damagedFileInTheWay(let path):
            return "'\(path)' is damaged and could not be moved aside when loading; it is kept, and not overwritten: "
                + "move it away by hand, then save again"
        }
    }
}

/// What ``PersistenceStore/load()`` found.
public enum PersistenceLoadOutcome: Sendable, Hashable {
    /// No state file: start empty (the first run).
    case missing
    /// The file was read; `migratedFrom` is the older schema version it was migrated from, if any.
    case loaded(migratedFrom: Int?)
    /// The file was unreadable, truncated, corrupt or of an unknown version: it was moved to `movedTo`
    /// (never overwritten, never deleted) and the run starts empty.
    case movedAside(reason: String, movedTo: String)
    /// The file is damaged for `reason` and moving it aside failed too (`moveFailure`): the run starts empty,
    /// the file stays where it is, and saves are refused until it is moved by hand.
    case damagedInPlace(reason: String, moveFailure: String)
}

/// The state to start from and how it was obtained.
public struct PersistenceLoadResult: Sendable, Hashable {
    /// The loaded state, or ``PersistedState/empty`` when starting empty.
    public let state: PersistedState
    /// What happened.
    public let outcome: PersistenceLoadOutcome

    /// A result of `state` with `outcome`.
    public init(state: PersistedState, outcome: PersistenceLoadOutcome) {
        self.state = state
        self.outcome = outcome
    }

    /// True unless a state was loaded.
    public var startsEmpty: Bool {
        if case .loaded = outcome { return false }
        return true
    }
}
