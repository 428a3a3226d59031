import Foundation
import Simulation
import StatsTestSupport
import Testing

/// jemalloc's per-thread "bytes allocated" counter, found at run time: SimulationTests cannot import CJemalloc,
/// but the test process links jemalloc through the other test targets, so `mallctl` is there to look up.
private struct ThreadAllocationCounter {
    private typealias Mallctl =
        @convention(c) (
            UnsafePointer<CChar>?, UnsafeMutableRawPointer?, UnsafeMutablePointer<Int>?, UnsafeMutableRawPointer?, Int
        ) -> Int32

    private let mallctl: Mallctl

    /// The counter, or `nil` when jemalloc is not this process's allocator (or keeps no statistics).
    static let current: ThreadAllocationCounter? = {
        guard let symbol = dlsym(nil, "mallctl") else { return nil }
        let counter = ThreadAllocationCounter(mallctl: unsafeBitCast(symbol, to: Mallctl.self))
        guard let before = counter.allocatedBytes() else { return nil }
        let array = [UInt64](repeating: 1, count: 1000)
        guard let after = counter.allocatedBytes(), after &- before >= 8000, array.count == 1000 else { return nil }
        return counter
    }()

    /// Bytes this thread has allocated so far.
    func allocatedBytes() -> UInt64? {
        var value: UInt64 = 0
        var size = MemoryLayout<UInt64>.size
        let status = withUnsafeMutablePointer(to: &value) { pointer in
            mallctl("thread.allocated", pointer, &size, nil, 0)
        }
        return status == 0 ? value : nil
    }

    /// Bytes this thread allocated while running `body`.
    func bytes(during body: () -> Void) -> UInt64 {
        let before = allocatedBytes() ?? 0
        body()
        return (allocatedBytes() ?? 0) &- before
    }
}

@Suite(
    "Generators never allocate (jemalloc per-thread counter)",
    .enabled(if: isOptimizedBuild, optimizedBuildsOnly),
    .enabled(if: ThreadAllocationCounter.current != nil, "jemalloc is not the allocator of this test process")
)
struct EventStreamAllocationTests {
    @Test("EventStream.next, Distribution.sample and ArrivalSchedule.next: 0 bytes over 100 000 calls")
    func zeroAllocations() throws {
        let counter = try #require(ThreadAllocationCounter.current)
        let configuration = EventStreamConfiguration(
            methods: [
                .init(
                    name: "get", weight: 3, latency: .lognormal(median: 0.002, sigma: 0.5),
                    requestBytes: .uniform(minimum: 10, maximum: 100), responseBytes: .pareto(minimum: 100, alpha: 1.5),
                    errorRate: 0.01),
                .init(
                    name: "put", weight: 1,
                    latency: .bimodal(
                        first: .exponential(mean: 0.001),
                        second: .bimodal(first: .constant(value: 1), second: .constant(value: 2), firstWeight: 0.5),
                        firstWeight: 0.9)),
            ],
            clients: 1000, arrival: .poisson(ratePerSecond: 1_000_000), seed: 3)
        var stream = try EventStream(configuration: configuration, worker: 1, workers: 2)
        var schedule = try ArrivalSchedule(
            .ramp(fromPerSecond: 0, toPerSecond: 1000, overSeconds: 10), random: RandomStream(seed: 1))
        let distribution = try Distribution(.lognormal(median: 1, sigma: 1), baseDirectory: nil)
        var random = RandomStream(seed: 4)
        var checksum: UInt64 = 0
        var sum = 0.0
        _ = stream.next()
        let bytes = counter.bytes {
            for _ in 0..<100_000 {
                checksum &+= stream.next().intendedStartNanoseconds
                checksum &+= schedule.next()
                sum += distribution.sample(using: &random)
            }
        }
        #expect(bytes == 0)
        #expect(checksum != 0 && sum > 0)
    }
}
