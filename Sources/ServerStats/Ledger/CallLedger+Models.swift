extension CallLedger {
    /// Registers a model or method name and returns its id. Cold path (takes a lock).
    ///
    /// Throws ``CallLedgerError/emptyModelName`` for an empty or blank name,
    /// ``CallLedgerError/duplicateModelName(_:)`` when the name is already registered, and
    /// ``CallLedgerError/modelCapacityExhausted(name:capacity:)`` when all ``modelCapacity`` slots are taken.
    public func register(model name: String) throws(CallLedgerError) -> ModelID {
        if Self.isBlank(name) { throw .emptyModelName }
        return try state.withLock { (state: inout State) throws(CallLedgerError) -> ModelID in
            if state.indexByName[name] != nil || state.restoredOnly.contains(where: { $0.model == name }) {
                throw .duplicateModelName(name)
            }
            return try ModelID(index: add(name, to: &state), ledgerToken: token)
        }
    }

    /// The id of `name`, registering it on first use. Cold path (takes a lock): call it once per name and keep
    /// the id, not once per call. Throws for a blank name or when the ledger is full.
    public func registerIfNeeded(model name: String) throws(CallLedgerError) -> ModelID {
        if Self.isBlank(name) { throw .emptyModelName }
        return try state.withLock { (state: inout State) throws(CallLedgerError) -> ModelID in
            if let index = state.indexByName[name] { return ModelID(index: index, ledgerToken: token) }
            return try ModelID(index: add(name, to: &state), ledgerToken: token)
        }
    }

    /// The id of the registered model `name`, or `nil` when no such model is registered.
    public func model(named name: String) -> ModelID? {
        state.withLock { state in state.indexByName[name].map { ModelID(index: $0, ledgerToken: token) } }
    }

    /// The name `model` was registered under. An id of another ledger traps.
    public func name(of model: ModelID) -> String {
        precondition(model.ledgerToken == token, "CallLedger.name(of:): \(model) was issued by another CallLedger")
        return state.withLock { $0.names[model.index] }
    }

    /// Every registered name, in registration order (position = ``ModelID/index``).
    public var registeredModels: [String] {
        state.withLock { $0.names }
    }

    /// Appends `name` (known to be new and non-blank) and returns its index.
    func add(_ name: String, to state: inout State) throws(CallLedgerError) -> Int {
        guard state.names.count < modelCapacity else {
            throw .modelCapacityExhausted(name: name, capacity: modelCapacity)
        }
        state.names.append(name)
        state.indexByName[name] = state.names.count - 1
        return state.names.count - 1
    }

    /// True for an empty name or one made only of whitespace.
    static func isBlank(_ name: String) -> Bool {
        name.allSatisfy(\.isWhitespace)
    }
}
