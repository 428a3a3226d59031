import Foundation
import Simulation
import StatsExport
import Testing

@testable import Harness

/// A tiny real sweep: two points, very short runs, everything written.
@Suite struct SweepRunTests {
    static let yaml = """
        name: tiny-sweep
        seed: 5
        events: 20000
        workers: 1
        clients: {count: 10}
        requests:
          methods:
            - {name: get, latency: {lognormal: {median: 1ms, sigma: 0.5}}}
        arrival: {poisson: 100k/s}
        stats: {interval: 50ms, history-capacity: 10}
        sinks: [none, statsbench]
        measurements: [overhead, memory, conservation]
        """

    @Test func twoPointsAreWrittenWithTheirFits() throws {
        let file = try HarnessFixtures.temporaryFile(Self.yaml)
        let base = try Scenario.load(contentsOf: file)
        let plan = try SweepPlan(varying: ["clients=50,500"], base: base, oneAtATime: false)
        var options = RunOptions()
        options.pairs = 2
        options.primitiveOperations = 10_000
        let directory = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("sweep")
        let extra: ColdPathTimer.Extra = (.healthPage, { sink in _ = sink.pipeline.clientSnapshots() })
        let sweep = SweepRun(
            file: file, base: base, plan: plan, scenarios: try plan.scenarios(file: file, base: base),
            options: options, budgets: SweepBudgets(), directory: directory, arguments: ["test"],
            extraColdPaths: [extra])
        let returned = try SweepRunner.run(sweep, progress: ProgressReporter(quiet: true))

        let data = try Data(contentsOf: directory.appendingPathComponent("sweep.json"))
        let document = try JSONNumbers.decoder().decode(SweepDocument.self, from: data)
        #expect(document.schemaVersion == SweepDocument.currentSchemaVersion)
        #expect(document.points.count == 2)
        #expect(returned.points.count == 2)
        #expect(document.points.map(\.point.values) == [[50], [500]])
        for point in document.points {
            #expect(point.status != .failed, "\(point.error ?? "")")
            for figure in [SweepFigure.snapshot, .scrape, .scrapePerClient, .statsFile, .windowQuery, .healthPage] {
                let value = try #require(point.value(figure), "\(figure) missing")
                #expect(value > 0)
            }
            #expect(point.value(.generatorEventsPerSecond) != nil)
            #expect(point.value(.overhead) != nil)
            let run = try #require(point.runDirectory)
            let result = directory.appendingPathComponent(run).appendingPathComponent("result.json")
            #expect(FileManager.default.fileExists(atPath: result.path))
        }
        // Every figure measured at both points has a fit against clients.
        let fitted = Set(document.fits.filter { $0.parameter == .clients }.map(\.figure))
        #expect(fitted.isSuperset(of: [SweepFigure.snapshot.rawValue, SweepFigure.scrape.rawValue]))
        #expect(document.capacity.count >= 6)
        #expect(document.targets.count == 4)
        let report = try String(contentsOf: directory.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(report.contains("## Capacity"))
    }

    @Test("one at a time: a point with the values of an earlier one shares its run instead of running twice")
    func repeatedPointRunsOnce() throws {
        let file = try HarnessFixtures.temporaryFile(Self.yaml)
        let base = try Scenario.load(contentsOf: file)
        // The scenario has 10 clients and 1 worker: clients=10 and workers=1 are both the scenario's own point.
        let plan = try SweepPlan(varying: ["clients=10,50", "workers=1,2"], base: base, oneAtATime: true)
        #expect(plan.points.map(\.values) == [[10, 1], [50, 1], [10, 1], [10, 2]])
        var options = RunOptions()
        options.pairs = 2
        options.primitiveOperations = 10_000
        let directory = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("sweep")
        let sweep = SweepRun(
            file: file, base: base, plan: plan, scenarios: try plan.scenarios(file: file, base: base),
            options: options, budgets: SweepBudgets(), directory: directory, arguments: ["test"])
        let document = try SweepRunner.run(sweep, progress: ProgressReporter(quiet: true))
        #expect(document.points.count == 4)
        #expect(document.points.map(\.sameAs) == [nil, nil, 0, nil])
        #expect(document.points[2].point.index == 2 && document.points[2].point.varied == 1)
        #expect(document.points[2].runDirectory == document.points[0].runDirectory)
        #expect(document.points[2].figures == document.points[0].figures)
        let runs = try FileManager.default.contentsOfDirectory(
            atPath: directory.appendingPathComponent("points").path)
        #expect(runs.count == 3, "\(runs)")
        // The shared point still belongs to the workers slice, which is fitted.
        #expect(SweepAnalysis.slice(document, axis: 1).map(\.point.values) == [[10, 1], [10, 2]])
    }
}
