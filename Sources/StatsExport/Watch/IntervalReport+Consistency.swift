import ServerStats

extension IntervalReport {
    /// The figures of a ``WorkerFigures``, by JSON key, in the order a stats file writes them.
    static var figureFields: [(name: String, path: KeyPath<WorkerFigures, UInt64>)] {
        [
            ("apiCalls", \.apiCalls), ("apiFailures", \.apiFailures), ("bytesReceived", \.bytesReceived),
            ("bytesSent", \.bytesSent), ("eventsSent", \.eventsSent), ("eventsDropped", \.eventsDropped),
            ("eventsDelivered", \.eventsDelivered), ("clientsConnected", \.clientsConnected),
            ("clientsDisconnected", \.clientsDisconnected),
        ]
    }

    /// Why no writer could have made this report — naming the field and the figures — or `nil` when its parts
    /// agree. A stats file's parts are made together (``IntervalAggregator/report(at:)``), so a file where they
    /// disagree was edited or damaged, and its figures are not shown as if measured:
    /// - `intervalSeconds` is a finite number of seconds ≥ 0;
    /// - every worker names a shard ≥ 0, no shard twice, and at most one is the shared overflow shard;
    /// - `totals` is, figure by figure, the sum of the workers' `interval` figures (wrapping at 2⁶⁴, as the counters
    ///   do);
    /// - `cumulative` is, figure by figure, at least `totals` (the counters only grow).
    public func inconsistency() -> String? {
        guard intervalSeconds.isFinite, intervalSeconds >= 0 else {
            return "intervalSeconds is \(intervalSeconds), not a length of time in seconds (finite, 0 or more)"
        }
        var seen: [Int: Int] = [:]
        for (index, worker) in workers.enumerated() {
            guard worker.shard >= 0 else { return "workers[\(index)].shard is \(worker.shard), not a shard number" }
            if let first = seen[worker.shard] {
                return "workers[\(index)] repeats shard \(worker.shard) of workers[\(first)]"
            }
            seen[worker.shard] = index
        }
        let shared = workers.indices.filter { workers[$0].isSharedShard }
        if shared.count > 1 {
            return "workers[\(shared[0])] and workers[\(shared[1])] are both the shared overflow shard"
        }
        for (name, path) in Self.figureFields {
            let sum = workers.reduce(UInt64(0)) { $0 &+ $1.interval[keyPath: path] }
            guard sum == totals[keyPath: path] else {
                return "totals.\(name) is \(totals[keyPath: path]), but the workers' interval figures add up to \(sum)"
            }
            guard cumulative[keyPath: path] >= totals[keyPath: path] else {
                return "cumulative.\(name) is \(cumulative[keyPath: path]), less than this interval's "
                    + "totals.\(name) of \(totals[keyPath: path])"
            }
        }
        return nil
    }
}
