import Foundation
import ServerStats
import StatsCore
import StatsExport
import Testing

@Suite("JSONNumbers: the one rule for non-finite and missing numbers")
struct JSONNumbersTests {
    struct Figures: Codable, Equatable {
        var values: [Double]
        var missing: Double?
    }

    @Test("non-finite numbers are the strings +Inf, -Inf and NaN; missing ones null; reading gives them back")
    func roundTrip() throws {
        let figures = Figures(values: [1.5, .infinity, -.infinity, .nan, 0], missing: nil)
        let data = try JSONNumbers.encoder(formatting: [.sortedKeys]).encode(figures)
        #expect(String(decoding: data, as: UTF8.self) == #"{"values":[1.5,"+Inf","-Inf","NaN",0]}"#)
        let back = try JSONNumbers.decoder().decode(Figures.self, from: data)
        #expect(back.values[0] == 1.5 && back.values[1] == .infinity && back.values[2] == -.infinity)
        #expect(back.values[3].isNaN && back.values[4] == 0 && back.missing == nil)
    }

    @Test("a stats file with non-finite figures is written, and the watcher reads it back")
    func statsFileWithNonFiniteFigures() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("json-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let writer = try StatsFileWriter(directory: directory.path)
        let pipeline = try StatsPipeline(configuration: .init(methods: try MethodTable(["get"]), workerCapacity: 1))
        let intervals = IntervalAggregator(pipeline: pipeline)
        for (index, seconds) in [Double.nan, .infinity, -.infinity].enumerated() {
            var report = intervals.report(at: StatsTime(nanosecondsSinceEpoch: 1_000_000_000 * UInt64(index + 1)))
            report.intervalSeconds = seconds
            let path = try writer.writeOrThrow(report)
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let decoded = try JSONNumbers.decoder().decode(IntervalReport.self, from: data)
            #expect(decoded.intervalSeconds.isNaN == seconds.isNaN)
            if !seconds.isNaN { #expect(decoded.intervalSeconds == seconds) }
        }
        #expect(writer.failedWrites == 0)
    }

    @Test("a state file round-trips through the rule's coders")
    func stateFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("json-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = PersistenceStore(path: directory.appendingPathComponent("state.json").path)
        let state = PersistedState(ledger: CallLedgerSnapshot(models: []), restartCount: 3)
        try store.save(state)
        let loaded = store.load()
        #expect(loaded.state == state && !loaded.startsEmpty)
    }
}
