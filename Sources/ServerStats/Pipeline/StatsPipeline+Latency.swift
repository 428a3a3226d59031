import StatsCore

extension StatsPipeline {
    /// Every latency recorded for `method` (all methods together when `nil`) since the pipeline was created,
    /// in seconds: the histogram behind `/metrics`' all-time family and a whole run's quantiles.
    ///
    /// The request window folds each slot into this total when it clears it (on the control plane, in
    /// ``tick(to:)``), so nothing is added to the record path and no slot is lost however far one tick moves
    /// the clock. Counts only grow from one call to the next; records made before the last tick are all in.
    ///
    /// ```swift
    /// pipeline.tick(to: .wallClockNow())                 // the ticker, every slot
    /// let p99 = pipeline.allTimeLatency().estimates([0.99])
    /// ```
    public func allTimeLatency(method: MethodID? = nil) -> HistogramSnapshot {
        monitor.allTimeLatency(method: method)
    }

    /// ``allTimeLatency(method:)`` of every method, in the method table's order.
    public func allTimeLatencyPerMethod() -> [HistogramSnapshot] {
        methods.ids.map { monitor.allTimeLatency(method: $0) }
    }

    /// All-time calls and errors of `method` (every call recorded, never reset).
    public func allTimeCounts(method: MethodID) -> (calls: UInt64, errors: UInt64) {
        monitor.allTimeCounts(method: method)
    }

    /// The sliding window's merged latency histogram for `method` (all methods together when `nil`), in
    /// seconds: the window's complete slots plus the slot being recorded.
    public func windowLatency(method: MethodID? = nil) -> HistogramSnapshot {
        monitor.windowSnapshot(method: method)
    }

    /// The latencies of one slot of the window for `method` (all methods when `nil`): `age` 0 is the slot being
    /// recorded, 1 the slot that ended at the last boundary, up to ``StatsPipelineConfiguration/windowSlots``
    /// − 1 (an age outside that range is a programming error and traps).
    public func slotLatency(age: Int, method: MethodID? = nil) -> HistogramSnapshot {
        monitor.slotSnapshot(age: age, method: method)
    }
}
