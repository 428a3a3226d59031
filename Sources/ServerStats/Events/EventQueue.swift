import StatsCore
import Synchronization

/// A client's bounded queue of server→client events, dropping the oldest event when full, whose
/// offers, drops, depth, peak and consumer lag feed the client's and the server's statistics.
///
/// Producers (any thread) call ``offer(_:kind:bytes:worker:)``; the client's consumer calls
/// ``poll(worker:)``. Both take the queue's lock — queue operations are not statistics record paths — and
/// update the client's event fields while holding it, so those fields have one writer at a time.
///
/// Conservation, per client and server-wide: offered − dropped = delivered + still queued.
public final class EventQueue<Payload: Sendable>: Sendable {
    /// Events held at most; an offer beyond it drops the oldest.
    public let capacity: Int
    /// The client whose statistics the queue feeds.
    public let client: ClientHandle

    private let pipeline: StatsPipeline
    private let state: Mutex<Ring>

    private struct Ring {
        var items: [(payload: Payload, kind: EventKind, bytes: UInt64, offeredAt: UInt64)?]
        var head = 0
        var count = 0
    }

    /// The queue of `client`, holding the pipeline's configured ``StatsPipelineConfiguration/eventQueueCapacity``.
    /// Make one queue per client: its statistics fields are written under this queue's lock.
    public init(client: ClientHandle, pipeline: StatsPipeline) {
        let capacity = pipeline.configuration.eventQueueCapacity
        self.capacity = capacity
        self.client = client
        self.pipeline = pipeline
        self.state = Mutex(Ring(items: Array(repeating: nil, count: capacity)))
    }

    /// Number of events waiting.
    public var depth: Int { state.withLock { $0.count } }

    /// Queues an event; when the queue is full the oldest event is dropped to make room. Returns `true` when
    /// an event was dropped.
    @discardableResult
    public func offer(_ payload: Payload, kind: EventKind, bytes: UInt64, worker: WorkerID) -> Bool {
        let now = pipeline.clock.now.nanosecondsSinceEpoch
        let server = pipeline.server
        server.increment(ServerField.eventsSentTotal.rawValue, worker: worker)
        server.increment(kind.serverField.rawValue, worker: worker)
        server.increment(ServerField.eventDeliveryAttempts.rawValue, worker: worker)
        server.recordMaximum(ServerField.largestEventMessageBytes.rawValue, bytes, worker: worker)
        let dropped = state.withLock { ring in
            let before = ring.count
            let dropped = ring.count == capacity
            if dropped {
                ring.head = (ring.head + 1) % capacity
                ring.count -= 1
            }
            ring.items[(ring.head + ring.count) % capacity] = (payload, kind, bytes, now)
            ring.count += 1
            client.add(.eventsSent)
            client.raise(.largestEventBytes, bytes)
            client.store(.queueSizeCurrent, UInt64(ring.count))
            client.raise(.queueSizePeak, UInt64(ring.count))
            pipeline.queueHealth.moved(from: before, to: ring.count, capacity: capacity)
            if dropped {
                client.add(.eventsDropped)
            }
            return dropped
        }
        if dropped {
            server.increment(ServerField.eventsDroppedTotal.rawValue, worker: worker)
            server.increment(ServerField.eventQueuesOverflowTotal.rawValue, worker: worker)
        }
        return dropped
    }

    /// Takes the oldest event for delivery to the client, recording the delivery and how long it waited;
    /// `nil` when the queue is empty.
    public func poll(worker: WorkerID) -> Payload? {
        let now = pipeline.clock.now.nanosecondsSinceEpoch
        guard
            let event = state.withLock({
                ring -> (payload: Payload, kind: EventKind, bytes: UInt64, offeredAt: UInt64)? in
                guard ring.count > 0, let event = ring.items[ring.head] else { return nil }
                ring.items[ring.head] = nil
                ring.head = (ring.head + 1) % capacity
                ring.count -= 1
                client.add(.eventsDelivered)
                client.add(event.kind.clientField)
                client.add(.bytesEvents, event.bytes)
                client.store(.queueSizeCurrent, UInt64(ring.count))
                pipeline.queueHealth.moved(from: ring.count + 1, to: ring.count, capacity: capacity)
                client.store(.queueConsumerLagNanoseconds, now >= event.offeredAt ? now - event.offeredAt : 0)
                client.store(.lastEventTime, now)
                client.store(.lastEventKind, UInt64(event.kind.rawValue) + 1)
                return event
            })
        else { return nil }
        let server = pipeline.server
        server.increment(ServerField.eventDeliverySuccesses.rawValue, worker: worker)
        server.increment(ServerField.bytesEventsTotal.rawValue, by: event.bytes, worker: worker)
        return event.payload
    }
}
