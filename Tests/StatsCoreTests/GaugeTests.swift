import StatsCore
import StatsTestSupport
import Testing

@Suite("Gauge, PeakGauge and MinMaxTracker")
struct GaugeTests {
    @Test("a gauge is set and added to")
    func gauge() {
        let gauge = Gauge(5)
        gauge.add(-7)
        #expect(gauge.load() == -2)
        gauge.set(40)
        #expect(gauge.add(2) == 42)
    }

    @Test("concurrent adds are conserved")
    func gaugeConcurrent() {
        let gauge = Gauge()
        runOnThreads(2) { index in
            for _ in 0..<1_000_000 { gauge.add(index == 0 ? 3 : -1) }
        }
        #expect(gauge.load() == 2_000_000)
    }

    @Test("a peak gauge keeps its high-water mark until reset")
    func peak() {
        let depth = PeakGauge()
        depth.add(3)
        depth.add(4)
        depth.add(-6)
        #expect(depth.load() == .init(current: 1, peak: 7))
        depth.set(2)
        #expect(depth.load() == .init(current: 2, peak: 7))
        depth.resetPeak()
        #expect(depth.load() == .init(current: 2, peak: 2))
    }

    @Test("the peak under two threads is at least the highest value either saw")
    func peakConcurrent() {
        let connections = PeakGauge()
        runOnThreads(2) { _ in
            for _ in 0..<100_000 {
                connections.add(1)
                connections.add(-1)
            }
        }
        let reading = connections.load()
        #expect(reading.current == 0)
        #expect(reading.peak >= 1 && reading.peak <= 2)
    }

    @Test("min/max track extremes, including negatives, and ignore NaN")
    func minMax() {
        let tracker = MinMaxTracker()
        #expect(tracker.load() == nil)
        for value in [3.5, -2.0, 0, 1e300, .nan, 7] { tracker.record(value) }
        #expect(tracker.load() == .init(minimum: -2, maximum: 1e300))
        #expect(tracker.ignoredNaNs == 1)
    }

    @Test("min/max from two threads see every extreme")
    func minMaxConcurrent() {
        let tracker = MinMaxTracker()
        runOnThreads(2) { index in
            for step in 0..<200_000 {
                tracker.record(Double(index == 0 ? step : -step))
            }
        }
        #expect(tracker.load() == .init(minimum: -199_999, maximum: 199_999))
    }
}
