import ServerStats

/// The alerts of a scenario run, told line by line: which fired, at what level, when (seconds into the run)
/// and when they resolved.
enum AlertSummary {
    /// One line per episode, in the order they started; "no alert fired" when there is none.
    static func lines(_ episodes: [AlertEpisode], start: StatsTime) -> [String] {
        guard !episodes.isEmpty else { return ["alerts: no alert fired"] }
        func at(_ time: StatsTime) -> String {
            // Whole milliseconds from exact nanoseconds (a difference of two epoch times as Doubles is not exact).
            let nanoseconds = time.nanosecondsSinceEpoch &- min(time.nanosecondsSinceEpoch, start.nanosecondsSinceEpoch)
            return String((nanoseconds + 500_000) / 1_000_000) + " ms"
        }
        return episodes.sorted { $0.startedAt < $1.startedAt }.map { episode in
            let end = episode.resolvedAt.map { "resolved at \(at($0))" } ?? "still firing at the end"
            return "alert: \(episode.metric.name) \(episode.highestSeverity.rawValue) from \(at(episode.startedAt)), "
                + "\(end): \(episode.message)"
        }
    }

    /// The episodes as result entries, in the order they started.
    static func results(_ episodes: [AlertEpisode], start: StatsTime) -> [RunAlert] {
        func seconds(_ time: StatsTime) -> Double {
            Double(time.nanosecondsSinceEpoch &- min(time.nanosecondsSinceEpoch, start.nanosecondsSinceEpoch)) / 1e9
        }
        return episodes.sorted { $0.startedAt < $1.startedAt }.map { episode in
            RunAlert(
                metric: episode.metric.name, severity: episode.highestSeverity.rawValue,
                startedAtSeconds: seconds(episode.startedAt), resolvedAtSeconds: episode.resolvedAt.map(seconds),
                value: episode.value, threshold: episode.threshold, message: episode.message)
        }
    }

    /// Writes ``lines(_:start:)`` as notes of `progress`.
    static func note(_ episodes: [AlertEpisode], start: StatsTime, to progress: ProgressReporter) {
        for line in lines(episodes, start: start) { progress.note(line) }
    }
}
