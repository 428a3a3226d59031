import Foundation

/// A deterministic stream of simulated requests: arrival times, method mix, latencies, sizes, errors and
/// clients, all fixed by the configuration's seed.
///
/// **Worker shares.** The run's events are numbered 0, 1, 2 … and dealt out in blocks of
/// ``ArrivalSchedule/blockLength`` (``blockLength``): worker `w` of `W` generates the events of blocks
/// `w, w + W, w + 2W …` (event *i* is in block `i / blockLength`), in order. Each block draws from its own
/// ``RandomStream``, seeded from the run's seed and the block's number alone, in a fixed order, and the arrival
/// schedule is the same for every worker, so event *i* is identical whatever the worker count and whatever the
/// thread scheduling: one worker or eight produce the same union of events. (Blocks, not single events, so that
/// a Poisson schedule passes the other workers' events with one Gamma draw per block instead of one exponential
/// per event, and so that a block's draws come from one stream kept in registers.)
///
/// **Hash.** ``hash`` is the wrapping sum of the fingerprints of the events generated so far (each includes
/// the event's index). The run's hash is the wrapping sum of its workers' hashes (``combinedHash(_:)``) and is
/// therefore also independent of the worker count: the same seed gives the same hash, another seed another.
///
/// **Open loop.** Each request carries its intended start from the ``ArrivalSchedule``; consumers measure
/// latency from it even when they fall behind, and the stream never waits for them.
///
/// ```swift
/// var stream = try EventStream(configuration: configuration, worker: 0, workers: 2)
/// for _ in 0..<1_000_000 { sink.record(stream.next()) }
/// print(stream.hash)
/// ```
///
/// **A block at a time.** A worker generates its next block's 32 events in one go and hands them out one by one
/// (``next()``): field by field over the block, and each sampler for all of the block's events of one method in
/// a row, so the sampler's branches are predicted and the work after each draw (table loads, `exp`) overlaps
/// with the next draw. On `steady`'s stream this took `next()` from 48 to 42 ns per event. The block's draws
/// then came from one stream per block instead of one per event (32 seedings and 32 streams of state kept in
/// memory): 99 fewer instructions per event (callgrind, 2 M events of `steady`'s methods, one worker), the
/// generator's CPU time per event 8–18 % lower (medians of two series of 5 runs alternating with the earlier
/// build). A test pins the hashes.
///
/// ``next()`` never allocates or locks. With a Poisson arrival process every worker also draws the spans of
/// the other workers' blocks (one Gamma variate each), since each time depends on all earlier gaps.
public struct EventStream: Sendable {
    /// A method's validated samplers (while building).
    struct MethodRow {
        let latency: SamplerShape
        let requestBytes: SamplerShape
        let responseBytes: SamplerShape
        let errorRate: Double
    }

    // The methods' samplers as parallel arrays of plain data (their tables live in ``tables``): an event copies
    // only the few words it reads, and never touches a reference count.
    @usableFromInline let latencies: [SamplerShape]
    @usableFromInline let requestSizes: [SamplerShape]
    @usableFromInline let responseSizes: [SamplerShape]
    @usableFromInline let errorRates: [Double]
    /// The empirical samples and mixture components of every method's samplers.
    @usableFromInline let tables: SamplerTables
    @usableFromInline let chooser: MethodChooser
    @usableFromInline let clients: UInt64
    @usableFromInline let stride: UInt64
    /// `SplitMix64.mix(seed)`: block *b* draws from `RandomStream(eventSeed: eventKey &+ b &* eventSeedStride)`.
    @usableFromInline let eventKey: UInt64
    /// An odd multiplier: distinct block numbers get distinct seeds (and the four finalizers of
    /// ``RandomStream/init(eventSeed:)`` then give unrelated states).
    @usableFromInline static var eventSeedStride: UInt64 { 0xD1B5_4A32_D192_ED03 }
    /// Keys event *i*'s client: ``clientIndex(ofEvent:)``.
    @usableFromInline let clientKey: UInt64
    @usableFromInline var schedule: ArrivalSchedule

    @usableFromInline var eventIndex: UInt64
    @usableFromInline var previousIndex: UInt64
    @usableFromInline var generated: UInt64
    @usableFromInline var runningHash: UInt64
    /// The events of block ``bufferedBlock`` (`.max`: none yet) and their fingerprints, by position in the block.
    @usableFromInline var buffered: InlineArray<32, SimulatedRequest>
    @usableFromInline var fingerprints: InlineArray<32, UInt64>
    @usableFromInline var bufferedBlock: UInt64

    /// Events per block dealt to one worker (``ArrivalSchedule/blockLength``).
    public static var blockLength: Int { ArrivalSchedule.blockLength }

    /// The global index of the event the next call to ``next()`` returns.
    public var nextEventIndex: UInt64 { eventIndex }
    /// The global index of the event the last call to ``next()`` returned (`nil` before the first).
    public var lastEventIndex: UInt64? { generated == 0 ? nil : previousIndex }

    /// How many of the events `0 ..< events` worker `worker` of `workers` generates (whole blocks, then the
    /// part of the last one that falls in its turn). `worker` must be in `0 ..< workers` (a trap otherwise, as
    /// for ``init(configuration:worker:workers:)``'s error).
    public static func share(ofWorker worker: Int, of workers: Int, events: UInt64) -> UInt64 {
        precondition(workers >= 1 && worker >= 0 && worker < workers, "worker \(worker) is not in 0 ..< \(workers)")
        let block = UInt64(blockLength)
        let round = block &* UInt64(workers)
        let rest = events % round
        let first = UInt64(worker) &* block
        let inLastRound = rest > first ? min(block, rest - first) : 0
        return events / round * block + inLastRound
    }
    /// How many events this stream has generated.
    public var eventsGenerated: UInt64 { generated }
    /// The wrapping sum of the fingerprints of the events generated so far (0 before the first).
    public var hash: UInt64 { runningHash }

    /// The configuration this stream generates.
    public let configuration: EventStreamConfiguration

    /// The stream of worker `worker` (in `0 ..< workers`): events `worker`, `worker + workers`, ….
    ///
    /// Validates the whole configuration and loads empirical files, so build streams before the run starts.
    ///
    /// - Throws: ``EventStreamError`` naming the method, field or parameter that is invalid.
    public init(configuration: EventStreamConfiguration, worker: Int = 0, workers: Int = 1) throws(EventStreamError) {
        guard workers >= 1, worker >= 0, worker < workers else {
            throw .invalidWorker(worker: worker, workers: workers)
        }
        let methods = configuration.methods
        guard !methods.isEmpty, methods.count <= Int(UInt16.max) else {
            throw .invalidMethodCount(methods.count)
        }
        guard configuration.clients >= 1, UInt64(configuration.clients) <= UInt64(UInt32.max) else {
            throw .invalidClientCount(configuration.clients)
        }
        var rows: [MethodRow] = []
        var tables = SamplerTables()
        for method in methods {
            guard method.weight.isFinite, method.weight >= 0 else {
                throw .invalidWeight(method: method.name, weight: method.weight)
            }
            guard method.errorRate >= 0, method.errorRate <= 1 else {
                throw .invalidErrorRate(method: method.name, errorRate: method.errorRate)
            }
            rows.append(try Self.row(for: method, baseDirectory: configuration.baseDirectory, tables: &tables))
        }
        let weights = methods.map(\.weight)
        guard weights.reduce(0, +) > 0, weights.reduce(0, +).isFinite else { throw .noPositiveWeight }
        let schedule = try Self.schedule(configuration, worker: worker)
        precondition(Self.blockLength == 32, "a block's events are buffered in 32 places and chosen by a 32-bit mask")
        self.latencies = rows.map(\.latency)
        self.requestSizes = rows.map(\.requestBytes)
        self.responseSizes = rows.map(\.responseBytes)
        self.errorRates = rows.map(\.errorRate)
        self.tables = tables
        self.chooser = MethodChooser(weights: weights)
        self.clients = UInt64(configuration.clients)
        self.stride = UInt64(workers)
        self.eventKey = SplitMix64.mix(configuration.seed)
        self.clientKey = SplitMix64.mix(SplitMix64.mix(configuration.seed) ^ 0xC11E_A7C1_1E47_0001)
        self.schedule = schedule
        self.eventIndex = UInt64(worker) &* UInt64(Self.blockLength)
        self.previousIndex = 0
        self.generated = 0
        self.runningHash = 0
        self.buffered = InlineArray(repeating: Self.placeholder)
        self.fingerprints = InlineArray(repeating: 0)
        self.bufferedBlock = .max
        self.configuration = configuration
    }

    /// The stream of worker `worker` (in `0 ..< workers`) of the same configuration, at its first event: it
    /// shares this stream's samplers and tables, so no distribution is built and no file read again. A plan
    /// builds one stream with ``init(configuration:worker:workers:)`` and the others from it.
    ///
    /// - Throws: ``EventStreamError/invalidWorker(worker:workers:)`` when `worker` is not in `0 ..< workers`.
    public func stream(forWorker worker: Int, of workers: Int) throws(EventStreamError) -> EventStream {
        guard workers >= 1, worker >= 0, worker < workers else {
            throw .invalidWorker(worker: worker, workers: workers)
        }
        let schedule = try Self.schedule(configuration, worker: worker)
        return EventStream(sharing: self, worker: worker, workers: workers, schedule: schedule)
    }

    /// A copy of `prototype`'s samplers at worker `worker`'s first event.
    private init(sharing prototype: EventStream, worker: Int, workers: Int, schedule: ArrivalSchedule) {
        self.latencies = prototype.latencies
        self.requestSizes = prototype.requestSizes
        self.responseSizes = prototype.responseSizes
        self.errorRates = prototype.errorRates
        self.tables = prototype.tables
        self.chooser = prototype.chooser
        self.clients = prototype.clients
        self.stride = UInt64(workers)
        self.eventKey = prototype.eventKey
        self.clientKey = prototype.clientKey
        self.schedule = schedule
        self.eventIndex = UInt64(worker) &* UInt64(Self.blockLength)
        self.previousIndex = 0
        self.generated = 0
        self.runningHash = 0
        self.buffered = InlineArray(repeating: Self.placeholder)
        self.fingerprints = InlineArray(repeating: 0)
        self.bufferedBlock = .max
        self.configuration = prototype.configuration
    }

    /// The arrival schedule of `configuration` from worker `worker`'s first event (the first of block `worker`),
    /// drawn from the seed's ``RandomSubstream/arrivals``.
    private static func schedule(
        _ configuration: EventStreamConfiguration, worker: Int
    ) throws(EventStreamError) -> ArrivalSchedule {
        var schedule: ArrivalSchedule
        do {
            schedule = try ArrivalSchedule(
                configuration.arrival, random: RandomStream(seed: configuration.seed, substream: .arrivals))
        } catch {
            throw .invalidArrival(error)
        }
        schedule.skip(UInt64(worker) &* UInt64(Self.blockLength))
        return schedule
    }

    /// The method's validated samplers, their tables appended to `tables`.
    private static func row(
        for method: EventStreamConfiguration.Method, baseDirectory: URL?, tables: inout SamplerTables
    ) throws(EventStreamError) -> MethodRow {
        func shape(_ spec: DistributionSpec, _ field: String) throws(EventStreamError) -> SamplerShape {
            do {
                let distribution = try Distribution(spec, baseDirectory: baseDirectory)
                let offsets = tables.append(distribution.tables)
                return distribution.shape.rebased(valueOffset: offsets.valueOffset, leafOffset: offsets.leafOffset)
            } catch {
                throw .invalidDistribution(method: method.name, field: field, error)
            }
        }
        return MethodRow(
            latency: try shape(method.latency, "latency"), requestBytes: try shape(method.requestBytes, "requestBytes"),
            responseBytes: try shape(method.responseBytes, "responseBytes"), errorRate: method.errorRate)
    }

    /// This worker's next event. Never allocates, locks or reads a clock.
    ///
    /// Events are generated a block at a time (``fill(block:)``) and handed out one by one; the events and the
    /// hash are the same as generating each on its own.
    @inlinable
    public mutating func next() -> SimulatedRequest {
        let index = eventIndex
        let block = index / UInt64(Self.blockLength)
        if block != bufferedBlock { fill(block: block) }
        let position = Int(truncatingIfNeeded: index % UInt64(Self.blockLength))
        previousIndex = index
        eventIndex = eventIndex(after: index)
        runningHash &+= fingerprints[position]
        generated &+= 1
        return buffered[position]
    }

    /// Generates every event of block `block` (this worker's next one) into ``buffered`` and ``fingerprints``,
    /// and moves the schedule past the other workers' blocks that follow it.
    ///
    /// The block's draws come from the block's own ``RandomStream`` (seeded from the run's seed and `block`) in
    /// a fixed order: every event's method, then for each method present (in the order of its first event) the
    /// latencies, request sizes, response sizes and outcomes of its events, each in position order. The work is
    /// done field by field over the block, and the samplers method by method: a loop then runs the same sampler
    /// for every event of one method, so its branches are predicted, where one event at a time took a
    /// data-dependent branch for each sampler.
    @usableFromInline
    mutating func fill(block: UInt64) {
        let length = Self.blockLength
        let first = block &* UInt64(length)
        var random = RandomStream(eventSeed: eventKey &+ block &* Self.eventSeedStride)
        var times = InlineArray<32, UInt64>(repeating: 0)
        precondition(schedule.nextEventIndex == first, "a worker generates its blocks in order")
        schedule.nextBlock(into: &times)
        var methods = InlineArray<32, UInt16>(repeating: 0)
        for position in 0..<length {
            methods[position] = UInt16(truncatingIfNeeded: chooser.choose(random.next()))
            let index = first &+ UInt64(position)
            buffered[position] = SimulatedRequest(
                intendedStartNanoseconds: times[position], latencySeconds: 0, requestBytes: 0, responseBytes: 0,
                clientIndex: clientIndex(ofEvent: index), methodIndex: methods[position], outcome: .success)
        }
        // The other workers' blocks up to this worker's next one.
        if stride > 1 { schedule.skip((stride &- 1) &* UInt64(length)) }
        // Each method present, once: its events are the set bits of `members`.
        var pending: UInt32 = .max
        while pending != 0 {
            let method = methods[pending.trailingZeroBitCount]
            var members: UInt32 = 0
            for position in 0..<length {
                members |= UInt32(truncatingIfNeeded: methods[position] == method ? 1 : 0) &<< UInt32(position)
            }
            pending &= ~members
            sample(method: Int(method), members: members, random: &random)
        }
        for position in 0..<length {
            fingerprints[position] = buffered[position].fingerprint(index: first &+ UInt64(position))
        }
        bufferedBlock = block
    }

    /// Draws the latency, sizes and outcome of the events of `method` in `members` (bit *p*: position *p* of the
    /// block), from the block's stream `random`, one field at a time.
    @inline(__always)
    mutating func sample(method: Int, members: UInt32, random: inout RandomStream) {
        draw(latencies[method], members: members, random: &random) { $0.latencySeconds = max(0, $1) }
        draw(requestSizes[method], members: members, random: &random) { $0.requestBytes = Self.byteCount($1) }
        draw(responseSizes[method], members: members, random: &random) { $0.responseBytes = Self.byteCount($1) }
        let errorRate = errorRates[method]
        var bits = members
        while bits != 0 {
            let position = bits.trailingZeroBitCount
            bits &= bits &- 1
            buffered[position].outcome = random.nextUnit() < errorRate ? .failure : .success
        }
    }

    /// Draws one value from `shape` for each event in `members` and stores it with `store`. The switch over the
    /// sampler's kind is taken once for the whole set (each loop then draws from a known kind).
    @inline(__always)
    mutating func draw(
        _ shape: SamplerShape, members: UInt32, random: inout RandomStream,
        _ store: (inout SimulatedRequest, Double) -> Void
    ) {
        @inline(__always)
        func each(_ body: (Int) -> Void) {
            var bits = members
            while bits != 0 {
                let position = bits.trailingZeroBitCount
                bits &= bits &- 1
                body(position)
            }
        }
        let tables = tables
        guard case .single(let leaf) = shape else {
            each { store(&buffered[$0], shape.sample(tables: tables, using: &random)) }
            return
        }
        // The cases' bodies are alike, but each is compiled for a leaf of a known kind, so its draw has no switch
        // left (`steady`'s stream: 42.7 → 41.9 ns per event against one loop for every kind but constant).
        switch leaf {
        case .constant(let value):
            each { store(&buffered[$0], value) }
        case .lognormal:
            each { store(&buffered[$0], leaf.sample(tables: tables, using: &random)) }
        case .exponential:
            each { store(&buffered[$0], leaf.sample(tables: tables, using: &random)) }
        case .uniform:
            each { store(&buffered[$0], leaf.sample(tables: tables, using: &random)) }
        default:
            each { store(&buffered[$0], leaf.sample(tables: tables, using: &random)) }
        }
    }

    /// The client of event `index`: uniform over `0 ..< clients`, from a hash of the index alone (SplitMix64's
    /// finalizer of a keyed index, scaled by a 64 × 64 → 128-bit multiply: a bias below `clients` / 2^64). Not from
    /// the block's random stream, so that a consumer can know the clients of events ahead of generating them
    /// (the runner reads their connections ahead, as a server's network reads land before its handlers run).
    @inlinable @inline(__always)
    public func clientIndex(ofEvent index: UInt64) -> UInt32 {
        let bits = SplitMix64.mix(clientKey &+ index &* Self.eventSeedStride)
        return UInt32(truncatingIfNeeded: bits.multipliedFullWidth(by: clients).high)
    }

    /// What ``buffered`` holds before the first block is generated.
    static var placeholder: SimulatedRequest {
        SimulatedRequest(
            intendedStartNanoseconds: 0, latencySeconds: 0, requestBytes: 0, responseBytes: 0, clientIndex: 0,
            methodIndex: 0, outcome: .success)
    }

    /// The index of this worker's event after event `index` (one of its own): the next one in its block, or the
    /// first of its next block.
    @inlinable @inline(__always)
    public func eventIndex(after index: UInt64) -> UInt64 {
        let next = index &+ 1
        guard stride > 1, next % UInt64(Self.blockLength) == 0 else { return next }
        return next &+ (stride &- 1) &* UInt64(Self.blockLength)
    }

    /// A size draw as whole bytes: rounded, clamped to `0 ... UInt32.max` (NaN becomes 0).
    @inlinable
    static func byteCount(_ value: Double) -> UInt32 {
        if !(value > 0) { return 0 }
        if value >= 4_294_967_294.5 { return .max }
        return UInt32(value + 0.5)  // round half up; no libm call
    }

    /// The hash of a whole run from its workers' ``hash`` values: their wrapping sum, which equals the hash a
    /// single worker generating every event would report.
    public static func combinedHash(_ hashes: some Sequence<UInt64>) -> UInt64 {
        hashes.reduce(0, &+)
    }
}
