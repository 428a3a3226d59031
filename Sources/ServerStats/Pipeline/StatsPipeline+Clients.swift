import HeapModule
import StatsCore

/// Why a client could not be connected or found.
public enum ClientRegistryError: Error, Hashable, CustomStringConvertible {
    /// A client with this id is already connected.
    case alreadyConnected(String)
    /// No connected client has this id.
    case unknownClient(String)
    /// The client id is empty.
    case emptyID

    /// What went wrong.
    public var description: String {
        switch self {
        case .alreadyConnected(let id): return "client '\(id)' is already connected"
        case .unknownClient(let id): return "no connected client has id '\(id)'"
        case .emptyID: return "a client id must not be empty"
        }
    }
}

extension StatsPipeline {
    /// Registers a connection and returns the handle its worker records through.
    ///
    /// - Parameter sharedAcrossWorkers: `false` (default) when one worker at a time serves the client — its
    ///   record is then updated with plain stores; `true` when several may record for it at once.
    public func connect(
        clientID: String, sharedAcrossWorkers: Bool = false, worker: WorkerID
    ) throws(ClientRegistryError) -> ClientHandle {
        guard !clientID.isEmpty else { throw .emptyID }
        let now = clock.now
        let handle = try clients.withLock { (directory) throws(ClientRegistryError) -> ClientHandle in
            guard directory.slot(of: clientID) == nil else { throw .alreadyConnected(clientID) }
            let handle = ClientHandle(record: clientRecords.allocate(shared: sharedAcrossWorkers))
            directory.insert(id: clientID, handle: handle)
            return handle
        }
        handle.store(.connectedAt, now.nanosecondsSinceEpoch)
        server.increment(ServerField.clientsConnectedTotal.rawValue, worker: worker)
        connected.add(1)
        return handle
    }

    /// Ends a connection: counts the disconnect and its reason, adds the session's duration to the server-wide
    /// totals, drops the client's subscriptions and frees its record. Returns the client's final figures.
    ///
    /// Everything the client did was already counted server-wide when it happened, so nothing is lost when its
    /// record is reclaimed.
    @discardableResult
    public func disconnect(
        _ client: ClientHandle, reason: DisconnectReason, worker: WorkerID
    ) throws(ClientRegistryError) -> ClientSnapshot {
        let now = clock.now
        let (pieces, final) = try clients.withLock {
            (directory) throws(ClientRegistryError) -> (Set<String>, ClientSnapshot) in
            guard let entry = directory.entry(slot: client.slot), entry.handle == client
            else { throw .unknownClient("slot \(client.slot)") }
            let final = snapshot(of: entry)
            let (_, pieces) = directory.remove(slot: client.slot)
            for piece in pieces {
                directory.subscribersByPiece[piece, default: 1] -= 1
                if directory.subscribersByPiece[piece] == 0 { directory.subscribersByPiece[piece] = nil }
            }
            return (pieces, final)
        }
        activeSubscriptions.add(-Int64(pieces.count))
        queueHealth.left(depth: final.queueSizeCurrent, capacity: configuration.eventQueueCapacity)
        let session = max(0, now.seconds(since: final.connectedAt))
        server.increment(ServerField.clientsDisconnectedTotal.rawValue, worker: worker)
        let reasonField: ServerField
        switch reason {
        case .graceful: reasonField = .clientsDisconnectedGraceful
        case .error: reasonField = .clientsDisconnectedError
        case .timeout: reasonField = .clientsDisconnectedTimeout
        }
        server.increment(reasonField.rawValue, worker: worker)
        server.increment(
            ServerField.connectionDurationTotalNanoseconds.rawValue, by: UInt64(session * 1e9), worker: worker)
        sessions.record(session)
        connected.add(-1)
        clientRecords.release(client.record)
        return final
    }

    /// The handle of a connected client, by id.
    public func handle(clientID: String) -> ClientHandle? {
        clients.withLock { $0.entry(id: clientID)?.handle }
    }

    /// A connected client's figures, or `nil` when no client has this id.
    public func clientSnapshot(id: String) -> ClientSnapshot? {
        clients.withLock { directory in directory.entry(id: id).map { snapshot(of: $0) } }
    }

    /// Every connected client's figures, ordered by id.
    public func clientSnapshots() -> [ClientSnapshot] {
        clients.withLock { directory in
            var all: [ClientSnapshot] = []
            all.reserveCapacity(directory.count)
            directory.forEach { all.append(snapshot(of: $0)) }
            return all
        }
        .sorted { $0.clientID < $1.clientID }
    }

    /// One page of the connected clients in id order: `limit` of them from `offset` (an offset past the end gives
    /// an empty page), with the number connected.
    ///
    /// Only the page's clients are read: the ids are copied under the lock, the page is selected outside it
    /// (a bounded heap of `offset + limit` ids, O(n log(offset + limit)), not a sort of all n), and its clients'
    /// figures are read under the lock again; a client of the page that disconnected in between is left out.
    ///
    /// - Precondition: `offset` and `limit` are not negative (the HTTP route refuses such a query with 400 and
    ///   names the parameter before it gets here).
    public func clientPage(offset: Int, limit: Int) -> (total: Int, clients: [ClientSnapshot]) {
        precondition(offset >= 0 && limit >= 0, "clientPage: offset \(offset) and limit \(limit) must not be negative")
        var ids: [String] = []
        clients.withLock { directory in
            ids.reserveCapacity(directory.count)
            directory.forEach { ids.append($0.id) }
        }
        let total = ids.count
        guard offset < total, limit > 0 else { return (total, []) }
        let page = Self.smallest(limit >= total - offset ? total : offset + limit, of: ids).dropFirst(offset)
        let snapshots = clients.withLock { directory in
            page.compactMap { id in directory.entry(id: id).map { snapshot(of: $0) } }
        }
        return (total, snapshots)
    }

    /// The `count` smallest of `ids`, in order: a max-heap of `count` (O(n log count)); all of them sorted when
    /// `count` is not smaller than their number.
    static func smallest(_ count: Int, of ids: [String]) -> [String] {
        guard count < ids.count else { return ids.sorted() }
        var heap = Heap<String>()  // swift-collections' min-max heap
        for id in ids {
            if heap.count < count {
                heap.insert(id)
            } else if let largest = heap.max, id < largest {
                heap.replaceMax(with: id)
            }
        }
        return heap.unordered.sorted()
    }

    /// Number of connected clients.
    public var connectedClientCount: Int { clients.withLock { $0.count } }

    /// Bytes of client record storage allocated (all record chunks).
    public var clientRecordBytes: Int { clientRecords.allocatedBytes }

    /// Subscribes a client to a piece (the collaborative-editing figures). Subscribing twice to the
    /// same piece changes nothing.
    public func subscribe(_ client: ClientHandle, piece: String, worker: WorkerID) throws(ClientRegistryError) {
        try changeSubscription(client, piece: piece, add: true, worker: worker)
    }

    /// Ends a client's subscription to a piece; one it does not have changes nothing.
    public func unsubscribe(_ client: ClientHandle, piece: String, worker: WorkerID) throws(ClientRegistryError) {
        try changeSubscription(client, piece: piece, add: false, worker: worker)
    }

    private func changeSubscription(
        _ client: ClientHandle, piece: String, add: Bool, worker: WorkerID
    ) throws(ClientRegistryError) {
        let changed = try clients.withLock { (directory) throws(ClientRegistryError) -> Bool in
            guard let entry = directory.entry(slot: client.slot), entry.handle == client else {
                throw .unknownClient("slot \(client.slot)")
            }
            if add {
                guard directory.subscriptions[client.slot, default: []].insert(piece).inserted else { return false }
                directory.subscribersByPiece[piece, default: 0] += 1
            } else {
                guard directory.subscriptions[client.slot]?.remove(piece) != nil else { return false }
                if directory.subscriptions[client.slot]?.isEmpty == true {
                    directory.subscriptions[client.slot] = nil
                }
                directory.subscribersByPiece[piece, default: 1] -= 1
                if directory.subscribersByPiece[piece] == 0 { directory.subscribersByPiece[piece] = nil }
            }
            return true
        }
        guard changed else { return }
        server.increment(ServerField.subscriptionChangesTotal.rawValue, worker: worker)
        if add {
            server.increment(ServerField.pieceSubscriptionsTotal.rawValue, worker: worker)
            activeSubscriptions.add(1)
            client.add(.subscriptionAddCount)
            client.raise(
                .peakSubscriptionCount, client.load(.subscriptionAddCount) &- client.load(.subscriptionRemoveCount))
        } else {
            activeSubscriptions.add(-1)
            client.add(.subscriptionRemoveCount)
        }
    }
}
