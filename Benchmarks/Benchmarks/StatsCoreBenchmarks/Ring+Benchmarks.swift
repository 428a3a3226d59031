import Benchmark
import StatsCore
import Synchronization

/// A history sample the size of a resource snapshot (CPU, memory, fds, threads, time): 48 bytes.
struct RingSample: BitwiseCopyable, Sendable {
    var timestamp: Double
    var cpuPercent: Double?
    var residentBytes: UInt64
    var memoryPercent: Double
    var openFiles: Int32
    var threads: Int32
}

/// Starts `count` threads that copy the whole ring over and over until the benchmark's teardown.
func startRingReaders(_ count: Int, ring: SnapshotRing<RingSample>) {
    for _ in 0..<count {
        let stop = StopFlag()
        BackgroundThreads.onStop { stop.value.store(true, ordering: .releasing) }
        BackgroundThreads.start {
            var buffer: [RingSample] = []
            buffer.reserveCapacity(ring.capacity)
            while !stop.value.load(ordering: .acquiring) {
                ring.all(into: &buffer)
            }
        }
    }
}

final class StopFlag: Sendable {
    let value = Atomic<Bool>(false)
}

func registerRingBenchmarks() {
    for readers in [0, 1, 2] {
        Benchmark("Ring.append.\(readers)readers") { (benchmark: Benchmark, ring: SnapshotRing<RingSample>) in
            var sample = RingSample(
                timestamp: 0, cpuPercent: 12.5, residentBytes: 1 << 30, memoryPercent: 3.1, openFiles: 42, threads: 8)
            measurePerOperation(benchmark, operations: benchmark.scaledIterations.count) {
                for index in benchmark.scaledIterations {
                    sample.timestamp = Double(index)
                    ring.append(sample)
                }
            }
        } setup: {
            let ring = SnapshotRing<RingSample>(capacity: 360)
            startRingReaders(readers, ring: ring)
            return ring
        } teardown: {
            BackgroundThreads.stopAll()
        }
    }
}
