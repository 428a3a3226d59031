import ServerStats
import Simulation
import StatsCore

/// The server-event and subscription side of a scenario, applied by the statsbench sink's control plane: the
/// draws of a ``Simulation/ServerEventPlanner`` (events into random clients' drop-oldest queues, consumers
/// draining them at their speed, piece subscriptions) turned into pipeline calls, with their counts.
struct EventLoad {
    var planner: ServerEventPlanner
    var queues: [EventQueue<UInt32>?]
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

    init(setup: SinkSetup, slots: Int) {
        planner = ServerEventPlanner(
            events: setup.serverEvents, subscriptions: setup.subscriptions, seed: setup.seed, slots: slots)
        queues = Array(repeating: nil, count: slots)
    }

    mutating func clientConnected(slot: Int, handle: ClientHandle, pipeline: StatsPipeline) {
        if planner.events != nil { queues[slot] = EventQueue(client: handle, pipeline: pipeline) }
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
        let queues = self.queues
        var planner = self.planner
        defer { self.planner = planner }
        if planner.events != nil {
            var offered: UInt64 = 0
            var dropped: UInt64 = 0
            planner.drawEvents(seconds: seconds, accepts: { queues[$0] != nil }) { slot, number, kind in
                guard let queue = queues[slot] else { return }
                offered += 1
                let pushedOut = queue.offer(
                    UInt32(truncatingIfNeeded: number), kind: Self.eventKind(kind), bytes: Self.eventBytes,
                    worker: worker)
                if pushedOut { dropped += 1 }
            }
            self.offered += offered
            self.dropped += dropped
            let allowance = planner.pollAllowance(seconds: seconds)
            for case let queue? in queues {
                var taken = 0
                while taken < allowance, queue.poll(worker: worker) != nil { taken += 1 }
                delivered += UInt64(taken)
            }
        }
        var failures: UInt64 = 0
        planner.drawSubscriptions(seconds: seconds) { slot, piece in
            do {
                try pipeline.subscribe(handles[slot], piece: "piece-\(piece)", worker: worker)
            } catch {
                failures += 1
            }
        }
        subscribeFailures += failures
    }

    /// The pipeline's event kind for a planned one.
    static func eventKind(_ kind: ServerEventPlanner.Kind) -> EventKind {
        switch kind {
        case .server: .server
        case .piece: .piece
        case .connect: .connect
        case .disconnect: .disconnect
        }
    }
}
