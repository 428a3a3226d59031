import Foundation
import Synchronization

/// A clock that record paths can read for the price of one load.
///
/// One `clock_gettime` costs about 28 ns here — more than a whole record should. A coarse clock holds the
/// time in an atomic word that a ticker thread refreshes every `resolution` (default 1 ms); record paths read
/// ``now`` (a relaxed load) for "last activity" style fields. Tests and simulations drive it by hand with
/// ``advance(to:)`` and never start the ticker.
///
/// Times are nanoseconds since the Unix epoch (``StatsTime``), so they can be written to files as they are.
public final class CoarseClock: Sendable {
    @usableFromInline let nanoseconds: Atomic<UInt64>
    private let running = Atomic<Bool>(false)

    /// A clock reading `start` (default: the wall-clock time now). It does not move until ticked or advanced.
    public init(start: StatsTime = .wallClockNow()) {
        nanoseconds = Atomic(start.nanosecondsSinceEpoch)
    }

    /// The time of the last tick. One relaxed load: no clock read, no lock.
    @inlinable
    public var now: StatsTime {
        StatsTime(nanosecondsSinceEpoch: nanoseconds.load(ordering: .relaxed))
    }

    /// Moves the clock to `time` (ignored when it would go backwards): for tests and simulated time.
    public func advance(to time: StatsTime) {
        var current = nanoseconds.load(ordering: .relaxed)
        while time.nanosecondsSinceEpoch > current {
            let (exchanged, original) = nanoseconds.weakCompareExchange(
                expected: current, desired: time.nanosecondsSinceEpoch, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }

    /// Starts a background thread that sets the clock to the wall-clock time every `resolution`.
    /// Calling it while the ticker runs does nothing.
    public func startTicking(resolution: Duration = .milliseconds(1)) {
        guard !running.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let interval = Double(resolution.components.seconds) + Double(resolution.components.attoseconds) * 1e-18
        let thread = Thread { [self] in
            while running.load(ordering: .acquiring) {
                advance(to: .wallClockNow())
                Thread.sleep(forTimeInterval: interval)
            }
        }
        thread.name = "statsbench.coarse-clock"
        thread.start()
    }

    /// Stops the ticker thread (it exits within one resolution).
    public func stopTicking() {
        running.store(false, ordering: .releasing)
    }
}

/// A point in time: nanoseconds since the Unix epoch. A plain integer so that record paths store it in one word.
public struct StatsTime: BitwiseCopyable, Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Nanoseconds since 1970-01-01T00:00:00Z.
    public var nanosecondsSinceEpoch: UInt64

    /// Creates a time from nanoseconds since the epoch.
    @inlinable
    public init(nanosecondsSinceEpoch: UInt64) {
        self.nanosecondsSinceEpoch = nanosecondsSinceEpoch
    }

    /// Creates a time from seconds since the epoch, clamped to what fits: negative and NaN give the epoch,
    /// values beyond year 2554 (and infinity) the last representable nanosecond.
    public init(secondsSinceEpoch: Double) {
        let nanoseconds = secondsSinceEpoch * 1e9
        if !(nanoseconds > 0) {
            nanosecondsSinceEpoch = 0
        } else if nanoseconds >= 0x1p64 {
            nanosecondsSinceEpoch = .max
        } else {
            nanosecondsSinceEpoch = UInt64(nanoseconds)
        }
    }

    /// The wall-clock time now (one `clock_gettime`: not for record paths).
    public static func wallClockNow() -> StatsTime {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return StatsTime(nanosecondsSinceEpoch: UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec))
    }

    /// Seconds since the epoch.
    public var secondsSinceEpoch: Double { Double(nanosecondsSinceEpoch) / 1e9 }

    /// Seconds from `earlier` to this time; negative when `earlier` is later.
    public func seconds(since earlier: StatsTime) -> Double {
        (Double(nanosecondsSinceEpoch) - Double(earlier.nanosecondsSinceEpoch)) / 1e9
    }

    /// This time moved by `seconds`.
    public func adding(seconds: Double) -> StatsTime {
        StatsTime(secondsSinceEpoch: secondsSinceEpoch + seconds)
    }

    /// Orders times.
    public static func < (left: StatsTime, right: StatsTime) -> Bool {
        left.nanosecondsSinceEpoch < right.nanosecondsSinceEpoch
    }

    /// ISO 8601 in UTC with milliseconds, e.g. `2026-11-22T21:05:03.250Z`.
    public var description: String {
        let date = Date(timeIntervalSince1970: secondsSinceEpoch)
        return date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true))
    }
}
