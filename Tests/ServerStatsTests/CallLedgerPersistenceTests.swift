import Foundation
import ServerStats
import StatsCore
import Testing

@Suite("CallLedger snapshot persistence and restore")
struct CallLedgerPersistenceTests {
    /// A ledger with calls of "opus" and "sonnet" (and a registered, unused "haiku").
    private func recordedLedger() throws -> CallLedger {
        let registry = WorkerRegistry(capacity: 1)
        let ledger = CallLedger(registry: registry)
        let opus = try ledger.register(model: "opus")
        let sonnet = try ledger.register(model: "sonnet")
        _ = try ledger.register(model: "haiku")
        let me = registry.register()
        ledger.record(
            TestCall(model: opus, input: 1000, output: 500, hit: true, actual: 0, wouldBe: 52_500_000), worker: me)
        ledger.record(
            TestCall(model: sonnet, input: 2000, output: 1000, hit: false, actual: 10_500_000, wouldBe: 10_500_000),
            worker: me)
        ledger.record(TestCall(model: sonnet, input: 10, output: 10, hit: true, actual: 1, wouldBe: 3), worker: me)
        return ledger
    }

    private func roundTrip(_ snapshot: CallLedgerSnapshot) throws -> CallLedgerSnapshot {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try JSONDecoder().decode(CallLedgerSnapshot.self, from: encoder.encode(snapshot))
    }

    @Test("record, snapshot, JSON, restore into a fresh ledger, record more: totals = baseline + new, none twice")
    func restartContinuesTotals() throws {
        let saved = try recordedLedger().snapshot()
        let loaded = try roundTrip(saved)
        #expect(loaded == saved)

        // The restarted process registers its models in another order, and one the snapshot does not know.
        let registry = WorkerRegistry(capacity: 1)
        let restarted = CallLedger(registry: registry)
        let sonnet = try restarted.register(model: "sonnet")
        let gemini = try restarted.register(model: "gemini")
        try restarted.restore(from: loaded)
        #expect(restarted.registeredModels == ["sonnet", "gemini", "opus", "haiku"])
        #expect(restarted.snapshot().totals == saved.totals)

        let me = registry.register()
        let opus = try #require(restarted.model(named: "opus"))
        let newOpus = TestCall(model: opus, input: 7, output: 8, hit: false, actual: 900, wouldBe: 900)
        let newSonnet = TestCall(model: sonnet, input: 5, output: 6, hit: true, actual: 100, wouldBe: 1_000)
        let newGemini = TestCall(model: gemini, input: 1, output: 2, hit: false, actual: 40, wouldBe: 40)
        for call in [newOpus, newSonnet, newGemini] { restarted.record(call, worker: me) }

        // Restoring the same snapshot again replaces the baseline: it is still counted once.
        try restarted.restore(from: loaded)

        let after = restarted.snapshot()
        let opusNew = figures(calls: 1, hits: 0, input: 7, output: 8, actual: 900, wouldBe: 900)
        let sonnetNew = figures(calls: 1, hits: 1, input: 5, output: 6, actual: 100, wouldBe: 1_000)
        let geminiNew = figures(calls: 1, hits: 0, input: 1, output: 2, actual: 40, wouldBe: 40)
        #expect(after.figures(forModel: "opus") == saved.figures(forModel: "opus")! + opusNew)
        #expect(after.figures(forModel: "sonnet") == saved.figures(forModel: "sonnet")! + sonnetNew)
        #expect(after.figures(forModel: "gemini") == geminiNew)
        #expect(after.figures(forModel: "haiku") == .zero)
        #expect(after.totals == saved.totals + opusNew + sonnetNew + geminiNew)
        #expect(after.totals.calls == 6)
        // The baseline has no raw records and is not counted as dropped.
        #expect(restarted.recentCalls().count == 3)
        #expect(restarted.droppedRecords == 0)

        // A second generation: snapshot of a restored ledger restores to the same totals.
        let third = CallLedger(registry: WorkerRegistry(capacity: 1))
        try third.restore(from: try roundTrip(after))
        #expect(third.snapshot().totals == after.totals)
    }

    @Test("costs are JSON integers of micro-units and survive beyond 2^53 exactly")
    func exactCostsInJSON() throws {
        let registry = WorkerRegistry(capacity: 1)
        let ledger = CallLedger(registry: registry)
        let model = try ledger.register(model: "big")
        let huge: Int64 = 9_007_199_254_740_993  // 2^53 + 1: not representable as a Double
        ledger.record(
            TestCall(model: model, input: 1, output: 1, hit: true, actual: 7, wouldBe: huge),
            worker: registry.register())
        let snapshot = ledger.snapshot()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(snapshot), as: UTF8.self)
        #expect(text.contains("\"schemaVersion\":1"))
        #expect(text.contains("\"wouldBeCost\":9007199254740993"))
        #expect(text.contains("\"savings\":9007199254740986"))
        let decoded = try JSONDecoder().decode(CallLedgerSnapshot.self, from: Data(text.utf8))
        #expect(decoded.totals.wouldBeCost == Cost(microUnits: huge))
        #expect(decoded == snapshot)
    }

    /// A snapshot file with one model, whose fields can be damaged one at a time.
    private func snapshotJSON(
        version: Int = 1, names: [String] = ["opus"], savings: Int = 40, totalCalls: Int? = nil, hits: Int = 1
    ) -> Data {
        let models = names.map { name in
            """
            {"model":"\(name)","figures":{"calls":2,"cacheHits":\(hits),"inputTokens":3,"outputTokens":4,\
            "actualCost":10,"wouldBeCost":50,"savings":\(savings)}}
            """
        }
        let count = names.count
        return Data(
            """
            {"schemaVersion":\(version),"models":[\(models.joined(separator: ","))],
             "totals":{"calls":\(totalCalls ?? 2 * count),"cacheHits":\(hits * count),"inputTokens":\(3 * count),
                       "outputTokens":\(4 * count),"actualCost":\(10 * count),"wouldBeCost":\(50 * count),
                       "savings":\(savings * count)}}
            """.utf8)
    }

    @Test("a hand-written snapshot file restores; damaged ones are rejected with the ledger unchanged")
    func rejectsDamagedSnapshots() throws {
        let ledger = try recordedLedger()
        let before = ledger.snapshot()
        let decoder = JSONDecoder()
        let cases: [(Data, CallLedgerError)] = [
            (snapshotJSON(version: 2), .unsupportedSchemaVersion(found: 2, supported: 1)),
            (
                snapshotJSON(savings: 41),
                .inconsistentSnapshot(
                    reason: "model \"opus\": savings 0.000041 != wouldBeCost 0.000050 - actualCost 0.000010")
            ),
            (snapshotJSON(totalCalls: 3), .inconsistentSnapshot(reason: "")),
            (snapshotJSON(hits: 3), .inconsistentSnapshot(reason: "model \"opus\": cacheHits 3 > calls 2")),
            (snapshotJSON(names: ["opus", "opus"]), .inconsistentSnapshot(reason: "model \"opus\" appears twice")),
            (snapshotJSON(names: [" "]), .inconsistentSnapshot(reason: "models[0] has an empty name")),
        ]
        for (data, expected) in cases {
            let snapshot = try decoder.decode(CallLedgerSnapshot.self, from: data)
            let error = #expect(throws: CallLedgerError.self) { try ledger.restore(from: snapshot) }
            if case .inconsistentSnapshot(let reason) = expected, reason.isEmpty {
                guard case .inconsistentSnapshot(let actual) = error else {
                    Issue.record("expected inconsistentSnapshot, got \(String(describing: error))")
                    continue
                }
                #expect(actual.contains("totals"))
            } else {
                #expect(error == expected)
            }
            #expect(error?.description.contains("CallLedger.restore") == true)
            #expect(ledger.snapshot() == before)
        }
        #expect(ledger.registeredModels == ["opus", "sonnet", "haiku"])

        let good = try decoder.decode(CallLedgerSnapshot.self, from: snapshotJSON(names: ["opus", "mistral"]))
        let fresh = CallLedger(registry: WorkerRegistry(capacity: 1))
        try fresh.restore(from: good)
        #expect(fresh.snapshot() == good)
    }

    @Test("a valid snapshot with more models than free slots restores whole: the rest are kept, restored only")
    func restoreBeyondCapacity() throws {
        let ledger = CallLedger(registry: WorkerRegistry(capacity: 1), modelCapacity: 2)
        _ = try ledger.register(model: "local")
        let snapshot = try JSONDecoder().decode(CallLedgerSnapshot.self, from: snapshotJSON(names: ["a", "b"]))
        let restoredOnly = try ledger.restore(from: snapshot)
        #expect(restoredOnly == ["b"])
        #expect(ledger.registeredModels == ["local", "a"])
        // Nothing saved is lost: every saved model's figures are in the snapshot, and so in the next save.
        let after = ledger.snapshot()
        #expect(after.totals == snapshot.totals)
        for model in snapshot.models {
            #expect(after.models.first { $0.model == model.model }?.figures == model.figures)
        }
        // Restoring again counts nothing twice; a restored-only name cannot be registered again.
        try ledger.restore(from: snapshot)
        #expect(ledger.snapshot() == after)
        #expect(throws: CallLedgerError.duplicateModelName("b")) { try ledger.register(model: "b") }
    }

    @Test("65 saved models restore into the default 64-slot ledger, and a save after it holds all 65")
    func sixtyFiveModels() throws {
        let names = (0..<65).map { "model-\($0)" }
        let snapshot = try JSONDecoder().decode(CallLedgerSnapshot.self, from: snapshotJSON(names: names))
        let ledger = CallLedger(registry: WorkerRegistry(capacity: 1))
        #expect(try ledger.restore(from: snapshot) == ["model-64"])
        let saved = try roundTrip(ledger.snapshot())
        #expect(saved.models.map(\.model).sorted() == names.sorted())
        #expect(saved.totals == snapshot.totals)
    }
}
