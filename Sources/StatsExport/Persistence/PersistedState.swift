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
    /// A loaded state's count is below `UInt64.max` (``PersistenceStore/load()`` refuses the largest); one built
    /// in code with the largest stays at it.
    public func nextRestartCount(startingEmpty: Bool) -> UInt64 {
        startingEmpty ? 0 : restartCount < .max ? restartCount + 1 : .max
    }

    /// Throws the reason this state cannot be restored, naming the field by its path in the file: a
    /// `restartCount` of `UInt64.max` (the next start's count would not fit), or what the ledger snapshot's own
    /// checks find (schema, names, negative costs, sums beyond their range, `savings` and `totals`).
    func validate() throws(PersistedStateDamage) {
        guard restartCount < .max else {
            throw PersistedStateDamage(reason: PersistedStateDamage.largestRestartCount("restartCount", restartCount))
        }
        do {
            try ledger.validate(at: "ledger.")
        } catch .inconsistentSnapshot(let reason) {
            throw PersistedStateDamage(reason: reason)
        } catch .unsupportedSchemaVersion(let found, let supported) {
            throw PersistedStateDamage(
                reason: "ledger.schemaVersion: \(found) is not a version this build reads (\(supported))")
        } catch {
            throw PersistedStateDamage(reason: "ledger: \(error)")
        }
    }
}

/// Why a decoded state cannot be restored: ``reason`` names the field by its path in the file.
struct PersistedStateDamage: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }

    /// The reason for a restart count (`field`, of `count`) at `UInt64.max`.
    static func largestRestartCount(_ field: String, _ count: UInt64) -> String {
        "\(field): \(count) is the largest count; the next start's restart count (one more) would not fit"
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
    /// per record to micro-units.
    ///
    /// - Throws: ``PersistenceMigrationError`` naming the record and field when a record cannot be a real call
    ///   (an empty model name; a cost that is negative, not finite or beyond `Int64` micro-units), when a sum over
    ///   the records (over all models, which bounds every model's sum and the totals) exceeds its field's range
    ///   (`UInt64` counts and tokens, `Int64` micro-units: 9 223 372 036 854.775807 units) — never wrapped — or
    ///   when `restarts` is `UInt64.max` (the next start's count would not fit).
    func migrated() throws(PersistenceMigrationError) -> PersistedState {
        if let restarts, restarts == .max {
            throw PersistenceMigrationError(
                version: schemaVersion, reason: PersistedStateDamage.largestRestartCount("restarts", restarts))
        }
        var order: [String] = []
        var sums: [String: CallFigures] = [:]
        var total = CallFigures.zero
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
            let (next, overflowingField) = total.addingReportingOverflow(figures)
            if let field = overflowingField {
                throw PersistenceMigrationError(
                    version: schemaVersion,
                    reason: "calls[\(position)].\(Self.recordField[field] ?? field): the sum over the records up to "
                        + "this one exceeds the largest \(CallFigures.largest(ofField: field)) the ledger holds")
            }
            total = next
            if sums[call.model] == nil { order.append(call.model) }
            // Within range: no model's sum exceeds the sum over all records.
            sums[call.model, default: .zero] = sums[call.model, default: .zero] + figures
        }
        let models = order.map { ModelCallStats(model: $0, figures: sums[$0]!) }
        return PersistedState(ledger: CallLedgerSnapshot(models: models), restartCount: restarts ?? 0)
    }

    /// A record's field name for each ``CallFigures`` field a sum can overflow in (`calls` is the record count).
    private static let recordField = [
        "inputTokens": "input_tokens", "outputTokens": "output_tokens", "actualCost": "actual_cost",
        "wouldBeCost": "would_be_cost", "cacheHits": "cache_hit",
    ]

    /// `amount` currency units as micro-units, rounded once; throws naming `field` when it is negative, not
    /// finite, or beyond `Int64` micro-units.
    private func microUnits(_ amount: Double, field: String) throws(PersistenceMigrationError) -> Cost {
        guard !(amount < 0) else {
            throw PersistenceMigrationError(
                version: schemaVersion, reason: "\(field): \(amount) is negative; a cost is 0 or more")
        }
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
