/// The connected clients by id and by record slot (cold path: connect, disconnect, snapshots; used under the
/// pipeline's lock).
///
/// Sized for a million clients in a few dozen bytes each beside their 320-byte records: per slot one
/// ``Entry`` (the id and the handle, 32 bytes) in fixed chunks of ``chunkSize`` (no doubling), and an
/// open-addressing index from id to slot of 4-byte buckets (linear probing, at most 3/4 full, deletion by
/// backward shift, so no tombstones build up under churn) — 6 to 11 bytes a client, where a `[String: …]`
/// dictionary would take 40 to 80. Subscriptions are kept only for the clients that have some.
struct ClientDirectory {
    /// One connected client.
    struct Entry {
        var id: String
        var handle: ClientHandle
    }

    static let chunkSize = 1024

    /// Entries by slot, `chunkSize` a chunk.
    private var chunks: [[Entry?]] = []
    /// Slot + 1 per bucket (0: empty); the count is a power of two.
    private var buckets: [UInt32] = Array(repeating: 0, count: 16)
    /// Connected clients.
    private(set) var count = 0
    /// Pieces each subscribed client is subscribed to, by slot (clients without subscriptions are absent).
    var subscriptions: [Int: Set<String>] = [:]
    /// Subscribers per piece.
    var subscribersByPiece: [String: Int] = [:]

    /// The client in `slot`, if one is connected there.
    func entry(slot: Int) -> Entry? {
        let chunk = slot / Self.chunkSize
        guard slot >= 0, chunk < chunks.count else { return nil }
        return chunks[chunk][slot % Self.chunkSize]
    }

    /// The slot of the client with `id`, if connected.
    func slot(of id: String) -> Int? {
        let mask = buckets.count - 1
        var bucket = id.hashValue & mask
        while buckets[bucket] != 0 {
            let slot = Int(buckets[bucket]) - 1
            if entry(slot: slot)?.id == id { return slot }
            bucket = (bucket + 1) & mask
        }
        return nil
    }

    /// The client with `id`, if connected.
    func entry(id: String) -> Entry? {
        slot(of: id).flatMap { entry(slot: $0) }
    }

    /// Adds a client whose id is not connected yet, in its handle's slot (which must be free here).
    mutating func insert(id: String, handle: ClientHandle) {
        let slot = handle.slot
        precondition(entry(slot: slot) == nil, "ClientDirectory: slot \(slot) is taken")
        while chunks.count <= slot / Self.chunkSize {
            var chunk: [Entry?] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunk.append(contentsOf: repeatElement(nil, count: Self.chunkSize))
            chunks.append(chunk)
        }
        if (count + 1) * 4 > buckets.count * 3 { rebuildIndex(buckets: buckets.count * 2) }
        chunks[slot / Self.chunkSize][slot % Self.chunkSize] = Entry(id: id, handle: handle)
        count += 1
        let mask = buckets.count - 1
        var bucket = id.hashValue & mask
        while buckets[bucket] != 0 { bucket = (bucket + 1) & mask }
        buckets[bucket] = UInt32(slot + 1)
    }

    /// Removes the client in `slot` (which must be connected) with its subscriptions; returns its entry and the
    /// pieces it was subscribed to.
    mutating func remove(slot: Int) -> (entry: Entry, pieces: Set<String>) {
        guard let removed = entry(slot: slot) else { preconditionFailure("ClientDirectory: slot \(slot) is empty") }
        let mask = buckets.count - 1
        var hole = removed.id.hashValue & mask
        while buckets[hole] != UInt32(slot + 1) { hole = (hole + 1) & mask }
        // Backward shift: move every later entry of the probe run that may live at the hole into it.
        var next = (hole + 1) & mask
        while buckets[next] != 0 {
            let home = entry(slot: Int(buckets[next]) - 1)!.id.hashValue & mask
            // `next`'s entry may move to `hole` when its home is not in the cyclic range (hole, next].
            if (next - home) & mask >= (next - hole) & mask {
                buckets[hole] = buckets[next]
                hole = next
            }
            next = (next + 1) & mask
        }
        buckets[hole] = 0
        chunks[slot / Self.chunkSize][slot % Self.chunkSize] = nil
        count -= 1
        return (removed, subscriptions.removeValue(forKey: slot) ?? [])
    }

    /// Calls `body` with every connected client, in slot order.
    func forEach(_ body: (Entry) throws -> Void) rethrows {
        for chunk in chunks {
            for case let entry? in chunk { try body(entry) }
        }
    }

    private mutating func rebuildIndex(buckets count: Int) {
        buckets = Array(repeating: 0, count: count)
        let mask = count - 1
        forEach { entry in
            var bucket = entry.id.hashValue & mask
            while buckets[bucket] != 0 { bucket = (bucket + 1) & mask }
            buckets[bucket] = UInt32(entry.handle.slot + 1)
        }
    }
}
