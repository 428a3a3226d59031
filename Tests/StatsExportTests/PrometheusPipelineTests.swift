import Foundation
import Metrics
import ServerStats
import StatsCore
import StatsExport
import Testing

/// A pipeline with a little of everything: two clients (one gone), calls of both methods, one failure.
func populatedPipeline() throws -> StatsPipeline {
    let pipeline = try makePipeline()
    let worker = pipeline.workers.register()
    let get = pipeline.methods.id(of: "get")!
    let put = pipeline.methods.id(of: "put")!
    let first = try pipeline.connect(clientID: "alice", worker: worker)
    let second = try pipeline.connect(clientID: "bob \"b\"", worker: worker)
    pipeline.recordRequest(
        method: get, seconds: 0.0625, requestBytes: 100, responseBytes: 300, outcome: .success, client: first,
        worker: worker)
    pipeline.recordRequest(
        method: put, seconds: 0.5, requestBytes: 1000, responseBytes: 20, outcome: .timeoutError, client: second,
        worker: worker)
    pipeline.tick(to: t(1004))
    try pipeline.disconnect(second, reason: .graceful, worker: worker)
    return pipeline
}

@Suite("Prometheus page of a whole pipeline")
struct PrometheusPipelineTests {
    @Test("every server-wide statistic renders exactly as in the fixture")
    func serverFixture() throws {
        var renderer = PrometheusRenderer()
        renderer.appendServer(try populatedPipeline().serverSnapshot())
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Fixtures/server.prom")
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(renderer.text == expected)
    }

    @Test("a full page has one HELP and one TYPE per family and only valid names")
    func familiesAreUnique() throws {
        var renderer = PrometheusRenderer()
        renderer.options.perClientSeries = true
        let text = renderer.render(
            pipeline: try populatedPipeline(),
            resources: ResourceSample(timestamp: t(1004), cpuPercent: 3, residentBytes: 10, watchedThreads: 2))
        let helps = text.split(separator: "\n").filter { $0.hasPrefix("# HELP ") }.map { $0.split(separator: " ")[2] }
        let types = text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.map { $0.split(separator: " ")[2] }
        #expect(Set(helps).count == helps.count && helps == types)
        let valid = /[a-zA-Z_:][a-zA-Z0-9_:]*/
        #expect(sampleLines(text).allSatisfy { $0.name.wholeMatch(of: valid) != nil })
        #expect(text.contains(#"statsbench_requests_total{method="put"} 1"#))
        #expect(text.contains(#"statsbench_request_errors_total{method="put"} 1"#))
        #expect(text.contains(#"statsbench_process_threads{process="watched"} 2"#))
        #expect(!text.contains(#"statsbench_process_threads{process="self"}"#))  // nil: omitted
    }

    /// The path of `promtool`, if installed.
    static let promtool: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/promtool" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }()

    @Test(
        "promtool check metrics accepts a full page",
        .enabled(if: promtool != nil, "promtool is not on PATH: apt-get install prometheus to run this check"))
    func promtoolAcceptsPage() throws {
        let factory = StatsMetricsFactory()
        Counter(label: "jobs.done", dimensions: [("queue", "a")], factory: factory).increment(by: 3)
        Timer(label: "job_duration", factory: factory).recordNanoseconds(1_500_000)
        Recorder(label: "payload_bytes", factory: factory).record(512)
        Gauge(label: "workers_busy", factory: factory).record(2)
        Meter(label: "queue_depth", factory: factory).set(7)
        FloatingPointCounter(label: "cost", factory: factory).increment(by: 0.5)
        var renderer = PrometheusRenderer()
        renderer.options.perClientSeries = true
        let text = renderer.render(
            pipeline: try populatedPipeline(),
            resources: ResourceSample(
                timestamp: t(1004), cpuPercent: 3, residentBytes: 10, memoryPercent: 0.5, openFileDescriptors: 9,
                threads: 4, watchedPID: 42, watchedResidentBytes: 20),
            metrics: factory.snapshot())
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.promtool!)
        process.arguments = ["check", "metrics"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "promtool: \(report)\n\(text)")
    }
}
