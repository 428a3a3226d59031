import Foundation
import ServerStats
import StatsCore

/// The time `seconds` after the epoch.
func t(_ seconds: Double) -> StatsTime { StatsTime(secondsSinceEpoch: seconds) }

/// A pipeline with methods get/put, two worker shards, a 10 × 1 s window, its clock at t = 1000 s.
func makePipeline(workers: Int = 2) throws -> StatsPipeline {
    var configuration = StatsPipelineConfiguration(methods: try MethodTable(["get", "put"]), workerCapacity: workers)
    configuration.windowSlots = 10
    return try StatsPipeline(configuration: configuration, start: t(1000))
}

/// An interval report ending at `time` with `calls` calls (1 failed if `calls > 0`) recorded by one worker.
func makeReport(at time: StatsTime, calls: Int = 3) throws -> IntervalReport {
    let pipeline = try makePipeline()
    let aggregator = IntervalAggregator(pipeline: pipeline)
    let worker = pipeline.workers.register()
    let client = try pipeline.connect(clientID: "c", worker: worker)
    let get = pipeline.methods.id(of: "get")!
    for call in 0..<calls {
        pipeline.recordRequest(
            method: get, seconds: 0.01, requestBytes: 100, responseBytes: 250,
            outcome: call == 0 ? .serverError : .success, client: client, worker: worker)
    }
    return aggregator.report(at: time)
}

/// Runs `body` with a new empty directory, removed afterwards (whatever the body did to it).
func withTemporaryDirectory<Result>(_ body: (String) throws -> Result) throws -> Result {
    let path = NSTemporaryDirectory() + "statsexport-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}

/// The names in `directory`, sorted (hidden ones included).
func listing(_ directory: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
}

/// Writes `text` to `path` (replacing it).
func writeText(_ text: String, to path: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

/// One sample line of an exposition: `name{labels} value`.
struct ExpositionLine: Equatable {
    var name: String
    var labels: [String: String]
    var value: String
}

/// The sample lines of `text` (comments skipped). Label values must not contain `,` or `}` (test data only).
func sampleLines(_ text: String) -> [ExpositionLine] {
    text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
        let parts = line.split(separator: " ")
        let series = parts[0]
        var labels: [String: String] = [:]
        var name = String(series)
        if let brace = series.firstIndex(of: "{") {
            name = String(series[..<brace])
            let inner = series[series.index(after: brace)..<series.index(before: series.endIndex)]
            for pair in inner.split(separator: ",") {
                let keyValue = pair.split(separator: "=", maxSplits: 1)
                labels[String(keyValue[0])] = String(keyValue[1].dropFirst().dropLast())
            }
        }
        return ExpositionLine(name: name, labels: labels, value: String(parts[1]))
    }
}
