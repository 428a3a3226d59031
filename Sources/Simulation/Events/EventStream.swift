import Foundation

/// A deterministic stream of simulated requests: arrival times, method mix, latencies, sizes, errors and
/// clients, all fixed by the configuration's seed.
///
/// **Worker shares.** The run's events are numbered 0, 1, 2 … and dealt out in blocks of
/// ``ArrivalSchedule/blockLength`` (``blockLength``): worker `w` of `W` generates the events of blocks
/// `w, w + W, w + 2W …` (event *i* is in block `i / blockLength`), in order. Each event draws from its own
/// ``RandomStream``, seeded from the run's seed and `i` alone, and the arrival schedule is the same for every
/// worker, so event *i* is identical whatever the worker count and whatever the thread scheduling: one worker or
/// eight produce the same union of events. (Blocks, not single events, so that a Poisson schedule passes the other
/// workers' events with one Gamma draw per block instead of one exponential per event.)
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
    /// `SplitMix64.mix(seed)`: event *i* draws from `RandomStream(eventSeed: eventKey &+ i &* eventSeedStride)`.
    @usableFromInline let eventKey: UInt64
    /// An odd multiplier: distinct event indices get distinct event seeds (and the four finalizers of
    /// ``RandomStream/init(eventSeed:)`` then give unrelated states).
    @usableFromInline static var eventSeedStride: UInt64 { 0xD1B5_4A32_D192_ED03 }
    /// Keys event *i*'s client: ``clientIndex(ofEvent:)``.
    @usableFromInline let clientKey: UInt64
    @usableFromInline var schedule: ArrivalSchedule

    @usableFromInline var eventIndex: UInt64
    @usableFromInline var previousIndex: UInt64
    @usableFromInline var generated: UInt64
    @usableFromInline var runningHash: UInt64

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
    @inlinable
    public mutating func next() -> SimulatedRequest {
        let index = eventIndex
        previousIndex = index
        eventIndex = eventIndex(after: index)
        let start = schedule.next()
        // At the end of this worker's block: pass the other workers' blocks.
        if eventIndex != index &+ 1 { schedule.skip(eventIndex &- index &- 1) }
        var random = RandomStream(eventSeed: eventKey &+ index &* Self.eventSeedStride)
        let methodIndex = chooser.choose(random.next())
        let latency = max(0, latencies[methodIndex].sample(tables: tables, using: &random))
        let requestBytes = Self.byteCount(requestSizes[methodIndex].sample(tables: tables, using: &random))
        let responseBytes = Self.byteCount(responseSizes[methodIndex].sample(tables: tables, using: &random))
        let failed = random.nextUnit() < errorRates[methodIndex]
        let client = clientIndex(ofEvent: index)
        let request = SimulatedRequest(
            intendedStartNanoseconds: start, latencySeconds: latency, requestBytes: requestBytes,
            responseBytes: responseBytes, clientIndex: UInt32(truncatingIfNeeded: client),
            methodIndex: UInt16(truncatingIfNeeded: methodIndex), outcome: failed ? .failure : .success)
        runningHash &+= request.fingerprint(index: index)
        generated &+= 1
        return request
    }

    /// The client of event `index`: uniform over `0 ..< clients`, from a hash of the index alone (SplitMix64's
    /// finalizer of a keyed index, scaled by a 64 × 64 → 128-bit multiply: a bias below `clients` / 2^64). Not from
    /// the event's own random stream, so that a consumer can know the clients of events ahead of generating them
    /// (the runner reads their connections ahead, as a server's network reads land before its handlers run).
    @inlinable @inline(__always)
    public func clientIndex(ofEvent index: UInt64) -> UInt32 {
        let bits = SplitMix64.mix(clientKey &+ index &* Self.eventSeedStride)
        return UInt32(truncatingIfNeeded: bits.multipliedFullWidth(by: clients).high)
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
