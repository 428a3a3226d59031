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

    struct Counts: Codable, Equatable {
        struct Row: Codable, Equatable {
            var name: String
            var calls: UInt64
            var share: UInt32?
        }
        var events: UInt64
        var rows: [Row]
        var seconds: Double
        var offset: Int
    }

    @Test(
        "a number that does not fit its field is refused at the field's path, not as invalid JSON",
        arguments: [
            (#""events": -5"#, "events: -5 is not a whole number from 0 to 18446744073709551615"),
            (#""events": 1.5"#, "events: 1.5 is not a whole number from 0 to 18446744073709551615"),
            (#""events": 1e30"#, "events: 1e30 is not a whole number from 0 to 18446744073709551615"),
            (#""offset": 9223372036854775808"#, "offset: 9223372036854775808 is not a whole number from "),
            (
                #""rows": [{"name": "a", "calls": 1}, {"name": "b", "calls": 2, "share": 5000000000}]"#,
                "rows[1].share: 5000000000 is not a whole number from 0 to 4294967295"
            ),
            (#""rows": [{"name": "a", "calls": -1}]"#, "rows[0].calls: -1 is not a whole number"),
        ])
    func numberOutOfRange(field: String, message: String) throws {
        var members = [#""events": 1"#, #""rows": []"#, #""seconds": 0.5"#, #""offset": -2"#]
        let name = field.prefix { $0 != ":" }
        members.removeAll { $0.hasPrefix(name) }
        let data = Data(("{" + (members + [field]).joined(separator: ", ") + "}").utf8)
        do {
            let decoded = try JSONNumbers.decode(Counts.self, from: data)
            Issue.record("decoded \(decoded)")
        } catch {
            #expect(JSONNumbers.describe(error).hasPrefix(message), "\(JSONNumbers.describe(error))")
        }
    }

    @Test("what Foundation reads is read the same (whole numbers as 5.0 or 5e0, non-finite strings, escapes)")
    func sameReading() throws {
        let text =
            #"{"events": 5.0, "rows": [{"name": "\u00e9\ud83d\ude00\n\"", "calls": 5e0}], "#
            + #""seconds": "-Inf", "offset": -0}"#
        let decoded = try JSONNumbers.decode(Counts.self, from: Data(text.utf8))
        #expect(decoded.events == 5 && decoded.rows == [.init(name: "é😀\n\"", calls: 5, share: nil)])
        #expect(decoded.seconds == -.infinity && decoded.offset == 0)
    }

    @Test("text that is not JSON, a missing field and a wrong type keep their own messages")
    func otherRefusals() {
        func message(_ text: String) -> String {
            do {
                _ = try JSONNumbers.decode(Counts.self, from: Data(text.utf8))
                return "decoded"
            } catch {
                return JSONNumbers.describe(error)
            }
        }
        #expect(message(#"{"events": -5, "rows": [}"#).hasPrefix("the top level: "))
        #expect(message(#"{"events": 1, "rows": [], "seconds": 1}"#) == "missing field 'offset'")
        #expect(
            message(#"{"events": 1, "rows": [{"name": 3, "calls": 1}], "seconds": 1, "offset": 0}"#)
                .hasPrefix("rows[0].name: "))
    }
}
