extension PrometheusRenderer {
    /// Appends the counters of ``PersistenceCounts`` that are configured: `<namespace>_stats_file_writes_total`,
    /// `<namespace>_stats_file_writes_failed_total`, `<namespace>_state_saves_total` and
    /// `<namespace>_state_saves_failed_total`.
    public mutating func appendPersistence(_ counts: PersistenceCounts) {
        let families: [(String, String, UInt64?)] = [
            ("stats_file_writes_total", "Stats files written since start.", counts.statsFileWrites),
            (
                "stats_file_writes_failed_total", "Stats file writes that failed since start (each logged).",
                counts.statsFileWritesFailed
            ),
            ("state_saves_total", "Saves of the state file that succeeded since start.", counts.stateSaves),
            (
                "state_saves_failed_total", "Saves of the state file that failed since start (each logged).",
                counts.stateSavesFailed
            ),
        ]
        for (name, help, value) in families {
            guard let value else { continue }
            appendFamily(qualified(name), help: help, type: .counter, [(labels: [], value: value)])
        }
    }
}
