import Logging
import ServerStats
import Synchronization
import Testing

/// Log records kept by ``RecordingLogHandler``.
final class LogRecords: Sendable {
    /// One logged event.
    struct Entry: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: Logger.Metadata
    }

    private let entries = Mutex<[Entry]>([])

    var all: [Entry] { entries.withLock { $0 } }

    func append(_ entry: Entry) { entries.withLock { $0.append(entry) } }

    /// A logger whose events land here.
    func logger(_ label: String = "test") -> Logger {
        Logger(label: label) { _ in RecordingLogHandler(records: self) }
    }
}

/// A log handler that records every event, so tests can assert what was logged.
struct RecordingLogHandler: LogHandler {
    let records: LogRecords
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        records.append(.init(level: event.level, message: "\(event.message)", metadata: event.metadata ?? [:]))
    }
}

/// A sample whose timestamp is `second` seconds and thread count `second`, to tell samples apart.
func sample(_ second: Int) -> ResourceSample {
    ResourceSample(timestamp: StatsTime(secondsSinceEpoch: Double(second)), threads: second)
}

struct SampleFailure: Error, CustomStringConvertible {
    var description: String { "disk on fire" }
}

/// The history collector: FIFO ring, failing sources, and the run loop.
@Suite struct HistoryCollectorTests {
    @Test func collectionsFillTheRingAndEvictTheOldestFirst() throws {
        let collector = HistoryCollector(configuration: try HistoryConfiguration(capacity: 3)) { time in
            sample(Int(time.secondsSinceEpoch))
        }
        #expect(collector.count == 0)
        #expect(collector.latest() == nil)
        #expect(collector.all().isEmpty)
        for second in 1...5 {
            #expect(collector.collectOnce(at: StatsTime(secondsSinceEpoch: Double(second))))
        }
        #expect(collector.count == 3)
        #expect(collector.collectedSamples == 5)
        #expect(collector.all() == [sample(3), sample(4), sample(5)])
        #expect(collector.latest() == sample(5))
        var buffer = [sample(99)]
        collector.all(into: &buffer)
        #expect(buffer == [sample(3), sample(4), sample(5)])
        #expect(collector.failedSamples == 0)
    }

    @Test func aFailingSampleIsCountedAndLoggedAndCollectionGoesOn() throws {
        let calls = Mutex(0)
        let records = LogRecords()
        let collector = HistoryCollector(
            configuration: try HistoryConfiguration(capacity: 10), logger: records.logger()
        ) { time in
            let call = calls.withLock { calls in
                calls += 1
                return calls
            }
            if call == 2 || call == 3 { throw SampleFailure() }
            return sample(Int(time.secondsSinceEpoch))
        }
        #expect(collector.collectOnce(at: StatsTime(secondsSinceEpoch: 1)))
        #expect(!collector.collectOnce(at: StatsTime(secondsSinceEpoch: 2)))
        #expect(!collector.collectOnce(at: StatsTime(secondsSinceEpoch: 3)))
        #expect(collector.collectOnce(at: StatsTime(secondsSinceEpoch: 4)))
        #expect(collector.failedSamples == 2)
        #expect(collector.all() == [sample(1), sample(4)])

        let warnings = records.all.filter { $0.level == .warning }
        #expect(warnings.count == 2)
        #expect(warnings.first?.message.contains("History sample failed") == true)
        #expect(warnings.first?.metadata["error"] == "disk on fire")
        #expect(warnings.last?.metadata["failedSamples"] == "2")
    }

    @Test func runCollectsEveryIntervalUntilCancelled() async throws {
        let collector = HistoryCollector(configuration: try HistoryConfiguration(intervalSeconds: 0.01)) { time in
            ResourceSample(timestamp: time)
        }
        let task = Task { await collector.run() }
        try await waitUntil { collector.count >= 3 }
        task.cancel()
        await task.value
        let stopped = collector.count
        #expect(stopped >= 3)
        try await Task.sleep(for: .milliseconds(50))
        #expect(collector.count == stopped, "no sample after the run loop returned")
        let times = collector.all().map(\.timestamp)
        #expect(times == times.sorted())
    }

    @Test func startAndStop() async throws {
        let collector = HistoryCollector(configuration: try HistoryConfiguration(intervalSeconds: 0.01)) { time in
            ResourceSample(timestamp: time)
        }
        #expect(!collector.isRunning)
        collector.start()
        collector.start()
        #expect(collector.isRunning)
        try await waitUntil { collector.count >= 2 }
        await collector.stop()
        #expect(!collector.isRunning)
        let stopped = collector.count
        try await Task.sleep(for: .milliseconds(50))
        #expect(collector.count == stopped)
        await collector.stop()
    }

    @Test(.enabled(if: ResourceSampler.isSupported)) func aSamplerBackedCollectorRecordsThisProcess() throws {
        let collector = HistoryCollector(
            configuration: try HistoryConfiguration(capacity: 2), sampler: ResourceSampler())
        let start = StatsTime.wallClockNow()
        collector.collectOnce(at: start)
        // Stamped a second later, past the sampler's shortest CPU window.
        collector.collectOnce(at: start.adding(seconds: 1))
        let latest = try #require(collector.latest())
        #expect(latest.residentBytes != nil)
        #expect(latest.cpuPercent != nil)
        #expect(collector.all().first?.cpuPercent == nil)
    }
}

/// Waits (polling) until `condition` holds; a generous cap turns a hang into a failure instead of a stuck run.
func waitUntil(_ condition: () -> Bool) async throws {
    for _ in 0..<6000 where !condition() {
        try await Task.sleep(for: .milliseconds(5))
    }
    try #require(condition())
}
