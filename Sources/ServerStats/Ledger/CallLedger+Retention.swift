extension CallLedger {
    /// The retained raw records, oldest first: the newest ``retention`` limit calls recorded by exclusive
    /// workers, merged by timestamp (ties: worker shard, then recording order). Empty when retention is
    /// disabled. Cold path: copies every worker's ring and sorts.
    public func recentCalls() -> [CallRecord] {
        guard !rings.isEmpty else { return [] }
        var merged: [(timestamp: UInt64, shard: Int, order: Int, call: StoredCall)] = []
        for (shard, ring) in rings.enumerated() {
            for (order, call) in ring.all().enumerated() {
                merged.append((call.timestamp, shard, order, call))
            }
        }
        merged.sort { ($0.timestamp, $0.shard, $0.order) < ($1.timestamp, $1.shard, $1.order) }
        // Names are read after the rings: every model a ring mentions was registered before it was recorded.
        let names = registeredModels
        return merged.suffix(retention.limit).map { entry in
            CallRecord(
                model: names[Int(entry.call.model)],
                inputTokens: entry.call.inputTokens,
                outputTokens: entry.call.outputTokens,
                cacheHit: entry.call.cacheHit,
                actualCost: Cost(microUnits: entry.call.actualCost),
                wouldBeCost: Cost(microUnits: entry.call.wouldBeCost),
                timestamp: StatsTime(nanosecondsSinceEpoch: entry.call.timestamp)
            )
        }
    }

    /// Calls recorded since the ledger was created whose raw record is not retained: evicted as older than the
    /// newest ``retention`` limit, recorded through the shared overflow worker id, or recorded with retention
    /// disabled. Once workers are quiescent, `recentCalls().count + droppedRecords` is the number of calls
    /// recorded live (a restored baseline has no raw records and is not counted).
    public var droppedRecords: UInt64 {
        // Rings first: a call is counted before it is appended, so the counters never trail the rings.
        let held = rings.reduce(0) { $0 + $1.count }
        let retained = UInt64(min(held, retention.limit))
        let recorded = liveCalls()
        return recorded >= retained ? recorded - retained : 0
    }
}
