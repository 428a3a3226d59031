import Benchmark
import Foundation
import StatsCore
import Synchronization

/// The ring element `statsbench run`'s ring probe appends: four words derived from one sequence number (32 bytes),
/// built per append from the loop's index — the same element, the same capacity (60, the default scenario's
/// history) and the same loop shape as the probe, so the two instruments measure the same thing.
struct RingSample: BitwiseCopyable, Sendable, Equatable {
    var sequence: UInt64
    var product: UInt64
    var complement: UInt64
    var mixed: UInt64

    @inline(__always)
    init(_ sequence: UInt64) {
        self.sequence = sequence
        self.product = sequence &* 0x9E37_79B9_7F4A_7C15
        self.complement = ~sequence
        self.mixed = sequence ^ 0xD6E8_FEB8_6659_FD93
    }
}

/// Starts `count` threads that copy the whole ring until the benchmark's teardown (each copy timed and checked
/// for torn entries, as the ring probe's readers do): back to back when
/// `pause` is zero (the worst case: every line the writer dirties was just read by a reader), else once
/// every `pause` microseconds (still far more often than a sampler's readers, which copy a few times a second).
func startRingReaders(_ count: Int, ring: SnapshotRing<RingSample>, pause: UInt32) {
    for _ in 0..<count {
        let stop = StopFlag()
        BackgroundThreads.onStop { stop.value.store(true, ordering: .releasing) }
        BackgroundThreads.start {
            var buffer: [RingSample] = []
            buffer.reserveCapacity(ring.capacity)
            var torn = 0
            while !stop.value.load(ordering: .acquiring) {
                // What `statsbench run`'s ring probe's readers do per copy: time it and check every entry.
                let start = ContinuousClock.now
                ring.all(into: &buffer)
                blackHole(ContinuousClock.now - start)
                if !buffer.allSatisfy({ $0 == RingSample($0.sequence) }) { torn += 1 }
                if pause > 0 { usleep(pause) }
            }
            blackHole(torn)
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
            measurePerOperation(benchmark, operations: benchmark.scaledIterations.count) {
                for index in benchmark.scaledIterations { ring.append(RingSample(UInt64(index) &+ 1)) }
            }
        } setup: {
            let ring = SnapshotRing<RingSample>(capacity: 60)
            startRingReaders(readers, ring: ring, pause: pause)
            return ring
        } teardown: {
            BackgroundThreads.stopAll()
        }
    }
}
