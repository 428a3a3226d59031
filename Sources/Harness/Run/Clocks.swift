#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The clocks the runner reads (never inside a sink's record path).
enum Clocks {
    /// Monotonic wall time in nanoseconds.
    @inline(__always)
    static func monotonic() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }

    /// CPU time the calling thread has used, in nanoseconds: unlike wall time it does not grow while the
    /// thread waits for a core, which makes per-event costs far steadier on a shared machine.
    @inline(__always)
    static func threadCPU() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }

    /// The cost of one back-to-back pair of ``monotonic()`` reads (median of many), subtracted from sampled
    /// per-event costs.
    static func monotonicPairCost(samples: Int = 10_001) -> UInt64 {
        var costs = [UInt64](repeating: 0, count: samples)
        for index in 0..<samples {
            let start = monotonic()
            let end = monotonic()
            costs[index] = end &- start
        }
        costs.sort()
        return costs[samples / 2]
    }
}
