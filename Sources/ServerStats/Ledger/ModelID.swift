/// The small integer under which a ``CallLedger`` records one model or method.
///
/// Obtain it once from ``CallLedger/register(model:)`` (or ``CallLedger/registerIfNeeded(model:)``) on a cold
/// path and pass it to every ``CallLedger/recordCall(model:inputTokens:outputTokens:cacheHit:actualCost:wouldBeCost:at:worker:)``:
/// recording then indexes an array instead of hashing a string. Only a ledger issues ids, and an id remembers
/// which ledger issued it, so an id can never name a model of another ledger (doing so traps).
public struct ModelID: Sendable, Hashable, CustomStringConvertible {
    /// Position of the model in its ledger, in registration order: `0..<ledger.modelCapacity`.
    public let index: Int

    /// Identifies the ledger that issued the id.
    @usableFromInline let ledgerToken: UInt64

    @usableFromInline
    init(index: Int, ledgerToken: UInt64) {
        self.index = index
        self.ledgerToken = ledgerToken
    }

    /// `model 3`.
    public var description: String { "model \(index)" }
}
