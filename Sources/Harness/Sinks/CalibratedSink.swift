import Simulation

/// A sink with a known cost per event: it spins a dependent multiply–add chain whose length is calibrated,
/// on the thread's CPU clock, to take `setup.calibratedNanoseconds`. The harness must report that cost back
/// (within ±10 %) from its overhead measurement — the check that the measurement itself is right.
///
/// **Why `@unchecked Sendable` is safe.** Its only mutable memory is `sinkhole`, a raw buffer the compiler
/// cannot check: worker `w` writes only word `w × stride` (each on its own cache line), so no two threads
/// touch one word; nothing reads it (it exists only so the spin is not optimised away). Everything else is
/// an immutable `let` set before any worker starts.
public final class CalibratedSink: Sink, @unchecked Sendable {
    /// Iterations of the chain per event.
    public let iterations: Int
    /// Calibrated cost of one iteration, in nanoseconds.
    public let nanosecondsPerIteration: Double
    /// One padded word per worker where each chain's result is stored, so the work cannot be optimised away
    /// and workers do not share a cache line.
    private let sinkhole: UnsafeMutablePointer<UInt64>
    private let workers: Int

    private static let stride = 16

    /// The largest injected cost per event: 100 µs (100,000 ns), far above any statistics record; beyond it a run
    /// of a few thousand events would spin for minutes.
    public static let maximumNanoseconds = 100_000.0

    /// Calibrates the spin for `setup.calibratedNanoseconds` per event.
    ///
    /// - Throws: ``HarnessError/sinkSetup(sink:reason:)`` when the injected cost is not in
    ///   `0 ... maximumNanoseconds` or a given cost of one iteration is not a positive number.
    public init(setup: SinkSetup) throws(HarnessError) {
        guard setup.calibratedNanoseconds >= 0, setup.calibratedNanoseconds <= Self.maximumNanoseconds else {
            throw .sinkSetup(
                sink: SinkKind.calibrated.name,
                reason: "the injected cost must be 0 to 100000 nanoseconds, got \(setup.calibratedNanoseconds)")
        }
        if let given = setup.calibratedNanosecondsPerIteration {
            guard given > 0, given.isFinite else {
                throw .sinkSetup(
                    sink: SinkKind.calibrated.name,
                    reason: "the cost of one iteration must be a positive number of nanoseconds, got \(given)")
            }
        }
        workers = max(1, setup.workers)
        sinkhole = .allocate(capacity: workers * Self.stride)
        sinkhole.initialize(repeating: 0, count: workers * Self.stride)
        nanosecondsPerIteration = Self.nanosecondsPerIteration(setup)
        iterations = Int((setup.calibratedNanoseconds / nanosecondsPerIteration).rounded())
    }

    deinit { sinkhole.deallocate() }

    /// Spins for the calibrated cost.
    @inline(__always)
    public func record(_ request: SimulatedRequest, worker: Int) {
        sinkhole[worker &* Self.stride] = Self.spin(seed: request.intendedStartNanoseconds, iterations: iterations)
    }

    /// A chain of dependent multiply–adds: each step needs the previous result, so it cannot be overlapped.
    @inline(never)
    static func spin(seed: UInt64, iterations: Int) -> UInt64 {
        var value = seed | 1
        for _ in 0..<iterations {
            value = value &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        }
        return value
    }

    /// The cost of one iteration this sink spins with: `setup.calibratedNanosecondsPerIteration` when given (so
    /// that runs in different processes do exactly proportional work), else this process's calibration (made
    /// once, on first use, and shared by every sink of the process, so the pairs of one run spin alike).
    public static func nanosecondsPerIteration(_ setup: SinkSetup) -> Double {
        setup.calibratedNanosecondsPerIteration ?? processCalibration
    }

    private static let processCalibration = calibrate()

    /// Nanoseconds per iteration: the fastest of several timed runs of 2 M iterations on this thread's CPU clock
    /// (the fastest, because interruptions only ever add time).
    public static func calibrate() -> Double {
        let iterations = 2_000_000
        var best = Double.infinity
        var keep: UInt64 = 0
        for round in 0..<7 {
            let start = Clocks.threadCPU()
            keep ^= spin(seed: UInt64(round), iterations: iterations)
            let elapsed = Double(Clocks.threadCPU() &- start)
            best = min(best, elapsed / Double(iterations))
        }
        return keep == 42 ? best * 1.0000001 : best  // keeps `keep` alive
    }
}
