import Simulation
import StatsCore

/// The latency of a load that misses every cache, measured in the run: the time per step of a pointer chase
/// (each load's address is the value the previous load returned, so no two overlap) through one random cycle
/// over every cache line of a buffer (128 MiB by default, four times the 32 MiB L3 of this project's machines),
/// on transparent huge pages like the connection table and the client records.
///
/// Why: at hundreds of thousands of clients a sink's cost per event is largely misses to memory, and on a
/// shared virtual machine the memory's latency moves with the neighbours' traffic: the same chase written in C
/// read 160–235 ns within one minute on huge pages (200–300 ns on 4 KiB pages); this probe read 143–169 ns in
/// the runs of another hour. The run records the latency before and after the overhead pairs so that a reader
/// (and `statsbench compare`) can tell a slower memory from a slower sink. It does not explain the spread
/// between the pairs of one run (docs/comparing-runs.md, "Memory latency").
enum MemoryLatencyProbe {
    /// Bytes chased by default: 128 MiB, beyond the 32 MiB L3 of this project's machines.
    static var defaultBytes: Int { 128 << 20 }
    /// Loads timed by default (about 0.1 s at 200 ns each).
    static var defaultLoads: Int { 1 << 19 }
    static var lineBytes: Int { 64 }

    /// One measurement.
    struct Reading: Equatable {
        /// Nanoseconds per dependent load (wall time of the timed loads / their count).
        var nanosecondsPerLoad: Double
        /// The line the chase ended on (a test checks it against the cycle; it also keeps the loads live).
        var lastLine: Int
    }

    /// Chases `loads` dependent loads through a random cycle over the cache lines of `bytes` (at least two
    /// lines), built from `seed`; returns the wall time per load. The buffer is allocated, built and freed here
    /// (control plane only: it allocates `bytes` plus 4 bytes per line).
    static func measure(bytes: Int = defaultBytes, loads: Int = defaultLoads, seed: UInt64 = 0x4C41_5445_4E43_5921)
        -> Reading
    {
        let lines = max(2, bytes / lineBytes)
        let total = lines * lineBytes
        let raw = HugePages.allocate(byteCount: total, alignment: lineBytes)
        defer { raw.deallocate() }
        let words = raw.bindMemory(to: UInt64.self, capacity: total / 8)
        let successors = cycle(lines: lines, seed: seed)
        // Written in address order (the first touch of every page), each line's first word naming the next line.
        for line in 0..<lines { words[line &* 8] = UInt64(successors[line]) }
        var line = 0
        let start = Clocks.monotonic()
        for _ in 0..<loads { line = Int(truncatingIfNeeded: words[line &* 8]) }
        let elapsed = Clocks.monotonic() &- start
        return Reading(nanosecondsPerLoad: Double(elapsed) / Double(max(1, loads)), lastLine: line)
    }

    /// The successor of each line on one cycle through all `lines` (≥ 2) lines, uniformly random among such
    /// cycles (Sattolo's algorithm: a Fisher–Yates shuffle whose swap partner is always an earlier place).
    static func cycle(lines: Int, seed: UInt64) -> [UInt32] {
        precondition(lines >= 2 && lines <= Int(UInt32.max), "a cycle needs 2 … 2³² − 1 lines, got \(lines)")
        var successors = (0..<lines).map { UInt32(truncatingIfNeeded: $0) }
        var random = RandomStream(seed: seed)
        var index = lines - 1
        while index > 0 {
            let other = Int(random.next(upperBound: UInt64(index)))
            successors.swapAt(index, other)
            index -= 1
        }
        return successors
    }
}
