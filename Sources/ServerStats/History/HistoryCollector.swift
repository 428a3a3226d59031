import Logging
import StatsCore
import Synchronization

/// Samples resources at an interval into a fixed-capacity history ring: the metrics collection job.
///
/// The ring (``HistoryConfiguration/capacity`` samples, oldest evicted first) is a `SnapshotRing`: readers
/// (``all()``, ``latest()``, an HTTP handler) never block the collector, and the collector never blocks them.
///
/// The sample source is a closure, so tests and the simulation harness inject their own. **A failing source
/// never stops collection:** the error is logged, counted in ``failedSamples``, nothing is appended, and the
/// next collection tries again.
///
/// Drive it by hand with ``collectOnce(at:)`` (tests, simulated time), or let it run with ``run()`` (await it
/// in a task of your own; cancel the task to stop) or ``start()`` / ``stop()``.
///
/// ```swift
/// let collector = HistoryCollector(configuration: try .fromEnvironment(env), sampler: ResourceSampler())
/// collector.start()
/// let lastHour = collector.all()
/// await collector.stop()
/// ```
public final class HistoryCollector: Sendable {
    /// The interval and capacity in use.
    public let configuration: HistoryConfiguration

    private let ring: SnapshotRing<ResourceSample>
    private let source: @Sendable (StatsTime) throws -> ResourceSample
    private let logger: Logger
    private let failures = Atomic<UInt64>(0)
    /// Held while a sample is taken and appended: the ring allows one writer, and ``run()`` and a manual
    /// ``collectOnce(at:)`` may overlap.
    private let writer = Mutex<Void>(())
    /// The task ``start()`` launched, until ``stop()``.
    let runner = Mutex<Task<Void, Never>?>(nil)

    /// Creates a collector that calls `source` for each sample.
    ///
    /// - Parameters:
    ///   - configuration: interval and capacity (default: 10 s, 360 samples).
    ///   - logger: where failed samples are reported.
    ///   - source: takes one sample stamped with the given time; may throw, which is counted and logged.
    public init(
        configuration: HistoryConfiguration = .defaults,
        logger: Logger = Logger(label: "statsbench.history"),
        source: @escaping @Sendable (StatsTime) throws -> ResourceSample
    ) {
        self.configuration = configuration
        self.ring = SnapshotRing(capacity: configuration.capacity)
        self.source = source
        self.logger = logger
    }

    /// Creates a collector that samples with `sampler` (this process and its watched process).
    public convenience init(
        configuration: HistoryConfiguration = .defaults,
        sampler: ResourceSampler,
        logger: Logger = Logger(label: "statsbench.history")
    ) {
        self.init(configuration: configuration, logger: logger) { time in sampler.sample(at: time) }
    }

    /// Takes one sample stamped `time` and appends it, evicting the oldest when full.
    ///
    /// - Returns: `true` if a sample was appended, `false` if the source threw (logged and counted).
    @discardableResult
    public func collectOnce(at time: StatsTime) -> Bool {
        writer.withLock { _ in
            do {
                ring.append(try source(time))
                return true
            } catch {
                let failed = failures.add(1, ordering: .relaxed).newValue
                logger.warning(
                    "History sample failed; collection continues at the next interval",
                    metadata: ["error": "\(error)", "time": "\(time)", "failedSamples": "\(failed)"])
                return false
            }
        }
    }

    /// The samples held, oldest first.
    public func all() -> [ResourceSample] { ring.all() }

    /// Replaces `buffer`'s contents with ``all()``'s result, reusing its storage: for readers that poll often.
    public func all(into buffer: inout [ResourceSample]) { ring.all(into: &buffer) }

    /// The newest sample, or `nil` before the first one.
    public func latest() -> ResourceSample? { ring.latest() }

    /// Number of samples held (at most the capacity).
    public var count: Int { ring.count }

    /// Number of samples appended since creation, evicted ones included.
    public var collectedSamples: UInt64 { ring.totalAppended }

    /// Number of collections whose source threw.
    public var failedSamples: UInt64 { failures.load(ordering: .relaxed) }
}
