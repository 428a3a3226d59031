import Foundation
import ServerStats
import StatsExport
import Testing

@Suite("Stats file watcher")
struct StatsFileWatcherTests {
    let time = t(1_735_787_045)

    private func reports(_ events: [WatchEvent]) -> [String] {
        events.compactMap { if case .report(let file, _) = $0 { file } else { nil } }
    }

    @Test("each new final file is yielded once, parsed, in name order; temp and foreign files never")
    func newFilesOnce() throws {
        try withTemporaryDirectory { directory in
            let writer = try StatsFileWriter(directory: directory)
            writer.write(try makeReport(at: time))
            let watcher = StatsFileWatcher(directory: directory)
            #expect(watcher.poll().isEmpty)  // existing files are not new
            writer.write(try makeReport(at: time.adding(seconds: 20), calls: 7))
            writer.write(try makeReport(at: time.adding(seconds: 10)))
            writer.write(try makeReport(at: time.adding(seconds: 10)))
            try writeText("{ half", to: directory + "/.statsbench-stats-20250102-030500.json.tmp-1-2")
            try writeText("{}", to: directory + "/notes.json")
            let events = watcher.poll()
            #expect(
                reports(events) == [
                    "statsbench-stats-20250102-030415.json", "statsbench-stats-20250102-030415-1.json",
                    "statsbench-stats-20250102-030425.json",
                ])
            guard case .report(_, let last) = events.last else { Issue.record("no report"); return }
            #expect(last.totals.apiCalls == 7 && last.timestamp == time.adding(seconds: 20))
            #expect(watcher.poll().isEmpty)
        }
    }

    @Test("reportExistingFiles yields the files already present at the first poll")
    func existingFiles() throws {
        try withTemporaryDirectory { directory in
            try StatsFileWriter(directory: directory).write(try makeReport(at: time))
            let watcher = StatsFileWatcher(directory: directory, reportExistingFiles: true)
            #expect(reports(watcher.poll()) == ["statsbench-stats-20250102-030405.json"])
            #expect(watcher.poll().isEmpty)
        }
    }

    @Test("a stats file with a number that does not fit its field is reported with the field's path")
    func numberOutOfRange() throws {
        try withTemporaryDirectory { directory in
            let watcher = StatsFileWatcher(directory: directory)
            _ = watcher.poll()
            let data = try JSONNumbers.encoder().encode(try makeReport(at: time))
            var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            var workers = try #require(object["workers"] as? [[String: Any]])
            try #require(!workers.isEmpty)
            workers[0]["shard"] = 1.5
            object["workers"] = workers
            let path = directory + "/statsbench-stats-20250102-030405.json"
            try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
            guard case .unreadable(_, let reason) = watcher.poll().first else {
                Issue.record("expected an unreadable event")
                return
            }
            #expect(reason.contains("workers[0].shard: 1.5 is not a whole number from "), "\(reason)")
        }
    }

    @Test("a report whose parts disagree is named with the field and skipped; a written one passes")
    func partsThatDisagree() throws {
        let report = try makeReport(at: time, calls: 5)
        #expect(report.inconsistency() == nil)
        try #require(report.workers.count >= 2 && report.totals.apiCalls == 5)
        var edits: [(String, (inout IntervalReport) -> Void)] = [
            ("intervalSeconds is -1.0", { $0.intervalSeconds = -1 }),
            ("intervalSeconds is inf", { $0.intervalSeconds = .infinity }),
            ("totals.apiCalls is 6, but the workers' interval figures add up to 5", { $0.totals.apiCalls = 6 }),
            ("totals.bytesSent is 0, but the workers' interval figures add up to 1250", { $0.totals.bytesSent = 0 }),
            (
                "cumulative.apiCalls is 4, less than this interval's totals.apiCalls of 5",
                { $0.cumulative.apiCalls = 4 }
            ),
            ("workers[1] repeats shard 0 of workers[0]", { $0.workers[1].shard = 0 }),
            ("workers[0].shard is -1", { $0.workers[0].shard = -1 }),
        ]
        edits.append(
            (
                "are both the shared overflow shard",
                { report in for index in report.workers.indices { report.workers[index].isSharedShard = true } }
            ))
        for (expected, edit) in edits {
            var edited = report
            edit(&edited)
            let problem = edited.inconsistency()
            #expect(problem?.contains(expected) == true, "\(expected): \(problem ?? "accepted")")
        }
        // Through the watcher: the file is reported once, naming the field, and no report is yielded.
        try withTemporaryDirectory { directory in
            let watcher = StatsFileWatcher(directory: directory)
            _ = watcher.poll()
            var edited = report
            edited.totals.apiFailures += 1
            let path = directory + "/statsbench-stats-20250102-030405.json"
            try JSONNumbers.encoder().encode(edited).write(to: URL(fileURLWithPath: path))
            let events = watcher.poll()
            #expect(reports(events).isEmpty)
            guard case .unreadable(let file, let reason) = events.first else {
                Issue.record("expected an unreadable event, got \(events)")
                return
            }
            #expect(file == "statsbench-stats-20250102-030405.json")
            #expect(reason.contains("holds figures no run writes: totals.apiFailures is 2"), "\(reason)")
            #expect(watcher.poll().isEmpty)
        }
    }

    @Test("a file that does not parse is reported once as an error and skipped")
    func unreadableOnce() throws {
        try withTemporaryDirectory { directory in
            let watcher = StatsFileWatcher(directory: directory)
            _ = watcher.poll()
            try writeText(#"{"timestamp": 1}"#, to: directory + "/statsbench-stats-20250102-030405.json")
            try StatsFileWriter(directory: directory).write(try makeReport(at: time.adding(seconds: 1)))
            let events = watcher.poll()
            #expect(events.count == 2)
            guard case .unreadable(let file, let reason) = events.first else {
                Issue.record("expected an unreadable event, got \(events)")
                return
            }
            #expect(file == "statsbench-stats-20250102-030405.json")
            #expect(reason.contains(directory) && reason.contains("not a stats report"))
            #expect(reports(events) == ["statsbench-stats-20250102-030406.json"])
            #expect(watcher.poll().isEmpty)  // not retried while unchanged
        }
    }

    @Test("a file caught half-written under its final name is read again once it changes, and yielded once")
    func halfWrittenThenComplete() throws {
        try withTemporaryDirectory { directory in
            let watcher = StatsFileWatcher(directory: directory)
            _ = watcher.poll()
            // Another tool writes the file in place: the watcher's poll falls between its two writes.
            let whole = try withTemporaryDirectory { scratch in
                try StatsFileWriter(directory: scratch).write(try makeReport(at: time, calls: 5))
                let name = try FileManager.default.contentsOfDirectory(atPath: scratch).first { !$0.hasPrefix(".") }
                return try Data(contentsOf: URL(fileURLWithPath: scratch + "/" + (name ?? "")))
            }
            let path = directory + "/statsbench-stats-20250102-030405.json"
            try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: path))
            let first = watcher.poll()
            guard case .unreadable(let file, _) = first.first, first.count == 1 else {
                Issue.record("expected one unreadable event, got \(first)")
                return
            }
            #expect(file == "statsbench-stats-20250102-030405.json")
            #expect(watcher.poll().isEmpty)  // unchanged: not reported twice
            try whole.write(to: URL(fileURLWithPath: path))
            let second = watcher.poll()
            #expect(reports(second) == ["statsbench-stats-20250102-030405.json"] && second.count == 1)
            guard case .report(_, let report) = second.first else { return }
            #expect(report.totals.apiCalls == 5)
            try whole.write(to: URL(fileURLWithPath: path))  // rewritten whole: already yielded, not again
            #expect(watcher.poll().isEmpty)
        }
    }

    @Test(
        "a FIFO, a link to a device that never ends and a directory named like stats files are reported unreadable at once, and the regular file after them is read"
    )
    func notRegularFiles() throws {
        try withTemporaryDirectory { directory in
            let watcher = StatsFileWatcher(directory: directory)
            _ = watcher.poll()
            #expect(mkfifo(directory + "/statsbench-stats-20250102-030401.json", 0o600) == 0)
            try FileManager.default.createSymbolicLink(
                atPath: directory + "/statsbench-stats-20250102-030402.json", withDestinationPath: "/dev/zero")
            try FileManager.default.createDirectory(
                atPath: directory + "/statsbench-stats-20250102-030403.json", withIntermediateDirectories: false)
            try StatsFileWriter(directory: directory).write(try makeReport(at: time))
            let events = watcher.poll()
            let unreadable = events.compactMap {
                if case .unreadable(let file, let reason) = $0 { (file, reason) } else { nil }
            }
            #expect(
                unreadable.map(\.0) == [
                    "statsbench-stats-20250102-030401.json", "statsbench-stats-20250102-030402.json",
                    "statsbench-stats-20250102-030403.json",
                ])
            #expect(unreadable[0].1.contains("not a regular file (a FIFO)"))
            #expect(unreadable[1].1.contains("not a regular file (a character device)"))
            #expect(unreadable[2].1.contains("not a regular file (a directory)"))
            #expect(reports(events) == ["statsbench-stats-20250102-030405.json"])
        }
    }

    @Test("survives the directory being emptied, removed and recreated; reports the absence once")
    func directoryLifecycle() throws {
        try withTemporaryDirectory { directory in
            let writer = try StatsFileWriter(directory: directory)
            let watcher = StatsFileWatcher(directory: directory)
            _ = watcher.poll()
            writer.write(try makeReport(at: time))
            #expect(reports(watcher.poll()).count == 1)
            for name in listing(directory) { try FileManager.default.removeItem(atPath: directory + "/" + name) }
            #expect(watcher.poll().isEmpty)  // emptied
            try FileManager.default.removeItem(atPath: directory)
            let gone = watcher.poll()
            #expect(gone.count == 1)
            if case .directoryUnavailable(let path, let reason) = gone.first {
                #expect(path == directory)
                #expect(reason == "No such file or directory", "\(reason)")  // errno's words, not NSCocoaErrorDomain
            } else {
                Issue.record("expected directoryUnavailable, got \(gone)")
            }
            #expect(watcher.poll().isEmpty)  // reported once
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
            writer.write(try makeReport(at: time))  // the same name as before: in a new directory, it is new
            let back = watcher.poll()
            #expect(back.first == .directoryAvailable(path: directory))
            #expect(reports(back) == ["statsbench-stats-20250102-030405.json"])
        }
    }

    @Test("the async stream yields a file written after it started", .timeLimit(.minutes(1)))
    func asyncStream() async throws {
        let directory = NSTemporaryDirectory() + "statsexport-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Existing files reported too: the file is yielded whether it lands before or after the first poll.
        let watcher = StatsFileWatcher(directory: directory, pollInterval: .milliseconds(10), reportExistingFiles: true)
        var events = watcher.events().makeAsyncIterator()
        let report = try makeReport(at: time)
        try StatsFileWriter(directory: directory).write(report)
        let event = await events.next()
        #expect(event == .report(file: "statsbench-stats-20250102-030405.json", report))
    }
}
