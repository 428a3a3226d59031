import Foundation
import Testing

@testable import Harness

@Suite("statsbench compare on fixture results")
struct CompareTests {
    static func row(_ report: ComparisonReport, _ figure: String, scenario: String = "smoke") throws
        -> FigureComparison
    {
        try #require(report.rows.first { $0.scenario == scenario && $0.figure == figure }, "no row \(figure)")
    }

    @Test("the same results on both sides: every figure no change, nothing regressed")
    func unchanged() throws {
        let base = try CompareFixtures.baseline()
        let current = CompareFixtures.withPairs(try CompareFixtures.result(), offset: 4) {
            $0 == "calibrated" ? 200 : 50
        }
        let report = Comparer.compare(
            baseline: try CompareFixtures.loaded([base]), current: try CompareFixtures.loaded([current]))
        #expect(report.passed)
        #expect(report.notes.isEmpty, "\(report.notes)")
        let exact = report.rows.filter { $0.kind == "exact" }
        #expect(
            !exact.isEmpty && exact.allSatisfy { $0.verdict == .noChange },
            "\(exact.filter { $0.verdict != .noChange })")
        #expect(try Self.row(report, "overhead/event statsbench").verdict == .noChange)
        #expect(try Self.row(report, "event-stream hash").verdict == .noChange)
        // One run per side gives one sample of a primitive: the test cannot decide.
        #expect(try Self.row(report, "ns/op counter.increment 1 thread").verdict == .inconclusive)
    }

    @Test("a regressed build: +50 % overhead and an allocation per event are slower and fail the gate")
    func regressed() throws {
        let base = try CompareFixtures.baseline()
        var current = CompareFixtures.withPairs(try CompareFixtures.result(), offset: 2) {
            $0 == "statsbench" ? 75 : $0 == "calibrated" ? 200 : 50
        }
        let index = try #require(current.memory?.sinks.firstIndex { $0.sink == "statsbench" })
        let before = current.memory!.sinks[index].allocationsPerEvent ?? 0
        current.memory!.sinks[index].allocationsPerEvent = before + 1
        let report = Comparer.compare(
            baseline: try CompareFixtures.loaded([base]), current: try CompareFixtures.loaded([current]))
        let overhead = try Self.row(report, "overhead/event statsbench")
        #expect(overhead.verdict == .slower && overhead.regressed)
        #expect(try #require(overhead.changeLower) > 0)
        let allocations = try Self.row(report, "allocations/event statsbench")
        #expect(allocations.verdict == .slower && allocations.regressed)
        #expect(try Self.row(report, "overhead/event seed-naive").verdict == .noChange)
        #expect(report.regressions == 2 && !report.passed)
    }

    @Test("with several runs a side, an exact figure that rose in one run regresses (the worst run counts)")
    func exactFigureOfOneRunOfSeveral() throws {
        let base = try CompareFixtures.baseline()
        var bad = base
        bad.conservation?.violations = 1
        let index = try #require(bad.memory?.sinks.firstIndex { $0.sink == "statsbench" })
        bad.memory!.sinks[index].allocationsPerEvent = (bad.memory!.sinks[index].allocationsPerEvent ?? 0) + 0.5
        let report = Comparer.compare(
            baseline: try CompareFixtures.loaded([base, base, base]),
            current: try CompareFixtures.loaded([base, bad, base]))
        let violations = try Self.row(report, "conservation violations")
        #expect(violations.verdict == .slower && violations.regressed, "\(violations)")
        #expect(violations.currentText == "1")
        #expect(try Self.row(report, "allocations/event statsbench").regressed)
        #expect(!report.passed)
        // The same runs on both sides: no change.
        let same = Comparer.compare(
            baseline: try CompareFixtures.loaded([base, bad]), current: try CompareFixtures.loaded([bad, base]))
        #expect(try Self.row(same, "conservation violations").verdict == .noChange)
    }

    @Test("an unresolved overhead (too few events per drive) on either side gives no verdict and never gates")
    func unresolvedOverheadIsInconclusive() throws {
        let base = try CompareFixtures.baseline()
        var current = CompareFixtures.withPairs(try CompareFixtures.result(), offset: 2) {
            $0 == "statsbench" ? 75 : $0 == "calibrated" ? 200 : 50
        }
        let index = try #require(current.overhead?.sinks.firstIndex { $0.sinkKind == .statsbench })
        // Resolved on both sides, the +50 % is a regression (as in `regressed`).
        let resolved = Comparer.compare(
            baseline: try CompareFixtures.loaded([base]), current: try CompareFixtures.loaded([current]))
        #expect(try Self.row(resolved, "overhead/event statsbench").regressed)
        for side in ["current", "baseline"] {
            var baseline = base
            var now = current
            if side == "current" {
                now.overhead?.sinks[index].eventsPerDrive = 2
            } else {
                baseline.overhead?.sinks[index].eventsPerDrive = 2
            }
            let report = Comparer.compare(
                baseline: try CompareFixtures.loaded([baseline]), current: try CompareFixtures.loaded([now]))
            let row = try Self.row(report, "overhead/event statsbench")
            #expect(row.verdict == .inconclusive && !row.regressed, "\(side): \(row)")
            #expect(row.detail.contains("unresolved on the \(side) side (2 events per drive"), "\(row.detail)")
            #expect(report.passed, "\(side)")
            // The other sinks' figures are still compared.
            #expect(try Self.row(report, "overhead/event seed-naive").verdict == .noChange)
        }
    }

    @Test("a peer sink three times slower is reported slower but never gates: only the project's own figures do")
    func peerSlowdownDoesNotGate() throws {
        let base = try CompareFixtures.baseline()
        let current = CompareFixtures.withPairs(try CompareFixtures.result(), offset: 2) {
            $0 == "seed-naive" ? 400 : $0 == "calibrated" ? 200 : 50
        }
        let report = Comparer.compare(
            baseline: try CompareFixtures.loaded([base]), current: try CompareFixtures.loaded([current]))
        let peer = try Self.row(report, "overhead/event seed-naive")
        #expect(peer.verdict == .slower && !peer.regressed)
        #expect(peer.limit.contains("peer"))
        #expect(report.regressions == 0 && report.passed)
    }

    @Test("an improved build: faster, and the gate passes")
    func improved() throws {
        let base = try CompareFixtures.baseline()
        var current = CompareFixtures.withPairs(try CompareFixtures.result(), offset: 1) {
            $0 == "statsbench" ? 30 : $0 == "calibrated" ? 200 : 50
        }
        let index = try #require(current.memory?.sinks.firstIndex { $0.sink == "seed-naive" })
        let before = try #require(current.memory!.sinks[index].allocationsPerEvent)
        current.memory!.sinks[index].allocationsPerEvent = max(0, before - 0.5)
        let report = Comparer.compare(
            baseline: try CompareFixtures.loaded([base]), current: try CompareFixtures.loaded([current]))
        #expect(try Self.row(report, "overhead/event statsbench").verdict == .faster)
        if before >= 0.5 { #expect(try Self.row(report, "allocations/event seed-naive").verdict == .faster) }
        #expect(report.passed)
    }

    @Test("a scenario on one side only is reported, not compared, and does not fail")
    func missingScenario() throws {
        let base = try CompareFixtures.baseline()
        var other = base
        other.scenario.name = "steady"
        let report = Comparer.compare(
            baseline: try CompareFixtures.loaded([base, other]), current: try CompareFixtures.loaded([base]))
        let missing = try Self.row(report, "scenario", scenario: "steady")
        #expect(missing.verdict == .inconclusive && !missing.regressed)
        #expect(missing.detail.contains("missing from the current side"))
        #expect(report.notes.contains { $0.contains("steady") && $0.contains("missing") })
        #expect(CompareMarkdown.render(report).contains("steady is missing from the current side"))
        #expect(report.passed)
    }

    @Test("schema version 2 against 3: said so; figures version 2 lacks are inconclusive")
    func differentSchemaVersion() throws {
        let old = CompareFixtures.withPairs(try CompareFixtures.result("smoke-v2.json")) {
            $0 == "calibrated" ? 200 : 50
        }
        #expect(old.schemaVersion == 2 && old.instructions == nil)
        let current = try CompareFixtures.baseline()
        let report = Comparer.compare(
            baseline: try CompareFixtures.loaded([old]), current: try CompareFixtures.loaded([current]))
        #expect(report.notes.contains { $0.contains("schema versions differ: baseline 2, current 3") })
        let counts = report.rows.filter { $0.figure.hasPrefix("instructions/record") }
        #expect(!counts.isEmpty && counts.allSatisfy { $0.verdict == .inconclusive && !$0.regressed })
        #expect(report.passed)
    }

    @Test("different busy threads on the two sides: said so; the same setting (none before schema 5 = 0): silent")
    func differentBusyThreads() throws {
        let base = try CompareFixtures.baseline()
        var current = try CompareFixtures.result()
        current.overhead?.busyThreads = 1
        let report = Comparer.compare(
            baseline: try CompareFixtures.loaded([base]), current: try CompareFixtures.loaded([current]))
        #expect(report.notes.contains { $0.contains("busy threads") && $0.contains("baseline 0, current 1") })
        current.overhead?.busyThreads = 0
        let same = Comparer.compare(
            baseline: try CompareFixtures.loaded([base]), current: try CompareFixtures.loaded([current]))
        #expect(!same.notes.contains { $0.contains("busy threads") })
    }

    @Test("memory latencies more than 20 % apart: said so, with both medians; closer, or one side without: silent")
    func differentMemoryLatency() throws {
        let base = try CompareFixtures.baseline()
        var current = try CompareFixtures.result()
        func notes(_ baseLatency: [Double]?, _ currentLatency: [Double]?) throws -> [String] {
            var base = base
            base.overhead?.memoryLatencyNanoseconds = baseLatency
            current.overhead?.memoryLatencyNanoseconds = currentLatency
            return Comparer.compare(
                baseline: try CompareFixtures.loaded([base]), current: try CompareFixtures.loaded([current])
            ).notes.filter { $0.contains("memory latency") }
        }
        let slower = try notes([150, 160], [200, 210])
        #expect(slower.count == 1)
        #expect(slower.first?.contains("baseline 155.0 ns, current 205.0 ns (+32 %") == true, "\(slower)")
        #expect(try notes([200, 210], [150, 160]).first?.contains("(-24 %") == true)
        #expect(try notes([150, 160], [170, 180]).isEmpty)
        #expect(try notes(nil, [200, 210]).isEmpty)
        #expect(try notes([150, 160], nil).isEmpty)
        // Readings that are no latency (a hand-edited file) are left out, not compared.
        #expect(try notes([150, 160], [0, -5]).isEmpty)
        #expect(try notes([150, 160], [-1, 205, 205]).first?.contains("current 205.0 ns") == true)
    }

    @Test("different machines: said so; a timed slowdown is reported but does not gate, exact figures still do")
    func differentMachine() throws {
        let base = try CompareFixtures.baseline()
        var current = CompareFixtures.withPairs(try CompareFixtures.result(), offset: 2) {
            $0 == "statsbench" ? 75 : $0 == "calibrated" ? 200 : 50
        }
        current.environment.machine.cpuModel = "Some Other CPU @ 1.0GHz"
        let report = Comparer.compare(
            baseline: try CompareFixtures.loaded([base]), current: try CompareFixtures.loaded([current]))
        #expect(report.notes.contains { $0.contains("machines differ") && $0.contains("Some Other CPU") })
        let overhead = try Self.row(report, "overhead/event statsbench")
        #expect(overhead.verdict == .slower && !overhead.regressed)
        #expect(report.passed)
        let violations = current.conservation?.violations ?? 0
        current.conservation?.violations = violations + 1
        let exact = Comparer.compare(
            baseline: try CompareFixtures.loaded([base]), current: try CompareFixtures.loaded([current]))
        #expect(try Self.row(exact, "conservation violations").regressed)
    }

    @Test("the machine changed speed between the runs (the generator's own cost moved): said so; inconclusive if asked")
    func controlMoved() throws {
        let base = try CompareFixtures.baseline()
        var current = CompareFixtures.withPairs(try CompareFixtures.result(), offset: 2) {
            $0 == "statsbench" ? 75 : $0 == "calibrated" ? 200 : 50
        }
        current.generator.nanosecondsPerEvent = base.generator.nanosecondsPerEvent * 1.5
        var settings = CompareSettings()
        // By default the output says so and the verdict stands.
        let noted = Comparer.compare(
            baseline: try CompareFixtures.loaded([base]), current: try CompareFixtures.loaded([current]))
        #expect(noted.notes.contains { $0.contains("machine's speed changed") && $0.contains("50.0 % slower") })
        #expect(try Self.row(noted, "overhead/event statsbench").regressed)
        // Asked for, the control makes the verdict inconclusive.
        settings.controlMakesInconclusive = true
        let report = Comparer.compare(
            baseline: try CompareFixtures.loaded([base]), current: try CompareFixtures.loaded([current]),
            settings: settings)
        let overhead = try Self.row(report, "overhead/event statsbench")
        #expect(overhead.verdict == .inconclusive && !overhead.regressed)
        #expect(overhead.detail.contains("would be slower") && overhead.detail.contains("+50.0 %"))
        // Within the tolerance the verdict stands.
        current.generator.nanosecondsPerEvent = base.generator.nanosecondsPerEvent * 1.1
        let steady = Comparer.compare(
            baseline: try CompareFixtures.loaded([base]), current: try CompareFixtures.loaded([current]),
            settings: settings)
        #expect(try Self.row(steady, "overhead/event statsbench").regressed)
    }

    @Test("a changed event-stream hash fails for the same seed; with another seed it is not compared")
    func hashRule() throws {
        let base = try CompareFixtures.baseline()
        var current = base
        current.generator.hash = "deadbeef"
        var report = Comparer.compare(
            baseline: try CompareFixtures.loaded([base]), current: try CompareFixtures.loaded([current]))
        #expect(try Self.row(report, "event-stream hash").regressed)
        current.scenario.seed += 1
        report = Comparer.compare(
            baseline: try CompareFixtures.loaded([base]), current: try CompareFixtures.loaded([current]))
        #expect(try Self.row(report, "event-stream hash").verdict == .inconclusive)
        #expect(report.notes.contains { $0.contains("seed, scale, clients, methods or run length differ") })
        // Another population, method set or run length changes the stream as surely as another seed.
        for edit in [
            { (result: inout RunResult) in result.scenario.clients *= 5 },
            { (result: inout RunResult) in result.scenario.methods.append("extra") },
            { (result: inout RunResult) in result.scenario.simulatedSeconds *= 2 },
        ] {
            current = base
            current.generator.hash = "deadbeef"
            edit(&current)
            report = Comparer.compare(
                baseline: try CompareFixtures.loaded([base]), current: try CompareFixtures.loaded([current]))
            #expect(try Self.row(report, "event-stream hash").verdict == .inconclusive)
            #expect(!report.rows.contains { $0.regressed && $0.figure == "event-stream hash" })
        }
        // The worker count does not change the stream: a changed hash still fails.
        current = base
        current.generator.hash = "deadbeef"
        current.scenario.workers += 3
        report = Comparer.compare(
            baseline: try CompareFixtures.loaded([base]), current: try CompareFixtures.loaded([current]))
        #expect(try Self.row(report, "event-stream hash").regressed)
        #expect(report.notes.contains { $0.contains("different populations") }, "timed figures are flagged")
    }

    @Test("a sweep's points are compared point by point, never pooled as repeats of one scenario")
    func sweepPointsArePaired() throws {
        let base = try CompareFixtures.baseline()
        func point(_ clients: Int, hash: String) -> RunResult {
            var result = base
            result.scenario.clients = clients
            result.scenario.variant = "clients=\(clients)"
            result.generator.hash = hash
            return result
        }
        let side = [point(1000, hash: "aaaa"), point(2000, hash: "bbbb")]
        let report = Comparer.compare(
            baseline: try CompareFixtures.loaded(side), current: try CompareFixtures.loaded(side))
        #expect(report.passed)
        let hashRows = report.rows.filter { $0.figure == "event-stream hash" }
        #expect(Set(hashRows.map(\.scenario)) == ["smoke [clients=1000]", "smoke [clients=2000]"])
        #expect(hashRows.allSatisfy { !$0.regressed && $0.verdict != .inconclusive })
    }

    @Test("an injected instruction change is caught exactly; the same counts are no change")
    func instructionCounts() throws {
        let base = try CompareFixtures.baseline()
        var current = base
        let paths = try #require(current.instructions?.paths)
        #expect(!paths.isEmpty)
        current.instructions!.paths[0].instructionsPerRecord += 3
        let report = Comparer.compare(
            baseline: try CompareFixtures.loaded([base]), current: try CompareFixtures.loaded([current]))
        let row = try Self.row(report, "instructions/record \(paths[0].path)")
        #expect(row.verdict == .slower && row.regressed && row.change == 3)
        for other in paths.dropFirst() {
            #expect(try Self.row(report, "instructions/record \(other.path)").verdict == .noChange)
        }
    }

    @Test("bad input names the path: missing, empty directory, not a result")
    func badInput() throws {
        #expect(throws: CompareInputError.self) { try ResultLoader.load(["/nonexistent/result.json"]) }
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        do {
            _ = try ResultLoader.load([empty.path])
            Issue.record("an empty directory was accepted")
        } catch {
            #expect(error.path == empty.path && error.reason.contains("no result.json"))
        }
        let junk = empty.appendingPathComponent("result.json")
        try Data("[1, 2]".utf8).write(to: junk)
        do {
            _ = try ResultLoader.load([empty.path])
            Issue.record("a JSON array was accepted as a result")
        } catch {
            #expect(error.path == junk.path)
        }
        try Data(#"{"schemaVersion": 3, "passed": true}"#.utf8).write(to: junk)
        do {
            _ = try ResultLoader.load([junk.path])
            Issue.record("a result without its fields was accepted")
        } catch {
            #expect(error.reason.contains("missing field"))
        }
        // A version this tool does not write, newer or nonsense, is refused by its number (a newer file may mean
        // anything by its fields), whatever else the file holds.
        let current = RunResult.currentSchemaVersion
        let fixture = try Data(contentsOf: CompareFixtures.directory.appendingPathComponent("smoke.json"))
        var object = try #require(try JSONSerialization.jsonObject(with: fixture) as? [String: Any])
        for (version, expected) in [
            (current + 94 as Any, "is newer than this tool reads (1 to \(current))"),
            (0 as Any, "is not a version statsbench writes"),
            ("five" as Any, "schemaVersion must be a whole number, got 'five'"),
            ("6" as Any, "schemaVersion must be a whole number, got '6'"),
        ] {
            object["schemaVersion"] = version
            try JSONSerialization.data(withJSONObject: object).write(to: junk)
            do {
                _ = try ResultLoader.load([junk.path])
                Issue.record("schemaVersion \(version) was accepted")
            } catch {
                #expect(error.reason.contains(expected), "\(error.reason)")
            }
        }
        // A number that does not fit its field (a negative count) is named by its path.
        object["schemaVersion"] = current
        var generator = try #require(object["generator"] as? [String: Any])
        generator["events"] = -5
        object["generator"] = generator
        try JSONSerialization.data(withJSONObject: object).write(to: junk)
        do {
            _ = try ResultLoader.load([junk.path])
            Issue.record("a negative event count was accepted")
        } catch {
            #expect(error.reason.contains("generator.events: -5 is not a whole number from 0 to "), "\(error.reason)")
        }
        try Data(#"{"schemaVersion": \#(current), "passed": true}"#.utf8).write(to: junk)
        do {
            _ = try ResultLoader.load([junk.path])
            Issue.record("a current-version result without its fields was accepted")
        } catch {
            #expect(error.reason.hasPrefix("does not match schema version \(current): missing field"))
        }
    }

    @Test("a result with figures no run writes (a NaN or missing pair, a scale of 0) is refused, naming the field")
    func implausibleFigures() throws {
        let base = try CompareFixtures.baseline()
        let sink = try #require(base.overhead?.sinks.first)
        let edits: [(String, (inout RunResult) -> Void)] = [
            ("overhead.sinks[0].pairNanoseconds[1] is nan", { $0.overhead?.sinks[0].pairNanoseconds[1] = .nan }),
            ("overhead.sinks[0].pairNanoseconds is empty", { $0.overhead?.sinks[0].pairNanoseconds = [] }),
            (
                "overhead.sinks[0].pairBaselineNanoseconds[0] is inf",
                { $0.overhead?.sinks[0].pairBaselineNanoseconds = [.infinity] + Array(repeating: 1, count: sink.pairs) }
            ),
            ("scenario.scale must be above 0, got 0.0", { $0.scenario.scale = 0 }),
            (
                "overhead.primitives[0].nanosecondsPerOperation is -inf",
                { $0.overhead?.primitives[0].nanosecondsPerOperation = -.infinity }
            ),
            ("overhead.primitives[1].ratioToAtomic is nan", { $0.overhead?.primitives[1].ratioToAtomic = .nan }),
            ("generator.nanosecondsPerEvent is inf", { $0.generator.nanosecondsPerEvent = .infinity }),
            ("memory.sinks[0].allocationsPerEvent is nan", { $0.memory?.sinks[0].allocationsPerEvent = .nan }),
            (
                "instructions.paths[2].instructionsPerRecord is inf",
                { $0.instructions?.paths[2].instructionsPerRecord = .infinity }
            ),
        ]
        try Self.expectRefused(base, edits)
        #expect(try CompareFixtures.loaded([base]).count == 1, "the fixture itself is plausible")
    }

    @Test("a result whose parts disagree (a figure twice, counts that do not match) is refused, naming the field")
    func inconsistentParts() throws {
        let base = try CompareFixtures.baseline()
        let sink = try #require(base.overhead?.sinks.first)
        let quantiles = try #require(base.accuracy?.quantiles)
        try #require(quantiles.count >= 2 && (base.accuracy?.rows.count ?? 0) >= 1)
        let edits: [(String, (inout RunResult) -> Void)] = [
            (
                "overhead.sinks[\(base.overhead?.sinks.count ?? 0)] repeats overhead.sinks[0]",
                {
                    var slow = sink
                    slow.pairNanoseconds = slow.pairNanoseconds.map { $0 * 10 }
                    $0.overhead?.sinks.append(slow)
                }
            ),
            ("overhead.sinks[0].pairs is \(sink.pairs + 94), but", { $0.overhead?.sinks[0].pairs += 94 }),
            (
                "overhead.sinks[0].pairBaselineNanoseconds holds 1 values",
                { $0.overhead?.sinks[0].pairBaselineNanoseconds = [1] }
            ),
            (
                "overhead.sinks[0].confidence95Nanoseconds is -1.0",
                { $0.overhead?.sinks[0].confidence95Nanoseconds = -1 }
            ),
            (
                "overhead.primitives[2] repeats overhead.primitives[0]",
                {
                    let first = $0.overhead?.primitives[0]
                    if let first { $0.overhead?.primitives[2] = first }
                }
            ),
            (
                "accuracy.rows[0].relativeError has 1 values, accuracy.quantiles has",
                { $0.accuracy?.rows[0].relativeError = [0.5] }
            ),
            ("accuracy.quantiles [", { $0.accuracy?.quantiles[1] = quantiles[0] }),
            (
                "accuracy.rows[1] repeats accuracy.rows[0]",
                {
                    let first = $0.accuracy?.rows[0]
                    if let first { $0.accuracy?.rows[1] = first }
                }
            ),
            ("generator.hash 'zz' is not", { $0.generator.hash = "zz" }),
            ("environment.startedAt 'yesterday' is not", { $0.environment.startedAt = "yesterday" }),
        ]
        try Self.expectRefused(base, edits)
    }

    /// Checks that each edit of `base` is refused by the loader with a reason starting with its text.
    static func expectRefused(_ base: RunResult, _ edits: [(String, (inout RunResult) -> Void)]) throws {
        for (expected, edit) in edits {
            var result = base
            edit(&result)
            do {
                _ = try CompareFixtures.loaded([result])
                Issue.record("accepted: \(expected)")
            } catch let error as CompareInputError {
                #expect(error.reason.hasPrefix(expected), "\(error.reason)")
            }
        }
    }

    @Test("the same file found twice counts once; two runs that started in the same second both count")
    func duplicates() throws {
        let base = try CompareFixtures.baseline()
        var second = base
        second.overhead?.sinks[0].pairNanoseconds[0] += 1
        #expect(second.environment.startedAt == base.environment.startedAt)
        #expect(try CompareFixtures.loaded([base, second]).count == 2)
        let copies = try CompareFixtures.write([base, base])
        #expect(try ResultLoader.load([copies]).count == 1)
        #expect(try ResultLoader.load([copies, copies + "/0/result.json"]).count == 1)
    }
}
