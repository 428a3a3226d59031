/// What a ``CallLedger`` rejects: names and snapshots that come from outside the program.
///
/// Nothing already recorded is changed when one of these is thrown. Programming errors — a ``ModelID`` of
/// another ledger, a ``WorkerID`` of another registry — trap instead.
public enum CallLedgerError: Error, Equatable, CustomStringConvertible {
    /// A model or method name was empty or only whitespace.
    case emptyModelName
    /// A model or method name was registered twice.
    case duplicateModelName(String)
    /// Every model slot is taken.
    case modelCapacityExhausted(name: String, capacity: Int)
    /// A snapshot was written with a schema this version cannot read.
    case unsupportedSchemaVersion(found: Int, supported: Int)
    /// A snapshot contradicts itself; `reason` says where.
    case inconsistentSnapshot(reason: String)

    /// What was wrong, where, and what to do.
    public var description: String {
        switch self {
        case .emptyModelName:
            return "CallLedger: a model name is empty or only whitespace; pass the model or method name the call used"
        case .duplicateModelName(let name):
            return "CallLedger: model \"\(name)\" is already registered; "
                + "look its id up with model(named:) or use registerIfNeeded(model:)"
        case .modelCapacityExhausted(let name, let capacity):
            return "CallLedger: cannot register model \"\(name)\": all \(capacity) model slots are taken; "
                + "create the ledger with a larger modelCapacity"
        case .unsupportedSchemaVersion(let found, let supported):
            return "CallLedger.restore: snapshot schemaVersion \(found) is not supported (this build reads "
                + "\(supported)); restore it with the version that wrote it or start from an empty ledger"
        case .inconsistentSnapshot(let reason):
            return "CallLedger.restore: the snapshot is inconsistent (\(reason)); nothing was restored — "
                + "move the file aside and start from an empty ledger"
        }
    }
}
