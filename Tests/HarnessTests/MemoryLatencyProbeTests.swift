import Testing

@testable import Harness

@Suite("Memory latency probe: one random cycle through every line, chased")
struct MemoryLatencyProbeTests {
    @Test("the successors form one cycle through every line, for any size and seed; seeds give other cycles")
    func oneCycle() {
        for lines in [2, 3, 17, 1024, 100_003] {
            for seed: UInt64 in [1, 42] {
                let successors = MemoryLatencyProbe.cycle(lines: lines, seed: seed)
                #expect(successors.count == lines)
                var seen = [Bool](repeating: false, count: lines)
                var line = 0
                var steps = 0
                repeat {
                    #expect(!seen[line], "line \(line) reached twice (\(lines) lines, seed \(seed))")
                    seen[line] = true
                    line = Int(successors[line])
                    steps += 1
                } while line != 0 && steps <= lines
                #expect(steps == lines && seen.allSatisfy { $0 }, "\(lines) lines, seed \(seed): \(steps) steps")
            }
        }
        #expect(MemoryLatencyProbe.cycle(lines: 1024, seed: 1) != MemoryLatencyProbe.cycle(lines: 1024, seed: 2))
    }

    @Test("the chase follows the cycle written into the buffer: it ends where the successors lead, at a finite time")
    func chase() {
        let bytes = 256 << 10
        let loads = 10_007
        let seed: UInt64 = 7
        let reading = MemoryLatencyProbe.measure(bytes: bytes, loads: loads, seed: seed)
        let successors = MemoryLatencyProbe.cycle(lines: bytes / MemoryLatencyProbe.lineBytes, seed: seed)
        var line = 0
        for _ in 0..<loads { line = Int(successors[line]) }
        #expect(reading.lastLine == line)
        #expect(reading.nanosecondsPerLoad > 0 && reading.nanosecondsPerLoad.isFinite)
    }
}
