/// The random sub-streams of a scenario's seed that are not an event's own, in one place so that no two
/// generators ever share one and no module spells a stream number of its own.
///
/// Event *i* draws from a stream keyed by its index (``EventStream``); every other generator of a run draws
/// from one of these, with ``RandomStream/init(seed:substream:)``. The numbers sit at the top of the 64-bit
/// range, which no event index reaches. Changing one changes every run's figures (the event-stream hash for
/// ``arrivals``): they are part of the reproducibility contract.
public enum RandomSubstream: UInt64, Sendable, CaseIterable {
    /// The arrival process: each event's intended start (``ArrivalSchedule``).
    case arrivals = 0xFFFF_FFFF_FFFF_FFFF
    /// Client churn: which slots change hands and why (``ChurnPlanner``).
    case churn = 0xFFFF_FFFF_FFFF_FFFE
    /// Server events and subscriptions: target clients, event kinds, pieces (``ServerEventPlanner``).
    case serverEvents = 0xFFFF_FFFF_FFFF_FFFD
    /// Model-call costs (``CallCostModel``): not a stream of its own but a key XOR-ed into the seed, from which
    /// each request's call draws a stream named by the request itself.
    case callCosts = 0xC057_C057_C057_C057
}

extension RandomStream {
    /// The sub-stream `substream` of the streams fixed by `seed` (``init(seed:stream:)`` with its number).
    @inlinable
    public init(seed: UInt64, substream: RandomSubstream) {
        self.init(seed: seed, stream: substream.rawValue)
    }
}
