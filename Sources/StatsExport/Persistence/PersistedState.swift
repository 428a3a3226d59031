import ServerStats
import StatsCore

/// What survives a restart, in a versioned envelope: `{"schemaVersion": 2, ...}`.
///
/// - The call ledger's exact per-model aggregates (``ServerStats/CallLedgerSnapshot``), restored with
///   ``ServerStats/CallLedger/restore(from:)``, which replaces the ledger's baseline: loading the same file
///   twice, or a file saved twice, counts every call once.
/// - The restart count: the next run passes ``nextRestartCount`` to `StatsPipelineConfiguration.restartCount`.
///
/// Server-wide request counters are per run (figures since server start) and are not persisted.
///
/// Schema history: version 1 (older builds) held raw call records with `f64` dollar costs;
/// ``PersistenceStore/load()`` migrates it to version 2 (see `PersistedStateV1`). A plain JSON array of such
/// call records (no envelope), the common call-record file format, is imported as "version 0" the same way.
public struct PersistedState: Sendable, Hashable, Codable {
    /// The envelope version this build writes; it reads this one and every older one.
    public static var currentSchemaVersion: Int { 2 }

    /// Version of the envelope.
    public let schemaVersion: Int
    /// When the state was saved (as the caller stamped it); `nil` for a state migrated from version 1.
    public var savedAt: StatsTime?
    /// Restarts before the run that saved the state.
    public var restartCount: UInt64
    /// The call ledger's aggregates.
    public var ledger: CallLedgerSnapshot

    /// A state of the current schema version.
    public init(ledger: CallLedgerSnapshot, restartCount: UInt64 = 0, savedAt: StatsTime? = nil) {
        self.schemaVersion = Self.currentSchemaVersion
        self.savedAt = savedAt
        self.restartCount = restartCount
        self.ledger = ledger
    }

    /// Nothing recorded yet: what a missing or damaged file starts from.
    public static var empty: PersistedState { PersistedState(ledger: CallLedgerSnapshot(models: [])) }

    /// The restart count of the run that loads this state: one more than the saver's, or 0 when starting empty.
    public func nextRestartCount(startingEmpty: Bool) -> UInt64 {
        startingEmpty ? 0 : restartCount &+ 1
    }

    /// Throws the reason this state cannot be restored (the ledger snapshot's own checks: schema, names, sums).
    func validate() throws(CallLedgerError) {
        let scratch = CallLedger(
            registry: WorkerRegistry(capacity: 1), modelCapacity: max(1, ledger.models.count), retention: .disabled)
        try scratch.restore(from: ledger)
    }
}

/// Version 1 of the state file: the call records as the first version kept them, costs in `f64` currency units.
///
/// ```json
/// {"schemaVersion": 1, "restarts": 3,
///  "calls": [{"model": "opus", "input_tokens": 1000, "output_tokens": 500, "cache_hit": true,
///             "actual_cost": 0.0, "would_be_cost": 52.5, "savings": 52.5}]}
/// ```
struct PersistedStateV1: Decodable {
    struct Call: Decodable {
        var model: String
        var inputTokens: UInt64
        var outputTokens: UInt64
        var cacheHit: Bool
        var actualCost: Double
        var wouldBeCost: Double

        enum CodingKeys: String, CodingKey {
            case model, inputTokens = "input_tokens", outputTokens = "output_tokens", cacheHit = "cache_hit"
            case actualCost = "actual_cost", wouldBeCost = "would_be_cost"
        }
    }

    var schemaVersion: Int
    var restarts: UInt64?
    var calls: [Call]

    /// The version 2 state: the records summed per model (in order of first appearance), costs rounded once
    /// per record to micro-units. Throws the reason when a record cannot be a real call.
    func migrated() throws(PersistenceMigrationError) -> PersistedState {
        var order: [String] = []
        var sums: [String: CallFigures] = [:]
        for (position, call) in calls.enumerated() {
            guard !call.model.allSatisfy(\.isWhitespace) else {
                throw PersistenceMigrationError(
                    version: schemaVersion, reason: "calls[\(position)] has an empty model name")
            }
            let actual = try microUnits(call.actualCost, field: "calls[\(position)].actual_cost")
            let wouldBe = try microUnits(call.wouldBeCost, field: "calls[\(position)].would_be_cost")
            let figures = CallFigures(
                calls: 1, cacheHits: call.cacheHit ? 1 : 0, inputTokens: call.inputTokens,
                outputTokens: call.outputTokens, actualCost: actual, wouldBeCost: wouldBe)
            if sums[call.model] == nil { order.append(call.model) }
            sums[call.model, default: .zero] = sums[call.model, default: .zero] + figures
        }
        let models = order.map { ModelCallStats(model: $0, figures: sums[$0]!) }
        return PersistedState(ledger: CallLedgerSnapshot(models: models), restartCount: restarts ?? 0)
    }

    private func microUnits(_ amount: Double, field: String) throws(PersistenceMigrationError) -> Cost {
        let micro = (amount * 1_000_000).rounded()
        guard micro.isFinite, abs(micro) < 0x1p63 else {
            throw PersistenceMigrationError(
                version: schemaVersion, reason: "\(field) = \(amount) is not a representable cost")
        }
        return Cost(microUnits: Int64(micro))
    }
}

/// Why a version 1 state file could not be migrated.
struct PersistenceMigrationError: Error, CustomStringConvertible {
    var version: Int
    var reason: String
    var description: String {
        version == 0
            ? "cannot import the array of call records: \(reason)"
            : "cannot migrate schemaVersion \(version): \(reason)"
    }
}
