import ServerStats
import Simulation
import StatsCore

/// The server-event and subscription side of a scenario, driven by the statsbench sink's control plane:
/// events drawn at the scenario's rate into random clients' drop-oldest queues, consumers draining them at
/// their speed, and piece subscriptions. Deterministic from the scenario's seed.
struct EventLoad {
    let spec: ServerEventSpec?
    let subscriptions: SubscriptionSpec?
    let kinds: [(EventKind, Double)]
    let kindTotal: Double
    var queues: [EventQueue<UInt32>?]
    var random: RandomStream
    var owedEvents = 0.0
    var owedPolls = 0.0
    var owedSubscriptions = 0.0
    /// Events still queued when their client left (discarded with the queue).
    var discardedAtDisconnect: UInt64 = 0
    /// Events offered.
    var offered: UInt64 = 0
    /// Events taken by consumers.
    var delivered: UInt64 = 0
    /// Offers that pushed the oldest event out.
    var dropped: UInt64 = 0
    /// Subscriptions the pipeline refused (it must refuse none: every slot holds a connected client).
    var subscribeFailures: UInt64 = 0

    /// Bytes of one simulated event message.
    static let eventBytes: UInt64 = 256
    /// The sub-stream of the scenario's seed used for events (no event index uses it).
    static let randomStream: UInt64 = .max - 2

    init(setup: SinkSetup, slots: Int) {
        spec = setup.serverEvents
        subscriptions = setup.subscriptions
        let weights = setup.serverEvents?.kinds ?? EventKindWeights()
        kinds = [
            (.server, weights.server), (.piece, weights.piece), (.connect, weights.connect),
            (.disconnect, weights.disconnect),
        ]
        kindTotal = max(kinds.reduce(0) { $0 + $1.1 }, .leastNonzeroMagnitude)
        queues = Array(repeating: nil, count: slots)
        random = RandomStream(seed: setup.seed, stream: Self.randomStream)
    }

    mutating func clientConnected(slot: Int, handle: ClientHandle, pipeline: StatsPipeline) {
        if spec != nil { queues[slot] = EventQueue(client: handle, pipeline: pipeline) }
    }

    mutating func clientLeaving(slot: Int) {
        if let queue = queues[slot] { discardedAtDisconnect += UInt64(queue.depth) }
        queues[slot] = nil
    }

    /// Offers the epoch's events, lets consumers drain, and makes the epoch's subscriptions.
    mutating func run(
        from start: UInt64, to end: UInt64, handles: UnsafeMutablePointer<ClientHandle>, pipeline: StatsPipeline,
        worker: WorkerID
    ) {
        let seconds = Double(end &- start) / 1e9
        let slots = UInt64(queues.count)
        if let spec {
            owedEvents += spec.ratePerSecond * seconds
            let count = CheckedConversion.wholeCount(owedEvents)
            owedEvents -= Double(count)
            for number in 0..<count {
                let slot = Int(random.nextIndex(below: slots))
                guard let queue = queues[slot] else { continue }
                offered += 1
                if queue.offer(
                    UInt32(truncatingIfNeeded: number), kind: drawKind(), bytes: Self.eventBytes, worker: worker)
                {
                    dropped += 1
                }
            }
            var allowance = Int.max
            if let speed = spec.consumerSpeedPerSecond {
                owedPolls += speed * seconds
                allowance = CheckedConversion.wholeCount(owedPolls)
                owedPolls -= Double(allowance)
            }
            for case let queue? in queues {
                var taken = 0
                while taken < allowance, queue.poll(worker: worker) != nil { taken += 1 }
                delivered += UInt64(taken)
            }
        }
        if let subscriptions, subscriptions.pieces > 0 {
            owedSubscriptions += subscriptions.subscribeRatePerSecond * seconds
            let count = CheckedConversion.wholeCount(owedSubscriptions)
            owedSubscriptions -= Double(count)
            for _ in 0..<count {
                let slot = Int(random.nextIndex(below: slots))
                let piece = random.nextIndex(below: UInt64(subscriptions.pieces))
                do {
                    try pipeline.subscribe(handles[slot], piece: "piece-\(piece)", worker: worker)
                } catch {
                    subscribeFailures += 1
                }
            }
        }
    }

    private mutating func drawKind() -> EventKind {
        var pick = random.nextUnit() * kindTotal
        for (kind, weight) in kinds {
            if pick < weight { return kind }
            pick -= weight
        }
        return .server
    }
}
