import Foundation
import StatsExport
import Testing

@testable import Harness

/// The capacity table and targets from a hand-made sweep.json (Fixtures/sweep/capacity.json): three client counts
/// with constant bytes per client, constant overhead, a linear stats-file write and a constant scrape.
@Suite struct CapacityTableTests {
    static func fixture() throws -> SweepDocument {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/sweep/capacity.json")
        var document = try JSONNumbers.decoder().decode(SweepDocument.self, from: Data(contentsOf: url))
        SweepAnalysis.update(&document)
        return document
    }

    static func row(_ document: SweepDocument, _ prefix: String) throws -> CapacityRow {
        try #require(document.capacity.first { $0.question.hasPrefix(prefix) })
    }

    @Test func clientsPerGiBFollowTheBytesPerClient() throws {
        let document = try Self.fixture()
        // Bytes per client 500, 500, 500: the largest n with n × 500 ≤ 2³⁰.
        let row = try Self.row(document, "clients per")
        #expect(row.value == (1_073_741_824.0 / 500).rounded(.down))
        #expect(row.extrapolated)  // beyond the swept 1 k … 100 k
    }

    @Test func eventsPerCoreFollowTheOverhead() throws {
        let document = try Self.fixture()
        // Overhead 40 ns at every size: budget × 10⁹ / 40.
        for (fraction, prefix) in [
            (0.01, "events/s one core absorbs at 1.00 %"), (0.05, "events/s one core absorbs at 5.00 %"),
        ] {
            let row = try Self.row(document, prefix)
            let value = try #require(row.value)
            #expect(abs(value - fraction * 1e9 / 40) < 1e-6 * value)
        }
    }

    @Test func statsFileLimitSolvesTheLinearFit() throws {
        let document = try Self.fixture()
        // Stats-file write 1 ms + 1 µs per client: exceeds 100 ms at n = (100 ms − 1 ms) / 1 µs = 99 000.
        let row = try Self.row(document, "clients at which a stats-file write")
        let value = try #require(row.value)
        #expect(abs(value - 99_000) <= 1)
        #expect(!row.extrapolated)
        let scrape = try Self.row(document, "clients at which a scrape /metrics (per-client series off)")
        #expect(scrape.value == nil)  // constant 2 ms: never
    }

    @Test func budgetsAddAndReplaceRows() throws {
        var document = try Self.fixture()
        try document.budgets.apply("cpu=2%,memory=512MiB,scrape=50ms")
        SweepAnalysis.update(&document)
        let memory = try Self.row(document, "clients per 512.0 MiB")
        #expect(memory.value == (536_870_912.0 / 500).rounded(.down))
        let cpu = try Self.row(document, "events/s one core absorbs at 2.00 %")
        #expect(abs((cpu.value ?? 0) - 0.02 * 1e9 / 40) < 1)
        let file = try Self.row(document, "clients at which a stats-file write exceeds 50.0 ms")
        #expect(abs((file.value ?? 0) - 49_000) <= 1)
    }

    @Test func badBudgetsAreLocated() throws {
        var budgets = SweepBudgets()
        #expect(throws: SweepPlanError.self) { try budgets.apply("cpu=200%") }
        #expect(throws: SweepPlanError.self) { try budgets.apply("disk=1GiB") }
        #expect(throws: SweepPlanError.self) { try budgets.apply("memory=lots") }
        // Beyond any machine, or any scrape worth planning for: refused, naming the value as given.
        for (item, message) in [
            ("memory=1e30GiB", "at most 1048576GiB (1 PiB), got 1e30GiB"), ("scrape=2h", "at most 1h, got 2h"),
        ] {
            #expect(throws: SweepPlanError.self) { try budgets.apply(item) }
            do {
                try budgets.apply(item)
            } catch {
                #expect(error.description.contains(message), "\(error)")
            }
        }
        try budgets.apply("memory=1048576GiB,scrape=1h")
        #expect(budgets.memoryBytes == 0x1p50 && budgets.coldPathSeconds == 3600)
        do {
            try budgets.apply("scrape=fast")
            Issue.record("scrape=fast was accepted")
        } catch {
            #expect(error.description.contains("scrape=fast"))
        }
    }

    @Test func targetsFollowTheFigures() throws {
        let document = try Self.fixture()
        let met = Dictionary(uniqueKeysWithValues: document.targets.map { ($0.target, $0.met) })
        // 500 B per client at 100 k: over the 384 B a client may cost at scale.
        #expect(met["bytes per client ≤ 384 at the largest client count (100 k or more)"] == false)
        #expect(met["scrape of /metrics (per-client series off) constant in the number of clients"] == true)
        #expect(met["1 M clients in < 1 GiB"] == true)  // 500 MB
        #expect(met["overhead per event at the largest client count within 2× of the smallest"] == true)
        let flagged = document.fits.filter(\.flagged).map(\.figure)
        #expect(flagged.isEmpty, "flagged \(flagged)")
    }

    @Test("a sweep with points still to run (or interrupted) judges no target; its fits and capacity stay")
    func partialSweepJudgesNoTarget() throws {
        var document = try Self.fixture()
        document.points.removeLast()  // 1 k and 10 k ran; 100 k did not
        SweepAnalysis.update(&document)
        #expect(document.targets.count == 4)
        #expect(document.targets.allSatisfy { $0.met == nil })
        #expect(document.targets.allSatisfy { $0.detail.contains("2 of 3 points have run") })
        #expect(!document.passed)
        #expect(!document.fits.isEmpty)  // what ran is still fitted and shown
        var first = try Self.fixture()
        first.points.removeLast(2)  // one point: no fit, so no capacity answer yet
        SweepAnalysis.update(&first)
        let memory = try Self.row(first, "clients per")
        #expect(memory.value == nil && memory.note == "not computed yet (1 of 3 points have run)", "\(memory.note)")
        var whole = try Self.fixture()
        SweepAnalysis.update(&whole)
        #expect(whole.targets.contains { $0.met != nil })
    }

    /// The fixture with its scrape figure at each point replaced by `scrape(n)`, analysed again.
    static func withScrape(_ scrape: (Double) -> Double) throws -> SweepDocument {
        var document = try fixture()
        for index in document.points.indices {
            let n = document.points[index].point.values[0]
            document.points[index].figures[SweepFigure.scrape.rawValue] = scrape(n)
        }
        SweepAnalysis.update(&document)
        return document
    }

    @Test("the scrape target: met when the scrape falls with the population, missed and flagged when it grows")
    func scrapeTargetFollowsTheDirection() throws {
        let target = "scrape of /metrics (per-client series off) constant in the number of clients"
        let falling = try Self.withScrape { n in 400_000 - n }  // 399 µs at 1 k down to 300 µs at 100 k
        #expect(falling.targets.first { $0.target == target }?.met == true)
        let growing = try Self.withScrape { n in 200 * n }  // linear: 0.2 ms at 1 k, 20 ms at 100 k
        #expect(growing.targets.first { $0.target == target }?.met == false)
        #expect(growing.fits.contains { $0.figure == SweepFigure.scrape.rawValue && $0.flagged })
    }

    @Test("scrape within the noise at small populations (30 µs → 36 µs over tenfold clients) meets the target")
    func scrapeNoiseMeetsTheTarget() throws {
        let target = "scrape of /metrics (per-client series off) constant in the number of clients"
        // 30 µs at 1 k, 33 µs at 10 k, 36 µs at 100 k: a slope of 0.08, within the 0.15 allowance.
        let noisy = try Self.withScrape { n in 30_000 * pow(n / 1_000, 0.08) }
        let outcome = try #require(noisy.targets.first { $0.target == target })
        #expect(outcome.met == true, "\(outcome.detail)")
        #expect(outcome.detail.contains("within the noise allowance"), "\(outcome.detail)")
        #expect(!noisy.fits.contains { $0.figure == SweepFigure.scrape.rawValue && $0.flagged })
    }

    @Test("a scrape that rises within the timing noise (150, 200, 280 µs) is not flagged and sets no limit")
    func timedFigureWithinTheNoise() throws {
        let target = "scrape of /metrics (per-client series off) constant in the number of clients"
        // A steady rise a growth model fits (not constant), but 1.87× from 1 k to 100 k clients: within 2×.
        let noisy = try Self.withScrape { n in n < 5_000 ? 150_000 : n < 50_000 ? 200_000 : 280_000 }
        let fit = try #require(noisy.fits.first { $0.figure == SweepFigure.scrape.rawValue })
        #expect(fit.chosen.model != .constant, "chose \(fit.chosen.model)")
        #expect(fit.withinNoise == true && fit.summary.contains("within the noise"), "\(fit.summary)")
        #expect(!fit.flagged)
        #expect(noisy.targets.first { $0.target == target }?.met == true)
        let row = try Self.row(noisy, "clients at which a scrape /metrics (per-client series off)")
        #expect(row.value == nil)
        #expect(row.note.hasPrefix("no growth beyond the noise"), "\(row.note)")
    }

    @Test("overheads below the noise at every size are not fitted; the CPU rows give a lower bound")
    func overheadsBelowTheNoiseAreNotFitted() throws {
        var document = try Self.fixture()
        for index in document.points.indices {
            document.points[index].figures[SweepFigure.overhead.rawValue] = Double(10 + 10 * index)
            document.points[index].overheadInterval95 = 45
        }
        SweepAnalysis.update(&document)
        #expect(!document.fits.contains { $0.figure == SweepFigure.overhead.rawValue })
        let row = try Self.row(document, "events/s one core absorbs at 1.00 %")
        #expect(row.atLeast == true)
        #expect(abs((row.value ?? 0) - 0.01 * 1e9 / 75) < 1)  // 30 + 45 ns at the largest size
    }

    @Test("the CPU rows of an overhead below the noise at the largest size answer 'at least', from its upper end")
    func cpuRowsOfAnOverheadBelowTheNoise() throws {
        var document = try Self.fixture()
        let last = document.points.count - 1
        document.points[last].figures[SweepFigure.overhead.rawValue] = 3
        document.points[last].overheadInterval95 = 7
        SweepAnalysis.update(&document)
        let row = try Self.row(document, "events/s one core absorbs at 1.00 %")
        let value = try #require(row.value)
        #expect(abs(value - 0.01 * 1e9 / 10) < 1e-6 * value)  // budget × 10⁹ / (3 + 7) ns
        #expect(row.atLeast == true && row.note.contains("below the noise"), "\(row.note)")
        #expect(SweepFormat.capacity(row).hasPrefix("≥ "))
        #expect(try Self.row(Self.fixture(), "events/s one core absorbs at 1.00 %").atLeast == nil)
    }

    @Test("a point's overhead whose interval reaches 0 is 'below the noise', never a cost")
    func overheadBelowTheNoise() throws {
        var point = try #require(try Self.fixture().points.first)
        point.figures[SweepFigure.overhead.rawValue] = 170.7
        point.overheadInterval95 = 400.8
        #expect(SweepFormat.overhead(point) == "below the noise (±400.8 ns)")
        point.overheadInterval95 = 14.7
        #expect(SweepFormat.overhead(point) == "170.7 ns ± 14.7 ns")
        point.figures[SweepFigure.overhead.rawValue] = nil
        #expect(SweepFormat.overhead(point) == "—")
    }

    @Test("a count held as a Double is written whatever its value: rounded, capped beyond Int64, — when not finite")
    func countsOfAnySize() {
        #expect(Formatting.count(1_234_567.6) == "1,234,568")
        #expect(Formatting.count(-2_500.0) == "-2,500")
        #expect(Formatting.count(1e300) == "≥ 9,000,000,000,000,000,000")
        #expect(Formatting.count(-1e300) == "≤ -9,000,000,000,000,000,000")
        #expect(Formatting.count(Double.nan) == "—" && Formatting.count(Double.infinity) == "—")
        let row = CapacityRow(question: "q", value: 1e40, unit: "clients", extrapolated: true, note: "")
        #expect(SweepFormat.capacity(row) == "≥ 9,000,000,000,000,000,000 clients")
    }
}
