extension CallLedger {
    /// Exact aggregates of every registered model — restored baseline plus live shards — and their totals.
    ///
    /// Cold path: takes the registration lock briefly and sums the shards. While workers record, each figure is
    /// one the counters really held; once they are quiescent, the snapshot is exact.
    public func snapshot() -> CallLedgerSnapshot {
        let (names, baseline, restoredOnly) = state.withLock { ($0.names, $0.baseline, $0.restoredOnly) }
        let live = counters.loadAll()
        let models = names.enumerated().map { index, name in
            ModelCallStats(model: name, figures: baseline[index] + Self.figures(of: index, in: live))
        }
        return CallLedgerSnapshot(models: models + restoredOnly)
    }

    /// Exact aggregates of one model (restored baseline plus live shards). An id of another ledger traps.
    public func figures(for model: ModelID) -> CallFigures {
        precondition(model.ledgerToken == token, "CallLedger.figures(for:): \(model) was issued by another CallLedger")
        let baseline = state.withLock { $0.baseline[model.index] }
        return baseline + Self.figures(of: model.index, in: counters.loadAll())
    }

    /// Makes `snapshot`'s figures this ledger's baseline, so that every total continues from where the snapshot
    /// left off: after a restart, restore the last saved snapshot, then record; totals are the saved ones plus
    /// the new calls, nothing counted twice.
    ///
    /// Models are matched by name; names not yet registered are registered (in snapshot order). The baseline is
    /// *replaced*, not added to: restoring the same snapshot twice counts it once. Calls recorded live are
    /// kept and come on top. The snapshot is validated first — schema version, names, costs not negative,
    /// `savings`, and `totals` summed exactly (a sum beyond a field's range is refused, not wrapped) — and a bad
    /// one throws ``CallLedgerError`` with the ledger unchanged.
    ///
    /// A valid snapshot always restores, whatever ``modelCapacity`` is: models beyond the free slots are kept
    /// as *restored only* — in every snapshot, its totals and so the next save, but with no slot to record new
    /// calls into (``register(model:)`` for such a name throws
    /// ``CallLedgerError/modelCapacityExhausted(name:capacity:)`` as for any new name when the ledger is full).
    /// Returns the names restored only (empty when every model found a slot).
    @discardableResult
    public func restore(from snapshot: CallLedgerSnapshot) throws(CallLedgerError) -> [String] {
        try snapshot.validate()
        return state.withLock { (state: inout State) -> [String] in
            var baseline = [CallFigures](repeating: .zero, count: modelCapacity)
            var restoredOnly: [ModelCallStats] = []
            for entry in snapshot.models {
                if let index = state.indexByName[entry.model] {
                    baseline[index] = entry.figures
                } else if let index = try? add(entry.model, to: &state) {
                    baseline[index] = entry.figures
                } else {
                    restoredOnly.append(entry)
                }
            }
            state.baseline = baseline
            state.restoredOnly = restoredOnly
            return restoredOnly.map(\.model)
        }
    }

    /// Calls recorded into the live shards since the ledger was created (the baseline excluded).
    func liveCalls() -> UInt64 {
        let live = counters.loadAll()
        var calls: UInt64 = 0
        for index in 0..<modelCapacity {
            calls &+= live[index * Field.wordsPerModel + Field.calls]
        }
        return calls
    }

    /// The live figures of model `index` in the counter totals `live`.
    static func figures(of index: Int, in live: [UInt64]) -> CallFigures {
        let base = index * Field.wordsPerModel
        return CallFigures(
            calls: live[base + Field.calls],
            cacheHits: live[base + Field.cacheHits],
            inputTokens: live[base + Field.inputTokens],
            outputTokens: live[base + Field.outputTokens],
            actualCost: Cost(microUnits: Int64(bitPattern: live[base + Field.actualCost])),
            wouldBeCost: Cost(microUnits: Int64(bitPattern: live[base + Field.wouldBeCost]))
        )
    }
}
