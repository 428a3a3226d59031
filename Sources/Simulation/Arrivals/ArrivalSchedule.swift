/// The intended start times of an open-loop arrival process, in nanoseconds from the start of the run.
///
/// **Open loop.** Event *i*'s intended start is fixed by the process alone: the schedule never waits for the
/// consumer, and nothing a sink does moves a later event. A consumer that falls behind still stamps each event
/// with its *intended* start and measures latency from there — so a stalled pipeline shows up as the queueing
/// delay it really causes, instead of being hidden by a generator that slowed down with it ("coordinated
/// omission"). Example: event 7 is due at 7 ms; a busy worker reaches it at 9 ms and serves it in 1 ms — its
/// latency is 3 ms (10 − 7), not 1 ms. A worker that is early waits until the intended start; a worker that
/// is late never skips or re-times an event.
///
/// Every process starts with event 0 at t = 0 and is deterministic: constant, burst and ramp are pure
/// functions of the event index (``time(ofEvent:)``, the cumulative rate inverted: ramp in closed form, burst
/// by phase — each period runs at the normal rate first and bursts for its last `burstSeconds`, events evenly
/// spaced within a phase); Poisson gaps are drawn from the ``RandomStream`` given at construction, so the same
/// stream gives the same times. Times are rounded to whole nanoseconds.
///
/// ```swift
/// var schedule = try ArrivalSchedule(.poisson(ratePerSecond: 10_000), random: RandomStream(seed: 1))
/// let first = schedule.next()    // 0
/// let second = schedule.next()   // about 100 µs later, on average
/// ```
public struct ArrivalSchedule: Sendable {
    /// The precomputed constants of a process.
    @usableFromInline
    enum Process: Sendable {
        case constant(nanosecondsPerEvent: Double)
        case poisson(meanGapSeconds: Double)
        case burst(BurstShape)
        case ramp(RampShape)
    }

    @usableFromInline let process: Process
    @usableFromInline var random: RandomStream
    /// Exponential gaps for a Poisson process.
    @usableFromInline let ziggurat: Ziggurat
    /// The Poisson process's time of event ``nextEventIndex``, in seconds.
    @usableFromInline var poissonSeconds: Double

    @usableFromInline var eventIndex: UInt64

    /// The index of the event the next call to ``next()`` returns.
    public var nextEventIndex: UInt64 { eventIndex }

    /// The spec this schedule was built from.
    public let spec: ArrivalSpec

    @usableFromInline
    init(process: Process, random: RandomStream, spec: ArrivalSpec) {
        self.process = process
        self.random = random
        if case .poisson = process { self.ziggurat = Ziggurat() } else { self.ziggurat = Ziggurat(empty: ()) }
        self.poissonSeconds = 0
        self.eventIndex = 0
        self.spec = spec
    }

    /// The intended start of the next event, in nanoseconds from the run's start; advances to the event after.
    ///
    /// Never allocates; a Poisson schedule costs about one draw (a ziggurat exponential), a ramp one square root.
    @inlinable
    public mutating func next() -> UInt64 {
        let index = eventIndex
        eventIndex &+= 1
        switch process {
        case .poisson(let meanGapSeconds):
            let seconds = poissonSeconds
            poissonSeconds += meanGapSeconds * ziggurat.nextExponential(using: &random)
            return ArrivalSchedule.nanoseconds(seconds: seconds)
        default:
            return process.closedFormTime(ofEvent: index)
        }
    }

    /// Moves past `count` events without returning their times (a Poisson schedule still draws their gaps,
    /// so the events after them are the same as without skipping).
    @inlinable
    public mutating func skip(_ count: UInt64) {
        if case .poisson(let meanGapSeconds) = process {
            for _ in 0..<count {
                poissonSeconds += meanGapSeconds * ziggurat.nextExponential(using: &random)
            }
        }
        eventIndex &+= count
    }

    /// True when event times have a closed form (every process but Poisson), so ``time(ofEvent:)`` answers.
    public var hasClosedForm: Bool {
        if case .poisson = process { return false }
        return true
    }

    /// The intended start of event `index` in nanoseconds, straight from the closed form; `nil` for Poisson,
    /// whose times depend on every earlier gap (use ``next()``).
    @inlinable
    public func time(ofEvent index: UInt64) -> UInt64? {
        if case .poisson = process { return nil }
        return process.closedFormTime(ofEvent: index)
    }

    /// `seconds` as whole nanoseconds, rounded to nearest.
    @inlinable
    static func nanoseconds(seconds: Double) -> UInt64 {
        nanoseconds(nanoseconds: seconds * 1e9)
    }

    /// `nanoseconds` rounded to a whole number (0 for negatives and NaN; `UInt64.max` from 2^63 ns, 292 years).
    @inlinable
    static func nanoseconds(nanoseconds: Double) -> UInt64 {
        if !(nanoseconds > 0) { return 0 }
        if nanoseconds >= 0x1p63 - 0x1p11 { return .max }
        // Round half up through Int64: no libm call, and a single conversion instruction.
        return UInt64(bitPattern: Int64(nanoseconds + 0.5))
    }
}

extension ArrivalSchedule.Process {
    /// Event `index` (below 2^63)'s intended start from the closed form (every process but Poisson).
    @inlinable @inline(__always)
    func closedFormTime(ofEvent index: UInt64) -> UInt64 {
        switch self {
        case .constant(let nanosecondsPerEvent):
            return ArrivalSchedule.nanoseconds(nanoseconds: Double(Int64(bitPattern: index)) * nanosecondsPerEvent)
        case .burst(let shape):
            return ArrivalSchedule.nanoseconds(seconds: shape.time(ofEvent: Double(Int64(bitPattern: index))))
        case .ramp(let shape):
            return ArrivalSchedule.nanoseconds(seconds: shape.time(ofEvent: Double(Int64(bitPattern: index))))
        case .poisson:
            preconditionFailure("Poisson times have no closed form")
        }
    }
}
