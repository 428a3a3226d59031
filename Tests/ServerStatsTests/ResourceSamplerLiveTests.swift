import Foundation
import ServerStats
import Testing

/// The sampler against the real `/proc`: this process, a real child process, and a pid that does not exist.
@Suite(.enabled(if: ResourceSampler.isSupported, "reads Linux /proc"))
struct ResourceSamplerLiveTests {
    @Test func thisProcessHasFiguresAndCPUFromTheSecondSampleOn() throws {
        let sampler = ResourceSampler()
        let first = sampler.sample(at: .wallClockNow())
        #expect(first.cpuPercent == nil, "the first sample only sets the CPU baseline")
        #expect((first.residentBytes ?? 0) > 0)
        #expect((first.threads ?? 0) >= 1)
        #expect((first.openFileDescriptors ?? 0) >= 1)
        let memory = try #require(first.memoryPercent)
        #expect(memory > 0 && memory <= 100)

        // Busy for longer than the minimum window (100 ms at 100 Hz): the second sample has a CPU figure.
        let window = Double(ResourceSampler.minimumCPUWindowTicks) / Double(ResourceSampler.systemClockTicksPerSecond)
        var spin = 0.0
        var index = 0
        while StatsTime.wallClockNow().seconds(since: first.timestamp) <= window {
            for step in 0..<10_000 { spin += Double(index + step).squareRoot() }
            index += 10_000
        }
        #expect(spin > 0)
        let second = sampler.sample(at: .wallClockNow())
        #expect(second.cpuPercent.map { $0 >= 0 } == true)
    }

    @Test func aWatchedChildProcessHasFiguresUntilItIsKilled() throws {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/sleep")
        child.arguments = ["30"]
        try child.run()
        defer { Self.kill(child) }
        let sampler = ResourceSampler(watchedPID: child.processIdentifier)

        let start = StatsTime.wallClockNow()
        let running = sampler.sample(at: start)
        #expect(running.watchedPID == child.processIdentifier)
        #expect(running.watchedCPUPercent == nil)
        #expect((running.watchedResidentBytes ?? 0) > 0)
        #expect(running.watchedMemoryPercent != nil)
        #expect((running.watchedThreads ?? 0) >= 1)
        #expect(running.watchedOpenFileDescriptors != nil)
        // Stamped a second later, past the shortest CPU window: a figure (a sleeping child's, about 0).
        #expect(sampler.sample(at: start.adding(seconds: 1)).watchedCPUPercent != nil)

        Self.kill(child)
        let killed = sampler.sample(at: start.adding(seconds: 2))
        #expect(killed.watchedPID == child.processIdentifier)
        #expect(killed.watchedFiguresAreUnknown)
        #expect(killed.residentBytes != nil, "this process is still sampled")
    }

    /// Kills `child` and reaps it.
    ///
    /// `Process.terminate()` sends SIGTERM, but a child started from a Swift concurrency thread inherits that
    /// thread's blocked signal mask (SIGTERM included) and would sleep on for 30 s; SIGKILL cannot be blocked.
    static func kill(_ child: Process) {
        guard child.isRunning else { return }
        _ = Foundation.kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
    }

    @Test(arguments: [Int32.max, -1, 0])
    func aPIDThatNeverExistedGivesNils(pid: Int32) {
        let sampler = ResourceSampler(watchedPID: pid)
        #expect(sampler.sample(at: .wallClockNow()).watchedFiguresAreUnknown)
        #expect(sampler.sample(at: .wallClockNow()).watchedFiguresAreUnknown)
    }
}
