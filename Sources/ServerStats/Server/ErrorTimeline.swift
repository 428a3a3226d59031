import Synchronization

/// When errors happened: the last error's time and the longest error-free stretch (`last-error-time`,
/// `error-free-duration-ms`, `longest-error-free-period-ms`). Updated only when an error is recorded — an
/// atomic exchange and, on a new record stretch, a compare-and-exchange.
final class ErrorTimeline: Sendable {
    private let start: UInt64
    private let lastError = Atomic<UInt64>(0)
    private let longestQuiet = Atomic<UInt64>(0)

    init(start: StatsTime) {
        self.start = start.nanosecondsSinceEpoch
    }

    func recordError(at time: StatsTime) {
        let now = time.nanosecondsSinceEpoch
        let previous = lastError.exchange(now, ordering: .relaxed)
        let since = previous == 0 ? start : previous
        guard now > since else { return }
        var longest = longestQuiet.load(ordering: .relaxed)
        while now - since > longest {
            let (exchanged, original) = longestQuiet.weakCompareExchange(
                expected: longest, desired: now - since, ordering: .relaxed)
            if exchanged { break }
            longest = original
        }
    }

    /// The last error's time, `nil` before the first.
    var lastErrorTime: StatsTime? {
        let last = lastError.load(ordering: .relaxed)
        return last == 0 ? nil : StatsTime(nanosecondsSinceEpoch: last)
    }

    /// Seconds from the last error (or the start) to `time`.
    func errorFreeSeconds(at time: StatsTime) -> Double {
        max(0, time.seconds(since: lastErrorTime ?? StatsTime(nanosecondsSinceEpoch: start)))
    }

    /// The longest error-free stretch so far, the current one included, in seconds.
    func longestErrorFreeSeconds(at time: StatsTime) -> Double {
        max(Double(longestQuiet.load(ordering: .relaxed)) / 1e9, errorFreeSeconds(at: time))
    }
}
