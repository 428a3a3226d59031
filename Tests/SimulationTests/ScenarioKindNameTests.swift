import Simulation
import Testing

/// The kinds' names are their spelling in scenario files and result.json: each maps to one kind and back.
@Suite("Scenario kind names")
struct ScenarioKindNameTests {
    @Test("sink, measurement and fault names as scenario files spell them, each back to its kind")
    func spellings() {
        #expect(
            SinkKind.all.map(\.name)
                == ["none", "statsbench", "seed-naive", "swift-prometheus", "hdrhistogram", "calibrated"])
        #expect(MeasurementKind.all.map(\.name) == ["overhead", "accuracy", "ring", "memory", "conservation"])
        #expect(
            FaultKind.all.map(\.name) == ["process-dies", "stats-directory-unwritable", "corrupt-persistence"])
        for kind in SinkKind.all { #expect(SinkKind(name: kind.name) == kind) }
        for kind in MeasurementKind.all { #expect(MeasurementKind(name: kind.name) == kind) }
        for kind in FaultKind.all { #expect(FaultKind(name: kind.name) == kind) }
        #expect(FaultKind.all.filter(\.happensAtStart) == [.corruptPersistence])
    }

    @Test("an unknown or differently cased name is no kind", arguments: ["", "Statsbench", "seed_naive", "all"])
    func unknown(name: String) {
        #expect(SinkKind(name: name) == nil)
        #expect(MeasurementKind(name: name) == nil)
        #expect(FaultKind(name: name) == nil)
    }

    @Test("every threshold path parses to its measurement and statistic, and prints back")
    func thresholdPaths() throws {
        #expect(ThresholdMetric.allPaths.count == 20)
        for path in ThresholdMetric.allPaths {
            let metric = try #require(ThresholdMetric(path: path))
            #expect(metric.path == path)
            #expect(metric.measurement.name + "." + metric.statistic.name == path)
        }
        #expect(ThresholdMetric(path: "ring.p99") == nil, "a statistic another measurement offers")
        #expect(ThresholdMetric(path: "overhead.torn") == nil)
        #expect(ThresholdStatistic(name: "p999")?.quantile == 0.999)
        #expect(ThresholdStatistic(name: "max")?.quantile == 1)
        #expect(ThresholdStatistic.torn.quantile == nil)
    }
}
