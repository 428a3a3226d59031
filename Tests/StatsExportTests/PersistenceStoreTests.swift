import Foundation
import ServerStats
import StatsCore
import StatsExport
import Testing

@Suite("Persistence")
struct PersistenceStoreTests {
    /// 2025-01-02 03:04:05 UTC, the time files are moved aside at.
    let store = { (path: String) in PersistenceStore(path: path, clock: { t(1_735_787_045) }) }

    /// A ledger with calls of two models recorded by two workers.
    private func recordedLedger() throws -> CallLedger {
        let registry = WorkerRegistry(capacity: 2)
        let ledger = CallLedger(registry: registry)
        let opus = try ledger.register(model: "opus")
        let sonnet = try ledger.register(model: "sonnet")
        let first = registry.register()
        let second = registry.register()
        for call in 0..<100 {
            ledger.recordCall(
                model: call % 3 == 0 ? opus : sonnet, inputTokens: UInt64(call), outputTokens: 2 * UInt64(call),
                cacheHit: call % 2 == 0, actualCost: Cost(microUnits: Int64(call * 7)),
                wouldBeCost: Cost(microUnits: Int64(call * 9)), at: t(Double(call)), worker: call < 50 ? first : second)
        }
        return ledger
    }

    @Test("a missing file means start empty, with the restart count at 0")
    func missing() throws {
        try withTemporaryDirectory { directory in
            let result = store(directory + "/state.json").load()
            #expect(result.outcome == .missing && result.startsEmpty)
            #expect(result.state == .empty && result.state.nextRestartCount(startingEmpty: true) == 0)
            #expect(listing(directory).isEmpty)
        }
    }

    @Test("restart restores every total exactly; saving twice and loading counts nothing twice")
    func restartWithoutDuplication() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/nested/dir/state.json"  // the directory is created on save
            let ledger = try recordedLedger()
            let saved = ledger.snapshot()
            try store(path).save(PersistedState(ledger: saved, restartCount: 4, savedAt: t(5)))
            try store(path).save(PersistedState(ledger: saved, restartCount: 4, savedAt: t(6)))
            let result = store(path).load()
            #expect(result.outcome == .loaded(migratedFrom: nil))
            #expect(result.state.restartCount == 4 && result.state.nextRestartCount(startingEmpty: false) == 5)
            let restarted = CallLedger(registry: WorkerRegistry(capacity: 1))
            try restarted.restore(from: result.state.ledger)
            #expect(restarted.snapshot() == saved)
            #expect(restarted.snapshot().totals.calls == 100)
            // Record more after the restart, save, restart again: saved totals + new, once.
            let registry = WorkerRegistry(capacity: 1)
            let third = CallLedger(registry: registry)
            try third.restore(from: result.state.ledger)
            let opus = try #require(third.model(named: "opus"))
            third.recordCall(
                model: opus, inputTokens: 1, outputTokens: 1, cacheHit: false, actualCost: Cost(microUnits: 5),
                wouldBeCost: Cost(microUnits: 5), at: t(200), worker: registry.register())
            try store(path).save(PersistedState(ledger: third.snapshot(), restartCount: 5))
            let reloaded = store(path).load().state.ledger
            #expect(reloaded.totals.calls == 101)
            #expect(reloaded.totals.actualCost == saved.totals.actualCost + Cost(microUnits: 5))
            #expect(listing(directory + "/nested/dir") == ["state.json"])  // no temp file left behind
        }
    }

    @Test(
        "a corrupt, truncated, empty or future-version file is moved aside, never overwritten, and the run starts empty",
        arguments: [
            ("corrupt", "this is not json"),
            ("truncated", #"{"schemaVersion": 2, "restartCount": 1, "ledger": {"schemaVersion": 1, "mod"#),
            ("empty", ""),
            ("future", #"{"schemaVersion": 3, "ledger": {}, "somethingNew": true}"#),
            (
                "negative",
                #"{"schemaVersion": 2, "restartCount": 0, "ledger": {"schemaVersion": 1, "models": [], "#
                    + #""totals": {"calls": -5, "cacheHits": 0, "inputTokens": 0, "outputTokens": 0, "actualCost": 0, "#
                    + #""wouldBeCost": 0, "savings": 0}}}"#
            ),
            (
                "inconsistent",
                #"{"schemaVersion": 2, "restartCount": 0, "ledger": {"schemaVersion": 1, "models": [], "#
                    + #""totals": {"calls": 1, "cacheHits": 0, "inputTokens": 0, "outputTokens": 0, "actualCost": 0, "#
                    + #""wouldBeCost": 0, "savings": 0}}}"#
            ),
        ])
    func damaged(kind: String, content: String) throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/state.json"
            try writeText(content, to: path)
            // An earlier quarantined file of the same second must not be overwritten either.
            try writeText("older", to: path + ".corrupt-20250102-030405")
            let result = store(path).load()
            guard case .movedAside(let reason, let movedTo) = result.outcome else {
                Issue.record("\(kind): expected movedAside, got \(result.outcome)")
                return
            }
            #expect(result.startsEmpty && result.state == .empty)
            #expect(movedTo == path + ".corrupt-20250102-030405-1")
            #expect(try String(contentsOfFile: movedTo, encoding: .utf8) == content)
            #expect(try String(contentsOfFile: path + ".corrupt-20250102-030405", encoding: .utf8) == "older")
            #expect(!FileManager.default.fileExists(atPath: path))
            if kind == "future" { #expect(reason.contains("schemaVersion 3 is newer")) }
            if kind == "inconsistent" { #expect(reason.contains("inconsistent")) }
            if kind == "negative" {
                #expect(reason.contains("ledger.totals.calls: -5 is not a whole number from 0 to "), "\(reason)")
            }
            // The next save writes a fresh file; the moved-aside ones stay.
            try store(path).save(.empty)
            #expect(listing(directory).count == 3)
        }
    }

    /// A version 2 state file of `models` whose `totals` are what `CallLedgerSnapshot(models:)` derives, which
    /// adds with wrap-around: the file an earlier build's validation accepted.
    private func stateFile(restartCount: UInt64 = 0, models: [(String, CallFigures)]) throws -> String {
        let snapshot = CallLedgerSnapshot(models: models.map { ModelCallStats(model: $0.0, figures: $0.1) })
        let ledger = String(decoding: try JSONEncoder().encode(snapshot), as: UTF8.self)
        return #"{"schemaVersion": 2, "restartCount": \#(restartCount), "ledger": \#(ledger)}"#
    }

    /// One call's figures with the given costs (micro-units) and input tokens.
    private func figures(actual: Int64, wouldBe: Int64, inputTokens: UInt64 = 1) -> CallFigures {
        CallFigures(
            calls: 1, cacheHits: 0, inputTokens: inputTokens, outputTokens: 1, actualCost: Cost(microUnits: actual),
            wouldBeCost: Cost(microUnits: wouldBe))
    }

    /// The state file of `kind` for ``wrappedOrNegativeFigures(kind:reason:)``.
    private func damagedFigures(_ kind: String) throws -> String {
        switch kind {
        case "costs":
            // 2 × 9e18 micro-units: the totals wrapped to -446744073709551616.
            return try stateFile(models: [
                ("a", figures(actual: 9_000_000_000_000_000_000, wouldBe: 9_000_000_000_000_000_000)),
                ("b", figures(actual: 9_000_000_000_000_000_000, wouldBe: 9_000_000_000_000_000_000)),
            ])
        case "tokens":
            return try stateFile(models: [
                ("a", figures(actual: 1, wouldBe: 1, inputTokens: .max)),
                ("b", figures(actual: 1, wouldBe: 1, inputTokens: .max)),
            ])
        case "negative":
            return try stateFile(models: [("a", figures(actual: -5, wouldBe: 0))])
        case "negative would-be":
            return try stateFile(models: [
                ("a", figures(actual: 0, wouldBe: 0)), ("b", figures(actual: 0, wouldBe: -1)),
            ])
        case "restarts":
            return try stateFile(restartCount: .max, models: [("a", figures(actual: 1, wouldBe: 1))])
        case "v1 restarts":
            return #"{"schemaVersion": 1, "restarts": 18446744073709551615, "calls": []}"#
        case "v1 costs":
            let call =
                #"{"model": "m", "input_tokens": 1, "output_tokens": 1, "cache_hit": false, "actual_cost": 9e12, "#
                + #""would_be_cost": 9e12}"#
            return #"{"schemaVersion": 1, "restarts": 2, "calls": [\#(call), \#(call)]}"#
        default:
            let call =
                #"{"model": "m", "input_tokens": 1, "output_tokens": 1, "cache_hit": true, "actual_cost": 0, "#
                + #""would_be_cost": -5.0}"#
            return #"{"schemaVersion": 1, "restarts": 2, "calls": [\#(call)]}"#
        }
    }

    @Test(
        "sums beyond their field's range (that only wrap-around adds up), negative costs and the largest restart count are damage: moved aside naming the field, never loaded or rewritten",
        arguments: wrappedOrNegativeCases)
    func wrappedOrNegativeFigures(kind: String, reason expected: String) throws {
        let content = try damagedFigures(kind)
        try withTemporaryDirectory { directory in
            let path = directory + "/state.json"
            try writeText(content, to: path)
            let store = store(path)
            let result = store.load()
            guard case .movedAside(let reason, let movedTo) = result.outcome else {
                Issue.record("\(kind): expected movedAside, got \(result.outcome)")
                return
            }
            #expect(reason.contains(expected), "\(kind): \(reason)")
            #expect(result.startsEmpty && result.state == .empty)
            #expect(result.state.nextRestartCount(startingEmpty: result.startsEmpty) == 0)
            #expect(try String(contentsOfFile: movedTo, encoding: .utf8) == content)
            // The next save writes a fresh file; the damaged one is kept as it was, not rewritten with wrapped sums.
            try store.save(result.state)
            #expect(try String(contentsOfFile: movedTo, encoding: .utf8) == content)
            #expect(store.load().state == .empty)
            #expect(listing(directory).count == 2)
        }
    }

    @Test("sums that reach their field's largest value exactly, and the restart count below the largest, load")
    func largestSumsLoad() throws {
        let content = try stateFile(
            restartCount: .max - 1,
            models: [
                ("a", figures(actual: 9_000_000_000_000_000_000, wouldBe: 0, inputTokens: .max - 1)),
                ("b", figures(actual: .max - 9_000_000_000_000_000_000, wouldBe: .max, inputTokens: 1)),
            ])
        try withTemporaryDirectory { directory in
            let path = directory + "/state.json"
            try writeText(content, to: path)
            let result = store(path).load()
            #expect(result.outcome == .loaded(migratedFrom: nil))
            #expect(result.state.ledger.totals.actualCost == Cost(microUnits: .max))
            #expect(result.state.ledger.totals.wouldBeCost == Cost(microUnits: .max))
            #expect(result.state.ledger.totals.inputTokens == .max)
            #expect(result.state.nextRestartCount(startingEmpty: false) == .max)
        }
    }

    @Test("a directory at the state path is a wrong path, not a damaged file: left as it is, saves refused")
    func directoryAtThePath() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/state.json"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            try Data("keep".utf8).write(to: URL(fileURLWithPath: path + "/inside"))
            let store = store(path)
            let result = store.load()
            guard case .damagedInPlace(let reason, _) = result.outcome else {
                Issue.record("expected damagedInPlace, got \(result.outcome)")
                return
            }
            #expect(reason.contains("directory"))
            #expect(result.startsEmpty)
            #expect(listing(directory) == ["state.json"], "nothing moved aside")
            #expect(FileManager.default.contents(atPath: path + "/inside") == Data("keep".utf8))
            #expect(throws: PersistenceError.self) { try store.save(.empty) }
            #expect(FileManager.default.contents(atPath: path + "/inside") == Data("keep".utf8))
        }
    }

    @Test("a FIFO or a device at the state path is never read (it may never end), moved or replaced")
    func specialFileAtThePath() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/state.json"
            #expect(mkfifo(path, 0o644) == 0)
            let store = store(path)
            let result = store.load()  // reading a FIFO with no writer would block for ever
            guard case .damagedInPlace(let reason, _) = result.outcome else {
                Issue.record("expected damagedInPlace, got \(result.outcome)")
                return
            }
            #expect(reason.contains("not a regular file"))
            #expect(listing(directory) == ["state.json"], "nothing moved aside")
            #expect(throws: PersistenceError.self) { try store.save(.empty) }
            var status = stat()
            #expect(stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO, "still a FIFO")
        }
        let device = store("/dev/null").load()
        guard case .damagedInPlace = device.outcome else {
            Issue.record("expected damagedInPlace for /dev/null, got \(device.outcome)")
            return
        }
        var status = stat()
        #expect(stat("/dev/null", &status) == 0 && status.st_mode & S_IFMT == S_IFCHR, "/dev/null is untouched")
    }

    @Test("a version 1 file (the seed's records, dollar costs) is migrated to version 2")
    func migrationFromVersion1() throws {
        let v1 = """
            {"schemaVersion": 1, "restarts": 3, "calls": [
              {"model": "claude-opus-4", "input_tokens": 1000, "output_tokens": 500, "cache_hit": true,
               "actual_cost": 0.0, "would_be_cost": 52.5, "savings": 52.5},
              {"model": "claude-sonnet-4.5", "input_tokens": 2000, "output_tokens": 1000, "cache_hit": false,
               "actual_cost": 10.5, "would_be_cost": 10.5, "savings": 0.0},
              {"model": "claude-opus-4", "input_tokens": 10, "output_tokens": 20, "cache_hit": false,
               "actual_cost": 0.000003, "would_be_cost": 0.000003, "savings": 0.0}
            ]}
            """
        try withTemporaryDirectory { directory in
            let path = directory + "/state.json"
            try writeText(v1, to: path)
            let result = store(path).load()
            #expect(result.outcome == .loaded(migratedFrom: 1))
            #expect(result.state.schemaVersion == 2 && result.state.restartCount == 3 && result.state.savedAt == nil)
            let ledger = result.state.ledger
            #expect(ledger.models.map(\.model) == ["claude-opus-4", "claude-sonnet-4.5"])
            #expect(
                ledger.figures(forModel: "claude-opus-4")
                    == CallFigures(
                        calls: 2, cacheHits: 1, inputTokens: 1010, outputTokens: 520, actualCost: Cost(microUnits: 3),
                        wouldBeCost: Cost(microUnits: 52_500_003)))
            #expect(ledger.totals.actualCost == Cost(microUnits: 10_500_003))
            let restored = CallLedger(registry: WorkerRegistry(capacity: 1))
            try restored.restore(from: ledger)
            #expect(restored.snapshot().totals.calls == 3)
            // Saving writes version 2; loading it again needs no migration.
            try store(path).save(result.state)
            #expect(store(path).load().outcome == .loaded(migratedFrom: nil))
        }
    }
}

/// Kinds of state file (``PersistenceStoreTests/damagedFigures(_:)``) and the reason each is moved aside with.
private let wrappedOrNegativeCases: [(String, String)] = [
    (
        "costs",
        "inconsistent: ledger.models[1].figures.actualCost: the sum over the models up to this one (model "
            + "\"b\") exceeds the largest cost (9223372036854.775807 units, 9223372036854775807 micro-units)"
    ),
    (
        "tokens",
        "inconsistent: ledger.models[1].figures.inputTokens: the sum over the models up to this one (model "
            + "\"b\") exceeds the largest count (18446744073709551615)"
    ),
    ("negative", "inconsistent: ledger.models[0].figures.actualCost: -5 is negative (model \"a\")"),
    ("negative would-be", "inconsistent: ledger.models[1].figures.wouldBeCost: -1 is negative (model \"b\")"),
    ("restarts", "inconsistent: restartCount: 18446744073709551615 is the largest count; the next start's"),
    ("v1 restarts", "cannot migrate schemaVersion 1: restarts: 18446744073709551615 is the largest count"),
    (
        "v1 costs",
        "cannot migrate schemaVersion 1: calls[1].actual_cost: the sum over the records up to this one exceeds "
            + "the largest cost (9223372036854.775807 units"
    ),
    ("v1 negative", "cannot migrate schemaVersion 1: calls[0].would_be_cost: -5.0 is negative"),
]
