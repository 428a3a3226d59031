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
