import ServerStats
import StatsCore
import Testing

/// A call as the tests write it down: micro-unit costs as plain integers.
struct TestCall {
    var model: ModelID
    var input: UInt64
    var output: UInt64
    var hit: Bool
    var actual: Int64
    var wouldBe: Int64
    var time: UInt64 = 0
}

extension CallLedger {
    /// Records `call` for `worker`.
    func record(_ call: TestCall, worker: WorkerID) {
        recordCall(
            model: call.model, inputTokens: call.input, outputTokens: call.output, cacheHit: call.hit,
            actualCost: Cost(microUnits: call.actual), wouldBeCost: Cost(microUnits: call.wouldBe),
            at: StatsTime(nanosecondsSinceEpoch: call.time), worker: worker)
    }
}

/// Figures written with plain integers.
func figures(
    calls: UInt64, hits: UInt64, input: UInt64, output: UInt64, actual: Int64, wouldBe: Int64
) -> CallFigures {
    CallFigures(
        calls: calls, cacheHits: hits, inputTokens: input, outputTokens: output,
        actualCost: Cost(microUnits: actual), wouldBeCost: Cost(microUnits: wouldBe))
}

@Suite("CallLedger aggregates and registration")
struct CallLedgerAggregateTests {
    @Test("per-model aggregates and totals match a hand-computed example")
    func handComputed() throws {
        let registry = WorkerRegistry(capacity: 1)
        let ledger = CallLedger(registry: registry)
        let opus = try ledger.register(model: "claude-opus-4")
        let sonnet = try ledger.register(model: "claude-sonnet-4.5")
        _ = try ledger.register(model: "unused")
        let me = registry.register()
        ledger.record(
            TestCall(model: opus, input: 1000, output: 500, hit: true, actual: 0, wouldBe: 52_500_000), worker: me)
        ledger.record(
            TestCall(model: sonnet, input: 2000, output: 1000, hit: false, actual: 10_500_000, wouldBe: 10_500_000),
            worker: me)
        ledger.record(
            TestCall(model: opus, input: 300, output: 200, hit: false, actual: 7_500_000, wouldBe: 7_500_000),
            worker: me)
        ledger.record(
            TestCall(model: sonnet, input: 4000, output: 100, hit: true, actual: 1_200_000, wouldBe: 13_500_000),
            worker: me)

        let snapshot = ledger.snapshot()
        #expect(snapshot.schemaVersion == CallLedgerSnapshot.currentSchemaVersion)
        #expect(snapshot.models.map(\.model) == ["claude-opus-4", "claude-sonnet-4.5", "unused"])
        let opusFigures = figures(calls: 2, hits: 1, input: 1300, output: 700, actual: 7_500_000, wouldBe: 60_000_000)
        let sonnetFigures = figures(
            calls: 2, hits: 1, input: 6000, output: 1100, actual: 11_700_000, wouldBe: 24_000_000)
        #expect(snapshot.figures(forModel: "claude-opus-4") == opusFigures)
        #expect(snapshot.figures(forModel: "claude-sonnet-4.5") == sonnetFigures)
        #expect(snapshot.figures(forModel: "unused") == .zero)
        #expect(snapshot.figures(forModel: "never registered") == nil)
        #expect(opusFigures.savings == Cost(microUnits: 52_500_000))
        #expect(sonnetFigures.savings == Cost(microUnits: 12_300_000))
        #expect(
            snapshot.totals
                == figures(calls: 4, hits: 2, input: 7300, output: 1800, actual: 19_200_000, wouldBe: 84_000_000))
        #expect(snapshot.totals.savings == Cost(microUnits: 64_800_000))
        #expect(snapshot.totals.cacheHitRatio == 0.5)
        #expect(ledger.figures(for: opus) == opusFigures)
    }

    @Test("savings = would-be − actual, including negative savings (a cache write that costs more)")
    func savingsArithmetic() throws {
        let registry = WorkerRegistry(capacity: 1)
        let ledger = CallLedger(registry: registry)
        let haiku = try ledger.register(model: "haiku")
        let me = registry.register()
        ledger.record(
            TestCall(model: haiku, input: 10, output: 1, hit: false, actual: 1_250_000, wouldBe: 1_000_000), worker: me)
        ledger.record(
            TestCall(model: haiku, input: 10, output: 1, hit: true, actual: 100_000, wouldBe: 1_000_000), worker: me)
        let result = ledger.figures(for: haiku)
        #expect(result.actualCost == Cost(microUnits: 1_350_000))
        #expect(result.wouldBeCost == Cost(microUnits: 2_000_000))
        #expect(result.savings == Cost(microUnits: 650_000))
        #expect(result.savings == result.wouldBeCost - result.actualCost)
        let loss = figures(calls: 1, hits: 0, input: 0, output: 0, actual: 1_250_000, wouldBe: 1_000_000)
        #expect(loss.savings == Cost(microUnits: -250_000))
        #expect(loss.savings.description == "-0.250000")
        #expect(Cost(microUnits: 10_500_000).description == "10.500000")
    }

    @Test("an exclusive and the shared worker id sum into the same figures")
    func exclusiveAndSharedWorkers() throws {
        let registry = WorkerRegistry(capacity: 1)
        let ledger = CallLedger(registry: registry)
        let model = try ledger.register(model: "m")
        let exclusive = registry.register()
        let shared = registry.register()
        #expect(shared.isShared)
        for step in 0..<100 as Range<UInt64> {
            let call = TestCall(model: model, input: step, output: 2, hit: step % 4 == 0, actual: 3, wouldBe: 5)
            ledger.record(call, worker: step % 2 == 0 ? exclusive : shared)
        }
        #expect(
            ledger.snapshot().totals
                == figures(calls: 100, hits: 25, input: 4950, output: 200, actual: 300, wouldBe: 500))
    }

    @Test("registration rejects empty, blank and duplicate names and a full ledger, with messages saying what to do")
    func registrationErrors() throws {
        let ledger = CallLedger(registry: WorkerRegistry(capacity: 1), modelCapacity: 2)
        #expect(throws: CallLedgerError.emptyModelName) { try ledger.register(model: "") }
        #expect(throws: CallLedgerError.emptyModelName) { try ledger.registerIfNeeded(model: " \t") }
        let first = try ledger.register(model: "gpt")
        #expect(throws: CallLedgerError.duplicateModelName("gpt")) { try ledger.register(model: "gpt") }
        #expect(try ledger.registerIfNeeded(model: "gpt") == first)
        let second = try ledger.registerIfNeeded(model: "claude")
        #expect(second.index == 1 && first.index == 0)
        #expect(throws: CallLedgerError.modelCapacityExhausted(name: "gemini", capacity: 2)) {
            try ledger.register(model: "gemini")
        }
        #expect(ledger.registeredModels == ["gpt", "claude"])
        #expect(ledger.model(named: "claude") == second)
        #expect(ledger.model(named: "gemini") == nil)
        #expect(ledger.name(of: second) == "claude")
        let full = CallLedgerError.modelCapacityExhausted(name: "gemini", capacity: 2).description
        #expect(full.contains("\"gemini\"") && full.contains("modelCapacity"))
        #expect(CallLedgerError.duplicateModelName("gpt").description.contains("registerIfNeeded"))
    }

    @Test("recording with a ModelID of another ledger traps (programming error)")
    func foreignModelIDTraps() async throws {
        let result = try await #require(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let registry = WorkerRegistry(capacity: 1)
            let mine = CallLedger(registry: registry)
            let other = CallLedger(registry: registry)
            _ = try? mine.register(model: "a")
            // Returning (rather than trapping) exits with success, which fails the test.
            guard let foreign = try? other.register(model: "a") else { return }
            mine.recordCall(
                model: foreign, inputTokens: 1, outputTokens: 1, cacheHit: false, actualCost: .zero,
                wouldBeCost: .zero, at: StatsTime(nanosecondsSinceEpoch: 0), worker: registry.register())
        }
        #if DEBUG  // optimized builds trap without printing the precondition message
            let message = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(message.contains("CallLedger.recordCall: model 0 was issued by another CallLedger"))
        #else
            _ = result
        #endif
    }

    @Test("looking up the name of a ModelID of another ledger traps")
    func foreignModelIDNameTraps() async throws {
        let result = try await #require(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let registry = WorkerRegistry(capacity: 1)
            guard let foreign = try? CallLedger(registry: registry).register(model: "a") else { return }
            print(CallLedger(registry: registry).name(of: foreign))
        }
        #if DEBUG  // optimized builds trap without printing the precondition message
            let message = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(message.contains("was issued by another CallLedger"))
        #else
            _ = result
        #endif
    }
}
