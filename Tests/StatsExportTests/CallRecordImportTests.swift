import Foundation
import ServerStats
import StatsCore
import StatsExport
import Testing

@Suite("Import of a plain array of call records")
struct CallRecordImportTests {
    let store = { (path: String) in PersistenceStore(path: path, clock: { t(1_735_787_045) }) }

    @Test("a plain JSON array of call records is imported into the ledger, not moved aside")
    func importsTheArray() throws {
        let records = """
              [
              {"model": "m-large", "input_tokens": 1000, "output_tokens": 500, "cache_hit": true,
               "actual_cost": 0.25, "would_be_cost": 52.5, "savings": 52.25},
              {"model": "m-small", "input_tokens": 7, "output_tokens": 3, "cache_hit": false,
               "actual_cost": 0.000001, "would_be_cost": 0.000001, "savings": 0.0},
              {"model": "m-large", "input_tokens": 1, "output_tokens": 2, "cache_hit": false,
               "actual_cost": 1.5, "would_be_cost": 1.5, "savings": 0}
            ]
            """
        try withTemporaryDirectory { directory in
            let path = directory + "/calls.json"
            try writeText(records, to: path)
            let result = store(path).load()
            #expect(result.outcome == .loaded(migratedFrom: 0))
            #expect(!result.startsEmpty && result.state.restartCount == 0)
            #expect(listing(directory) == ["calls.json"], "nothing moved aside")
            let ledger = result.state.ledger
            #expect(ledger.models.map(\.model) == ["m-large", "m-small"])
            #expect(
                ledger.figures(forModel: "m-large")
                    == CallFigures(
                        calls: 2, cacheHits: 1, inputTokens: 1001, outputTokens: 502,
                        actualCost: Cost(microUnits: 1_750_000), wouldBeCost: Cost(microUnits: 54_000_000)))
            #expect(ledger.totals.calls == 3 && ledger.totals.actualCost == Cost(microUnits: 1_750_001))
            // The next save writes the current schema, which loads without migration.
            try store(path).save(result.state)
            #expect(store(path).load().outcome == .loaded(migratedFrom: nil))
        }
    }

    @Test("an empty array imports as an empty ledger")
    func emptyArray() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/calls.json"
            try writeText(" \n[]", to: path)
            let result = store(path).load()
            #expect(result.outcome == .loaded(migratedFrom: 0))
            #expect(result.state.ledger.models.isEmpty)
        }
    }

    @Test(
        "records whose sums exceed the ledger's range, or with a negative cost, are damaged: moved aside naming the record and field, never imported with wrapped sums nor rewritten",
        arguments: overflowingOrNegativeRecords)
    func overflowingOrNegative(content: String, reason expected: String) throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/calls.json"
            try writeText(content, to: path)
            let store = store(path)
            let result = store.load()
            guard case .movedAside(let reason, let movedTo) = result.outcome else {
                Issue.record("expected moved aside, got \(result.outcome)")
                return
            }
            #expect(reason.contains("cannot import the array of call records: " + expected), "\(reason)")
            #expect(result.startsEmpty && result.state == .empty)
            try store.save(result.state)
            #expect(try String(contentsOfFile: movedTo, encoding: .utf8) == content, "kept as it was")
            #expect(store.load().state.ledger.models.isEmpty)
        }
    }

    @Test("records whose sums reach the largest count exactly are imported")
    func largestSums() throws {
        let content =
            "[" + record(input: "18446744073709551614", actual: "0.5", wouldBe: "1") + ","
            + record("other", input: "1", actual: "0", wouldBe: "0") + "]"
        try withTemporaryDirectory { directory in
            let path = directory + "/calls.json"
            try writeText(content, to: path)
            let result = store(path).load()
            #expect(result.outcome == .loaded(migratedFrom: 0))
            #expect(result.state.ledger.totals.inputTokens == .max)
            #expect(result.state.ledger.totals.actualCost == Cost(microUnits: 500_000))
        }
    }

    @Test(
        "an array whose records are not call records is damaged: moved aside, naming the problem",
        arguments: [
            #"[{"model": "m", "input_tokens": -1, "output_tokens": 0, "cache_hit": false, "actual_cost": 0, "would_be_cost": 0}]"#,
            #"[{"model": "  ", "input_tokens": 1, "output_tokens": 0, "cache_hit": false, "actual_cost": 0, "would_be_cost": 0}]"#,
            #"[{"model": "m"}]"#, "[1, 2]", "[",
        ])
    func damagedArray(content: String) throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/calls.json"
            try writeText(content, to: path)
            let result = store(path).load()
            guard case .movedAside(let reason, _) = result.outcome else {
                Issue.record("expected moved aside, got \(result.outcome)")
                return
            }
            #expect(reason.contains("array of call records"), "\(reason)")
            #expect(result.startsEmpty)
        }
    }
}

/// A call record of model `model` with the given tokens and dollar costs, as JSON.
private func record(
    _ model: String = "m", input: String = "1", output: String = "1", actual: String, wouldBe: String
) -> String {
    #"{"model":"\#(model)","input_tokens":\#(input),"output_tokens":\#(output),"cache_hit":false,"#
        + #""actual_cost":\#(actual),"would_be_cost":\#(wouldBe)}"#
}

/// Arrays of call records and the reason each is refused with, for
/// ``CallRecordImportTests/overflowingOrNegative(content:reason:)``.
private let overflowingOrNegativeRecords: [(String, String)] = [
    (
        // /work/hunt/repro/state-overflow.json: $9e12 twice, 2 × 9e18 micro-units, imported as -4.5e17.
        "[" + record(actual: "9000000000000.0", wouldBe: "9000000000000.0") + ","
            + record(actual: "9000000000000.0", wouldBe: "9000000000000.0") + "]",
        "calls[1].actual_cost: the sum over the records up to this one exceeds the largest cost "
            + "(9223372036854.775807 units, 9223372036854775807 micro-units) the ledger holds"
    ),
    (
        // Each model's sum fits; the ledger's totals over both would not.
        "[" + record("a", actual: "0", wouldBe: "5000000000000") + ","
            + record("b", actual: "0", wouldBe: "5000000000000") + "]",
        "calls[1].would_be_cost: the sum over the records up to this one exceeds the largest cost"
    ),
    (
        "[" + record(input: "18446744073709551615", actual: "0", wouldBe: "0") + ","
            + record(input: "18446744073709551615", actual: "0", wouldBe: "0") + "]",
        "calls[1].input_tokens: the sum over the records up to this one exceeds the largest count "
            + "(18446744073709551615)"
    ),
    (
        "[" + record(actual: "0", wouldBe: "0") + ","
            + record(output: "18446744073709551615", actual: "0", wouldBe: "0")
            + "]",
        "calls[1].output_tokens: the sum over the records up to this one exceeds the largest count"
    ),
    ("[" + record(actual: "-5.0", wouldBe: "1") + "]", "calls[0].actual_cost: -5.0 is negative"),
    (
        "[" + record(actual: "1", wouldBe: "1") + "," + record(actual: "0", wouldBe: "-0.000001") + "]",
        "calls[1].would_be_cost: -1e-06 is negative"
    ),
]
