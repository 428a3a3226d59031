import Foundation
import ServerStats
import Testing

/// A fake `/proc` in a temporary directory: `self/`, `<pid>/` and `meminfo`, written by the test.
final class FakeProc {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("fake-proc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try write("meminfo", "MemTotal:       1000000 kB\nMemFree:  500000 kB\n")
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func write(_ relative: String, _ text: String) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// Writes a process directory: stat, status (unless `residentKiB` is nil) and `descriptors` fd entries.
    func process(
        _ directory: String, pid: Int32, state: String = "S", ticks: UInt64, threads: Int = 4, start: UInt64 = 100,
        residentKiB: UInt64? = 50_000, descriptors: Int = 3
    ) throws {
        try write(
            "\(directory)/stat",
            ResourceParsingTests.statLine(
                pid: pid, command: "fake (proc)", state: state, user: ticks, system: 0, threads: threads,
                start: start))
        try write("\(directory)/status", residentKiB.map { "Name:\tfake\nVmRSS:\t  \($0) kB\n" } ?? "Name:\tfake\n")
        try? FileManager.default.removeItem(at: root.appendingPathComponent("\(directory)/fd"))
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("\(directory)/fd"), withIntermediateDirectories: true)
        for descriptor in 0..<descriptors { try write("\(directory)/fd/\(descriptor)", "") }
    }

    func remove(_ directory: String) throws {
        try FileManager.default.removeItem(at: root.appendingPathComponent(directory))
    }
}

/// The sampler's arithmetic and its handling of vanished and reused pids, on a fake `/proc`.
@Suite(.enabled(if: ResourceSampler.isSupported, "reads a Linux-style /proc"))
struct ResourceSamplerFixtureTests {
    let t0 = StatsTime(secondsSinceEpoch: 1_700_000_000)

    @Test func ownFiguresAndCPUAgainstThePreviousSample() throws {
        let proc = try FakeProc()
        try proc.process("self", pid: 10, ticks: 1000, threads: 7, residentKiB: 250_000, descriptors: 3)
        let sampler = ResourceSampler(procRoot: proc.root.path, clockTicksPerSecond: 100)

        let first = sampler.sample(at: t0)
        #expect(first.timestamp == t0)
        #expect(first.cpuPercent == nil)
        #expect(first.residentBytes == 250_000 * 1024)
        #expect(first.memoryPercent == 25)
        #expect(first.threads == 7)
        #expect(first.openFileDescriptors == 3)
        #expect(first.watchedPID == nil)
        #expect(first.watchedFiguresAreUnknown)

        // 100 ticks = 1 s of CPU over 2 s of wall time: 50 %.
        try proc.process("self", pid: 10, ticks: 1100)
        #expect(sampler.sample(at: t0.adding(seconds: 2)).cpuPercent == 50)
        // 300 ticks over 1 s: three cores busy, 300 %.
        try proc.process("self", pid: 10, ticks: 1400)
        #expect(sampler.sample(at: t0.adding(seconds: 3)).cpuPercent == 300)
    }

    @Test func cpuIsUnknownWhenTimeDoesNotMoveForward() throws {
        let proc = try FakeProc()
        try proc.process("self", pid: 10, ticks: 1000)
        let sampler = ResourceSampler(procRoot: proc.root.path, clockTicksPerSecond: 100)
        _ = sampler.sample(at: t0)
        #expect(sampler.sample(at: t0).cpuPercent == nil)
        try proc.process("self", pid: 10, ticks: 1100)
        #expect(sampler.sample(at: t0.adding(seconds: 1)).cpuPercent == 100)
        // A clock that went backwards gives no figure; the next one is measured from that sample.
        try proc.process("self", pid: 10, ticks: 1200)
        #expect(sampler.sample(at: t0).cpuPercent == nil)
        try proc.process("self", pid: 10, ticks: 1300)
        #expect(sampler.sample(at: t0.adding(seconds: 4)).cpuPercent == 25)
    }

    @Test func cpuNeedsTheMinimumWindowAndKeepsItsBaseline() throws {
        let proc = try FakeProc()
        try proc.process("self", pid: 10, ticks: 1000)
        let sampler = ResourceSampler(procRoot: proc.root.path, clockTicksPerSecond: 100)
        _ = sampler.sample(at: t0)
        // One tick in 5 ms would read 200 %: too short a window, no figure, and the baseline stays at t0.
        try proc.process("self", pid: 10, ticks: 1001)
        #expect(sampler.sample(at: t0.adding(seconds: 0.005)).cpuPercent == nil)
        try proc.process("self", pid: 10, ticks: 1009)
        #expect(sampler.sample(at: t0.adding(seconds: 0.099)).cpuPercent == nil)
        // 10 ticks after t0, over 100 ms: the whole window since the kept baseline, 100 %.
        try proc.process("self", pid: 10, ticks: 1010)
        #expect(sampler.sample(at: t0.adding(seconds: 0.1)).cpuPercent.map { ($0 - 100).magnitude < 1e-9 } == true)
        // The baseline moved to t0 + 0.1 s: 10 ticks over the next 0.5 s is 20 %.
        try proc.process("self", pid: 10, ticks: 1020)
        #expect(sampler.sample(at: t0.adding(seconds: 0.6)).cpuPercent.map { ($0 - 20).magnitude < 1e-9 } == true)
        // At a 1,000 Hz clock the window is 10 ms: 8 ms is too short; 10 ticks (10 ms of CPU) over 20 ms is 50 %.
        let fine = ResourceSampler(procRoot: proc.root.path, clockTicksPerSecond: 1000)
        _ = fine.sample(at: t0)
        try proc.process("self", pid: 10, ticks: 1025)
        #expect(fine.sample(at: t0.adding(seconds: 0.008)).cpuPercent == nil)
        try proc.process("self", pid: 10, ticks: 1030)
        #expect(fine.sample(at: t0.adding(seconds: 0.02)).cpuPercent.map { ($0 - 50).magnitude < 1e-9 } == true)
    }

    @Test func unreadableFilesGiveNilFigures() throws {
        let proc = try FakeProc()
        try proc.process("self", pid: 10, ticks: 1, residentKiB: nil)
        try proc.remove("meminfo")
        let sample = ResourceSampler(procRoot: proc.root.path).sample(at: t0)
        #expect(sample.residentBytes == nil)
        #expect(sample.memoryPercent == nil)
        #expect(sample.threads == 4)
        let empty = try FakeProc()
        #expect(ResourceSampler(procRoot: empty.root.path).sample(at: t0) == ResourceSample(timestamp: t0))
    }

    @Test func watchedProcessThatVanishesGivesNilsAndItsReturnStartsAFreshBaseline() throws {
        let proc = try FakeProc()
        try proc.process("self", pid: 10, ticks: 1)
        try proc.process("4242", pid: 4242, ticks: 500, threads: 12, residentKiB: 100_000, descriptors: 5)
        let sampler = ResourceSampler(watchedPID: 4242, procRoot: proc.root.path, clockTicksPerSecond: 100)

        let first = sampler.sample(at: t0)
        #expect(first.watchedPID == 4242)
        #expect(first.watchedCPUPercent == nil)
        #expect(first.watchedResidentBytes == 100_000 * 1024)
        #expect(first.watchedMemoryPercent == 10)
        #expect(first.watchedThreads == 12)
        #expect(first.watchedOpenFileDescriptors == 5)
        try proc.process("4242", pid: 4242, ticks: 600)
        #expect(sampler.sample(at: t0.adding(seconds: 1)).watchedCPUPercent == 100)

        try proc.remove("4242")
        let gone = sampler.sample(at: t0.adding(seconds: 2))
        #expect(gone.watchedPID == 4242)
        #expect(gone.watchedFiguresAreUnknown)
        #expect(gone.threads == 4, "this process is still sampled")

        // Back with the same start time and more CPU time: still no CPU figure, the baseline was dropped.
        try proc.process("4242", pid: 4242, ticks: 900)
        let back = sampler.sample(at: t0.adding(seconds: 3))
        #expect(back.watchedCPUPercent == nil)
        #expect(back.watchedThreads == 4)
        try proc.process("4242", pid: 4242, ticks: 950)
        #expect(sampler.sample(at: t0.adding(seconds: 4)).watchedCPUPercent == 50)
    }

    @Test func aReusedPIDIsANewProcessWithoutCPUFigure() throws {
        let proc = try FakeProc()
        try proc.process("self", pid: 10, ticks: 1)
        try proc.process("4242", pid: 4242, ticks: 500, start: 100)
        let sampler = ResourceSampler(watchedPID: 4242, procRoot: proc.root.path, clockTicksPerSecond: 100)
        _ = sampler.sample(at: t0)
        try proc.process("4242", pid: 4242, ticks: 20, start: 9000)
        let reused = sampler.sample(at: t0.adding(seconds: 1))
        #expect(reused.watchedCPUPercent == nil)
        #expect(reused.watchedThreads == 4)
        try proc.process("4242", pid: 4242, ticks: 70, start: 9000)
        #expect(sampler.sample(at: t0.adding(seconds: 2)).watchedCPUPercent == 50)
    }

    @Test func aZombieIsNotRunning() throws {
        let proc = try FakeProc()
        try proc.process("self", pid: 10, ticks: 1)
        try proc.process("4242", pid: 4242, state: "Z", ticks: 500, residentKiB: nil, descriptors: 0)
        let sample = ResourceSampler(watchedPID: 4242, procRoot: proc.root.path).sample(at: t0)
        #expect(sample.watchedFiguresAreUnknown)
    }

    @Test func changingTheWatchedPIDResetsItsBaseline() throws {
        let proc = try FakeProc()
        try proc.process("self", pid: 10, ticks: 1)
        try proc.process("4242", pid: 4242, ticks: 500)
        try proc.process("5151", pid: 5151, ticks: 800)
        let sampler = ResourceSampler(watchedPID: 4242, procRoot: proc.root.path, clockTicksPerSecond: 100)
        _ = sampler.sample(at: t0)

        sampler.setWatchedPID(5151)
        #expect(sampler.watchedPID == 5151)
        let switched = sampler.sample(at: t0.adding(seconds: 1))
        #expect(switched.watchedPID == 5151)
        #expect(switched.watchedCPUPercent == nil)
        #expect(switched.watchedThreads == 4)

        sampler.setWatchedPID(5151)
        #expect(sampler.sample(at: t0.adding(seconds: 2)).watchedCPUPercent == nil, "same pid set again: reset too")

        sampler.setWatchedPID(nil)
        let unwatched = sampler.sample(at: t0.adding(seconds: 3))
        #expect(unwatched.watchedPID == nil)
        #expect(unwatched.watchedFiguresAreUnknown)
    }

    @Test func samplesRoundTripThroughJSON() throws {
        let sample = ResourceSample(
            timestamp: t0, cpuPercent: 12.5, residentBytes: 1 << 30, memoryPercent: 4.2, openFileDescriptors: 17,
            threads: 8, watchedPID: 99)
        let decoded = try JSONDecoder().decode(ResourceSample.self, from: JSONEncoder().encode(sample))
        #expect(decoded == sample)
    }
}
