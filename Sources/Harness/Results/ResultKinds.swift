import Simulation

// result.json keeps names as strings (its spelling is the scenario file's); these read them back as the kinds
// they name, so the harness compares kinds, never spellings. A name this build does not know (a result of an
// older or newer harness) reads as `nil`.

extension SinkOverhead {
    /// The sink as a kind.
    var sinkKind: SinkKind? { SinkKind(name: sink) }
    /// Why the pairs stopped, as a reason.
    var stopReason: PairStopping.Reason? { stoppedBy.flatMap(PairStopping.Reason.init(rawValue:)) }
}

extension AccuracyRow {
    /// The sink as a kind.
    var sinkKind: SinkKind? { SinkKind(name: sink) }
    /// The scope as a kind.
    var quantileScope: QuantileScope? { QuantileScope(name: scope) }
}

extension RingRow {
    /// The ring's sink as a kind.
    var sinkKind: SinkKind? { SinkKind(name: ring) }
}

extension SinkMemory {
    /// The sink as a kind.
    var sinkKind: SinkKind? { SinkKind(name: sink) }
}
