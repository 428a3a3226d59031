/// The draws of a scenario's server events and subscriptions, deterministic from its seed
/// (``RandomSubstream/serverEvents``): per epoch, how many events, which client slot each goes to and its
/// kind; how many polls each consumer may make; which slot subscribes to which piece. Whoever owns the
/// clients' queues (the statsbench sink's control plane) applies them.
///
/// A value type with no reference to the pipeline: build it with the plan and copy it per drive.
package struct ServerEventPlanner: Sendable {
    /// A server event's kind, in the order of ``EventKindWeights``.
    package enum Kind: Int, Sendable, Hashable, CaseIterable {
        case server, piece, connect, disconnect
    }

    /// The events' rate, kinds, queue and consumer speed (`nil`: no events).
    package let events: ServerEventSpec?
    /// The subscriptions' pieces and rate (`nil`: none).
    package let subscriptions: SubscriptionSpec?
    private let kinds: [(Kind, Double)]
    private let kindTotal: Double
    private let slots: UInt64
    private var random: RandomStream
    private var owedEvents = 0.0
    private var owedPolls = 0.0
    private var owedSubscriptions = 0.0

    /// The planner of `events` and `subscriptions` over `slots` client slots under `seed`.
    package init(events: ServerEventSpec?, subscriptions: SubscriptionSpec?, seed: UInt64, slots: Int) {
        self.events = events
        self.subscriptions = subscriptions
        let weights = events?.kinds ?? EventKindWeights()
        kinds = [
            (.server, weights.server), (.piece, weights.piece), (.connect, weights.connect),
            (.disconnect, weights.disconnect),
        ]
        kindTotal = max(kinds.reduce(0) { $0 + $1.1 }, .leastNonzeroMagnitude)
        self.slots = UInt64(max(0, slots))
        random = RandomStream(seed: seed, substream: .serverEvents)
    }

    /// Draws the events of an epoch of `seconds`: for each, a slot; when `accepts(slot)` (the slot's client
    /// has a queue), its kind, then `offer(slot, number, kind)` with the event's number within the epoch.
    package mutating func drawEvents(
        seconds: Double, accepts: (Int) -> Bool, offer: (_ slot: Int, _ number: Int, _ kind: Kind) -> Void
    ) {
        guard let events else { return }
        owedEvents += events.ratePerSecond * seconds
        let count = CheckedConversion.wholeCount(owedEvents)
        owedEvents -= Double(count)
        for number in 0..<count {
            let slot = Int(random.nextIndex(below: slots))
            guard accepts(slot) else { continue }
            offer(slot, number, drawKind())
        }
    }

    /// How many events each consumer may take in an epoch of `seconds` (`Int.max`: consumers keep up).
    package mutating func pollAllowance(seconds: Double) -> Int {
        guard let speed = events?.consumerSpeedPerSecond else { return Int.max }
        owedPolls += speed * seconds
        let allowance = CheckedConversion.wholeCount(owedPolls)
        owedPolls -= Double(allowance)
        return allowance
    }

    /// Draws the subscriptions of an epoch of `seconds`: `subscribe(slot, piece)` for each.
    package mutating func drawSubscriptions(seconds: Double, subscribe: (_ slot: Int, _ piece: UInt64) -> Void) {
        guard let subscriptions, subscriptions.pieces > 0 else { return }
        owedSubscriptions += subscriptions.subscribeRatePerSecond * seconds
        let count = CheckedConversion.wholeCount(owedSubscriptions)
        owedSubscriptions -= Double(count)
        for _ in 0..<count {
            let slot = Int(random.nextIndex(below: slots))
            let piece = random.nextIndex(below: UInt64(subscriptions.pieces))
            subscribe(slot, piece)
        }
    }

    private mutating func drawKind() -> Kind {
        var pick = random.nextUnit() * kindTotal
        for (kind, weight) in kinds {
            if pick < weight { return kind }
            pick -= weight
        }
        return .server
    }
}
