import Foundation
import Synchronization

/// Reads this process's resources — and those of one watched process — from `/proc`.
///
/// A cold-path reader (a few small file reads per sample) whose baselines live under a `Mutex`.
///
/// **CPU percent** is `Δ(utime + stime) / CLK_TCK / Δwall × 100` between two samples of the same process
/// instance, where `Δwall` is the difference of the `at:` times passed to ``sample(at:)`` (pass real wall-clock
/// times). It is in percent of one core, so it may exceed 100 on several cores. CPU time is counted in whole
/// clock ticks (10 ms at the usual 100 Hz), so a window of a few ticks reads a multiple of a large step (one tick
/// over 5 ms is 200 %): the figure is measured over at least ``minimumCPUWindowTicks`` ticks of wall time
/// (100 ms at 100 Hz, a step of 10 % of a core; 1 % at the usual sampling interval of 1 s and more). It is `nil`:
/// - on the **first** sample of a process (there is no baseline yet — unlike psutil, no fake `0.0`);
/// - when `at:` did not move forward since the previous sample;
/// - when `at:` is less than the minimum window after the baseline (a sample taken at shutdown just after a
///   periodic one): the baseline is kept, so the next sample measures the whole window since it;
/// - for the watched process after it was not running, after ``setWatchedPID(_:)`` and when its pid now names
///   another process instance (a different start time): each of these resets the baseline.
///
/// **A watched process that is not running** (no such pid, a zombie, or gone while being read) gives `nil` for
/// all of its figures — never a crash and never a value from an earlier sample. Its `stat` is read again
/// after the other files; if it is gone or names another instance by then, the whole reading is discarded.
///
/// **Not Linux:** everything except the timestamp is `nil` (``isSupported`` is `false`).
///
/// ```swift
/// let sampler = ResourceSampler(watchedPID: gameServer.processIdentifier)
/// let sample = sampler.sample(at: .wallClockNow())
/// ```
public final class ResourceSampler: Sendable {
    /// Whether this platform has a Linux `/proc` to read; elsewhere samples hold only their timestamp.
    public static var isSupported: Bool {
        #if os(Linux)
            true
        #else
            false
        #endif
    }

    /// The kernel's clock ticks per second (`sysconf(_SC_CLK_TCK)`, usually 100), the unit of `utime`/`stime`.
    public static var systemClockTicksPerSecond: Int {
        let ticks = sysconf(Int32(_SC_CLK_TCK))
        return ticks > 0 ? ticks : 100
    }

    /// The shortest wall-clock window CPU percent is measured over, in clock ticks (10: a step of at most 10 % of
    /// a core between two readings of the tick count). A sample closer to its baseline has no CPU figure.
    public static var minimumCPUWindowTicks: Int { 10 }

    private let reader: ProcFileReader
    private let ticksPerSecond: Double
    private let state: Mutex<SamplerState>
    /// The filesystems whose size and free space each sample reports.
    public let diskPaths: DiskPaths

    /// Creates a sampler of this process and, if `watchedPID` is given, of that process too.
    ///
    /// - Parameters:
    ///   - watchedPID: a process to sample alongside this one (e.g. a game server); `nil` for none.
    ///   - procRoot: where the proc file system is mounted; tests point it at a fixture directory that holds
    ///     `self/`, `<pid>/` and `meminfo` like `/proc` does.
    ///   - clockTicksPerSecond: the unit of the CPU times in `stat`; the system's value by default.
    ///   - diskPaths: the stats directory and state file whose filesystems' size and free space (`statvfs`)
    ///     each sample reports (default: none).
    public init(
        watchedPID: Int32? = nil,
        procRoot: String = "/proc",
        clockTicksPerSecond: Int = ResourceSampler.systemClockTicksPerSecond,
        diskPaths: DiskPaths = .none
    ) {
        self.diskPaths = diskPaths
        reader = ProcFileReader(root: procRoot)
        ticksPerSecond = Double(max(1, clockTicksPerSecond))
        state = Mutex(SamplerState(watchedPID: watchedPID))
    }

    /// The process watched alongside this one, or `nil`.
    public var watchedPID: Int32? {
        state.withLock { $0.watchedPID }
    }

    /// Watches `pid` from now on (`nil`: watch nothing). Its CPU baseline starts afresh, even for the same pid.
    public func setWatchedPID(_ pid: Int32?) {
        state.withLock { state in
            state.watchedPID = pid
            state.watchedBaseline = nil
        }
    }

    /// Reads every figure now and stamps the sample with `time`, which is also the wall time CPU use is
    /// measured against (see the type's documentation). Safe to call from any thread; calls are serialized.
    public func sample(at time: StatsTime) -> ResourceSample {
        guard Self.isSupported else {
            return ResourceSample(timestamp: time, watchedPID: watchedPID)
        }
        let statsDisk = diskPaths.statsDirectory.flatMap(DiskFigures.of(path:))
        let stateDisk = diskPaths.stateFile.flatMap(DiskFigures.of(path:))
        return state.withLock { state in
            let totalMemory = reader.read("meminfo").flatMap { try? ProcMemory.totalBytes(fromMeminfo: $0) }
            let own = readProcess(
                "self", isSelf: true, at: time, totalMemory: totalMemory, baseline: &state.ownBaseline)
            var watched = ProcessFigures.unknown
            if let pid = state.watchedPID {
                watched = readProcess(
                    String(pid), isSelf: false, at: time, totalMemory: totalMemory, baseline: &state.watchedBaseline)
            }
            return ResourceSample(
                timestamp: time,
                cpuPercent: own.cpuPercent,
                residentBytes: own.residentBytes,
                memoryPercent: own.memoryPercent,
                openFileDescriptors: own.openFileDescriptors,
                threads: own.threads,
                watchedPID: state.watchedPID,
                watchedCPUPercent: watched.cpuPercent,
                watchedResidentBytes: watched.residentBytes,
                watchedMemoryPercent: watched.memoryPercent,
                watchedOpenFileDescriptors: watched.openFileDescriptors,
                watchedThreads: watched.threads,
                statsDirectoryDisk: statsDisk,
                stateFileDisk: stateDisk
            )
        }
    }

    /// Reads one process's figures from `<root>/<directory>/`, updating its CPU baseline.
    private func readProcess(
        _ directory: String, isSelf: Bool, at time: StatsTime, totalMemory: UInt64?, baseline: inout CPUBaseline?
    ) -> ProcessFigures {
        guard let first = readStat(directory), first.isRunning else {
            baseline = nil
            return .unknown
        }
        let resident = reader.read(directory + "/status").flatMap { try? ProcMemory.residentBytes(fromStatus: $0) }
        let descriptors = reader.countEntries(directory + "/fd", excludingOwnHandle: isSelf)
        // Read stat again: if the process exited (or its pid was reused) while we read, discard everything.
        guard let last = readStat(directory), last.isRunning, last.pid == first.pid,
            last.startTicks == first.startTicks
        else {
            baseline = nil
            return .unknown
        }
        let current = CPUBaseline(pid: last.pid, startTicks: last.startTicks, totalTicks: last.totalTicks, time: time)
        var cpu: Double?
        if let earlier = baseline, current.isSameInstance(as: earlier),
            current.time.seconds(since: earlier.time) > 0,
            current.time.seconds(since: earlier.time) < Double(Self.minimumCPUWindowTicks) / ticksPerSecond
        {
            // Too soon after the baseline for a figure worth reporting: keep measuring from the baseline.
        } else {
            cpu = baseline.flatMap { current.cpuPercent(since: $0, ticksPerSecond: ticksPerSecond) }
            baseline = current
        }
        var memoryPercent: Double?
        if let resident, let totalMemory, totalMemory > 0 {
            memoryPercent = Double(resident) / Double(totalMemory) * 100
        }
        return ProcessFigures(
            cpuPercent: cpu, residentBytes: resident, memoryPercent: memoryPercent,
            openFileDescriptors: descriptors, threads: last.threads)
    }

    private func readStat(_ directory: String) -> ProcStat? {
        reader.read(directory + "/stat").flatMap { try? ProcStat(parsing: $0) }
    }
}

/// The sampler's mutable state: the watched pid and the CPU baselines.
struct SamplerState: Sendable {
    var watchedPID: Int32?
    var ownBaseline: CPUBaseline?
    var watchedBaseline: CPUBaseline?
}

/// One process instance's CPU time at one moment: what the next sample's CPU percent is measured against.
struct CPUBaseline: Sendable, Equatable {
    var pid: Int32
    var startTicks: UInt64
    var totalTicks: UInt64
    var time: StatsTime

    /// CPU percent from `earlier` to this reading, or `nil` when `earlier` is another process instance, time
    /// did not move forward or the CPU time went backwards.
    func cpuPercent(since earlier: CPUBaseline, ticksPerSecond: Double) -> Double? {
        guard isSameInstance(as: earlier), totalTicks >= earlier.totalTicks else {
            return nil
        }
        let wall = time.seconds(since: earlier.time)
        guard wall > 0 else { return nil }
        return Double(totalTicks - earlier.totalTicks) / ticksPerSecond / wall * 100
    }

    /// Whether `earlier` was read from the same process instance (same pid and start time).
    func isSameInstance(as earlier: CPUBaseline) -> Bool {
        earlier.pid == pid && earlier.startTicks == startTicks
    }
}
