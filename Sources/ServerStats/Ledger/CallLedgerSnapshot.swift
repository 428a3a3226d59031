/// One model's aggregate figures in a ``CallLedgerSnapshot``.
public struct ModelCallStats: Sendable, Hashable, Codable {
    /// The model or method name.
    public let model: String
    /// Its figures.
    public let figures: CallFigures

    /// Figures of `model`.
    public init(model: String, figures: CallFigures) {
        self.model = model
        self.figures = figures
    }
}

/// Exact aggregates of a ``CallLedger`` at one moment: per model, and their totals.
///
/// A plain value: render it, compare it, or encode it for persistence and hand it to
/// ``CallLedger/restore(from:)`` after a restart. ``schemaVersion`` lets a later build recognise (and refuse)
/// a file it cannot read. Raw records are not part of a snapshot: they are a bounded window, not a total.
///
/// ```json
/// {"schemaVersion": 1,
///  "models": [{"model": "claude-opus-4", "figures": {"calls": 1, "cacheHits": 1, "inputTokens": 1000,
///              "outputTokens": 500, "actualCost": 0, "wouldBeCost": 52500000, "savings": 52500000}}],
///  "totals": {...}}
/// ```
public struct CallLedgerSnapshot: Sendable, Hashable, Codable {
    /// The schema this build writes and reads.
    public static var currentSchemaVersion: Int { 1 }

    /// Schema of the encoded form; ``currentSchemaVersion`` for snapshots taken by this build.
    public let schemaVersion: Int
    /// Every registered model, in registration order (models without calls included).
    public let models: [ModelCallStats]
    /// Sum of ``models``.
    public let totals: CallFigures

    /// A snapshot of `models`, with ``totals`` derived and the current schema version.
    public init(models: [ModelCallStats]) {
        self.schemaVersion = Self.currentSchemaVersion
        self.models = models
        self.totals = models.reduce(CallFigures.zero) { $0 + $1.figures }
    }

    /// The figures of the model named `name`, or `nil` when it is not in the snapshot.
    public func figures(forModel name: String) -> CallFigures? {
        models.first { $0.model == name }?.figures
    }

    /// Throws unless this snapshot could have been taken by this build: schema, names, costs (none negative), and
    /// every sum checked exactly — models whose sum is beyond a field's range (a count past `UInt64.max`, a cost
    /// past `Int64.max` micro-units) are refused, never wrapped. A reason names the figure by its path in the
    /// encoded snapshot, after `prefix` (e.g. `"ledger."` for the snapshot inside a state file):
    /// `ledger.models[1].figures.actualCost: …`.
    ///
    /// - Throws: ``CallLedgerError/unsupportedSchemaVersion(found:supported:)`` for another schema,
    ///   ``CallLedgerError/inconsistentSnapshot(reason:)`` for everything else.
    package func validate(at prefix: String = "") throws(CallLedgerError) {
        guard schemaVersion == Self.currentSchemaVersion else {
            throw .unsupportedSchemaVersion(found: schemaVersion, supported: Self.currentSchemaVersion)
        }
        var seen = Set<String>()
        var sum = CallFigures.zero
        for (position, entry) in models.enumerated() {
            let path = "\(prefix)models[\(position)]"
            if CallLedger.isBlank(entry.model) {
                throw .inconsistentSnapshot(reason: "\(path) has an empty name")
            }
            if !seen.insert(entry.model).inserted {
                throw .inconsistentSnapshot(reason: "model \"\(entry.model)\" appears twice")
            }
            if let negative = entry.figures.negativeCost() {
                throw .inconsistentSnapshot(
                    reason:
                        "\(path).figures.\(negative.field): \(negative.microUnits) is negative (model \"\(entry.model)\"); "
                        + "a cost is 0 or more micro-units")
            }
            if let problem = entry.figures.inconsistency() {
                throw .inconsistentSnapshot(reason: "model \"\(entry.model)\": \(problem)")
            }
            let (next, overflowingField) = sum.addingReportingOverflow(entry.figures)
            if let field = overflowingField {
                throw .inconsistentSnapshot(
                    reason: "\(path).figures.\(field): the sum over the models up to this one (model "
                        + "\"\(entry.model)\") exceeds the largest \(CallFigures.largest(ofField: field))")
            }
            sum = next
        }
        if sum != totals {
            throw .inconsistentSnapshot(reason: "\(prefix)totals \(totals) differ from the sum of the models \(sum)")
        }
    }
}
