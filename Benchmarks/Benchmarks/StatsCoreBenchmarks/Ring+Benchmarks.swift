import Benchmark
import Foundation
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

/// Starts `count` threads that copy the whole ring until the benchmark's teardown: back to back when
/// `pause` is zero (the worst case: every line the writer dirties was just read by a reader), else once
/// every `pause` microseconds (still far more often than a sampler's readers, which copy a few times a second).
func startRingReaders(_ count: Int, ring: SnapshotRing<RingSample>, pause: UInt32) {
    for _ in 0..<count {
        let stop = StopFlag()
        BackgroundThreads.onStop { stop.value.store(true, ordering: .releasing) }
        BackgroundThreads.start {
            var buffer: [RingSample] = []
            buffer.reserveCapacity(ring.capacity)
            while !stop.value.load(ordering: .acquiring) {
                ring.all(into: &buffer)
                if pause > 0 { usleep(pause) }
            }
        }
    }
}

final class StopFlag: Sendable {
    let value = Atomic<Bool>(false)
}

func registerRingBenchmarks() {
    let variants: [(name: String, readers: Int, pause: UInt32)] = [
        ("0readers", 0, 0), ("1readers", 1, 0), ("2readers", 2, 0), ("2readersEvery100us", 2, 100),
    ]
    for (name, readers, pause) in variants {
        Benchmark("Ring.append.\(name)") { (benchmark: Benchmark, ring: SnapshotRing<RingSample>) in
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
            startRingReaders(readers, ring: ring, pause: pause)
            return ring
        } teardown: {
            BackgroundThreads.stopAll()
        }
    }
}
