#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
/// spaced within a phase); Poisson times are drawn from the ``RandomStream`` given at construction, so the same
/// stream gives the same times. Times are rounded to whole nanoseconds.
///
/// **Poisson in blocks.** The events are cut into blocks of ``blockLength``. Each block's span (the time from its
/// first event to the next block's first) is the sum of `blockLength` exponential gaps, drawn in one go as a
/// Gamma(`blockLength`) variate (Marsaglia & Tsang, "A simple method for generating gamma variables", 2000) from
/// the schedule's stream; the times inside a block are the span cut by `blockLength` exponentials of the block's
/// own stream, normalized to sum to 1 (the gaps of a Poisson process given their sum are such normalized
/// exponentials: a Dirichlet split). So the process is exactly Poisson, and skipping a block costs one Gamma draw
/// instead of `blockLength` exponentials: a worker that generates every *W*-th block skips the others' blocks
/// cheaply (``EventStream``).
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

    /// Events per block of a Poisson process (and the unit in which ``EventStream`` deals events to workers).
    public static var blockLength: Int { 32 }

    @usableFromInline let process: Process
    /// The stream of the Poisson blocks' spans.
    @usableFromInline var random: RandomStream
    /// Exponential and normal variates for a Poisson process.
    @usableFromInline let ziggurat: Ziggurat
    /// Seeds each Poisson block's own stream (its inner gaps): `RandomStream(eventSeed: blockKey &+ b·stride)`.
    @usableFromInline let blockKey: UInt64
    /// The Poisson block whose span is drawn (`spanStartSeconds` is its first event's time).
    @usableFromInline var spanBlock: UInt64
    @usableFromInline var spanStartSeconds: Double
    @usableFromInline var spanSeconds: Double
    /// The Poisson block whose inner offsets are in `offsets` (`.max`: none yet).
    @usableFromInline var offsetsBlock: UInt64
    /// Per event of block `offsetsBlock`, its time after the block's first event as a fraction of the span.
    @usableFromInline var offsets: InlineArray<32, Double>

    @usableFromInline var eventIndex: UInt64

    /// The index of the event the next call to ``next()`` returns.
    public var nextEventIndex: UInt64 { eventIndex }

    /// The spec this schedule was built from.
    public let spec: ArrivalSpec

    @usableFromInline
    init(process: Process, random: RandomStream, spec: ArrivalSpec) {
        self.process = process
        var random = random
        self.blockKey = random.next()
        self.spanBlock = 0
        self.spanStartSeconds = 0
        self.spanSeconds = 0
        self.offsetsBlock = .max
        self.offsets = InlineArray(repeating: 0)
        precondition(offsets.count == Self.blockLength, "the offsets hold one block")
        self.eventIndex = 0
        self.spec = spec
        if case .poisson(let meanGapSeconds) = process {
            let ziggurat = Ziggurat()
            self.ziggurat = ziggurat
            self.spanSeconds = meanGapSeconds * Self.gammaBlock(ziggurat: ziggurat, using: &random)
        } else {
            self.ziggurat = Ziggurat(empty: ())
        }
        self.random = random
    }

    /// The intended start of the next event, in nanoseconds from the run's start; advances to the event after.
    ///
    /// Never allocates; a Poisson schedule costs about one draw per event (a ziggurat exponential, drawn a block
    /// at a time) plus one Gamma draw per block passed, a ramp one square root.
    @inlinable
    public mutating func next() -> UInt64 {
        let index = eventIndex
        eventIndex &+= 1
        switch process {
        case .poisson(let meanGapSeconds):
            let block = index / UInt64(Self.blockLength)
            if block != offsetsBlock { enterBlock(block, meanGapSeconds: meanGapSeconds) }
            let offset = offsets[Int(truncatingIfNeeded: index % UInt64(Self.blockLength))]
            return ArrivalSchedule.nanoseconds(seconds: spanStartSeconds + spanSeconds * offset)
        default:
            return process.closedFormTime(ofEvent: index)
        }
    }

    /// The intended starts of the next ``blockLength`` events, written to `times`, as that many calls to
    /// ``next()`` would return them; advances past them. The next event must be the first of a block (its index
    /// a multiple of ``blockLength``), as it is for ``EventStream``'s workers.
    ///
    /// One switch and one block check for the whole block: a Poisson block's times are its offsets scaled in
    /// one loop.
    @inlinable
    public mutating func nextBlock(into times: inout InlineArray<32, UInt64>) {
        let first = eventIndex
        precondition(first % UInt64(Self.blockLength) == 0, "a block starts at a multiple of the block length")
        eventIndex &+= UInt64(Self.blockLength)
        switch process {
        case .poisson(let meanGapSeconds):
            let block = first / UInt64(Self.blockLength)
            if block != offsetsBlock { enterBlock(block, meanGapSeconds: meanGapSeconds) }
            let start = spanStartSeconds
            let span = spanSeconds
            for position in 0..<Self.blockLength {
                times[position] = ArrivalSchedule.nanoseconds(seconds: start + span * offsets[position])
            }
        default:
            for position in 0..<Self.blockLength {
                times[position] = process.closedFormTime(ofEvent: first &+ UInt64(position))
            }
        }
    }

    /// Moves past `count` events without returning their times; the events after them are the same as without
    /// skipping (a Poisson schedule draws the spans of the blocks passed when it next returns a time).
    @inlinable
    public mutating func skip(_ count: UInt64) {
        eventIndex &+= count
    }

    /// Draws the spans up to block `block` (not before the current one) and that block's inner offsets.
    @inlinable
    mutating func enterBlock(_ block: UInt64, meanGapSeconds: Double) {
        while spanBlock < block {
            spanStartSeconds += spanSeconds
            spanSeconds = meanGapSeconds * Self.gammaBlock(ziggurat: ziggurat, using: &random)
            spanBlock &+= 1
        }
        var inner = RandomStream(eventSeed: blockKey &+ block &* 0xD1B5_4A32_D192_ED03)
        var sum = 0.0
        for position in 0..<Self.blockLength {
            offsets[position] = sum
            sum += ziggurat.nextExponential(using: &inner)
        }
        let scale = 1 / sum
        for position in 0..<Self.blockLength { offsets[position] *= scale }
        offsetsBlock = block
    }

    /// A Gamma(``blockLength``, 1) variate: the sum of ``blockLength`` unit exponentials, by Marsaglia and
    /// Tsang's method (a cubed normal, accepted by a squeeze and, rarely, a log test; shape ≥ 1).
    @inlinable
    static func gammaBlock(ziggurat: Ziggurat, using random: inout RandomStream) -> Double {
        let d = Double(blockLength) - 1.0 / 3.0
        let c = 1 / (9 * d).squareRoot()
        while true {
            let x = ziggurat.nextNormal(using: &random)
            var v = 1 + c * x
            guard v > 0 else { continue }
            v = v * v * v
            let u = random.nextUnit()
            let square = x * x
            if u < 1 - 0.0331 * square * square { return d * v }
            if log(u) < 0.5 * square + d * (1 - v + log(v)) { return d * v }
        }
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
    @inlinable @inline(__always)
    static func nanoseconds(seconds: Double) -> UInt64 {
        nanoseconds(nanoseconds: seconds * 1e9)
    }

    /// `nanoseconds` rounded to a whole number (0 for negatives and NaN; `UInt64.max` from 2^63 ns, 292 years).
    @inlinable @inline(__always)
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
