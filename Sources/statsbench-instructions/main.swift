import ServerStats
import StatsCore

// statsbench-instructions PATH RECORDS: makes RECORDS records on one record path and exits, for counting
// instructions under `valgrind --tool=callgrind`. statsbench runs it twice with different RECORDS and takes the
// difference, so the setup and process start cancel out. PATH is counter, histogram, request or ring.
//
// Test-only switch: STATSBENCH_INJECT_INSTRUCTIONS=K adds K steps of a dependent multiply–add chain to every
// record, a known instruction change the counts must catch.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The chain added per record by the test-only switch (kept out of line, so its cost is the same everywhere).
@inline(never)
func injected(_ seed: UInt64, steps: Int) -> UInt64 {
    var value = seed | 1
    for _ in 0..<steps { value = value &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407 }
    return value
}

/// One 32-byte ring element.
struct Entry: BitwiseCopyable, Sendable {
    var a, b, c, d: UInt64
}

func fail(_ message: String) -> Never {
    let text = "statsbench-instructions: \(message)\nusage: statsbench-instructions counter|histogram|request|ring N\n"
    _ = text.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
    exit(2)
}

let arguments = CommandLine.arguments
guard arguments.count == 3 else { fail("expected a record path and a count") }
guard let records = Int(arguments[2]), records >= 0 else {
    fail("RECORDS must be a whole number ≥ 0, got '\(arguments[2])'")
}
var steps = 0
if let text = getenv("STATSBENCH_INJECT_INSTRUCTIONS").map({ String(cString: $0) }), !text.isEmpty {
    guard let value = Int(text), value >= 0 else {
        fail("STATSBENCH_INJECT_INSTRUCTIONS must be a whole number ≥ 0, got '\(text)'")
    }
    steps = value
}
var keep: UInt64 = 0
let registry = WorkerRegistry(capacity: 1)
let worker = registry.register()
switch arguments[1] {
case "counter":
    let counter = Counter(registry: registry)
    for index in 0..<records {
        counter.increment(worker: worker)
        if steps > 0 { keep &+= injected(UInt64(index), steps: steps) }
    }
case "histogram":
    let histogram = ExponentialHistogram(layout: .seconds, registry: registry)
    var value = 0.001
    for index in 0..<records {
        histogram.record(value, worker: worker)
        value = value < 10 ? value * 1.0001 : 0.001
        if steps > 0 { keep &+= injected(UInt64(index), steps: steps) }
    }
case "request":
    let pipeline: StatsPipeline
    let client: ClientHandle
    do {
        pipeline = try StatsPipeline(
            configuration: StatsPipelineConfiguration(methods: try MethodTable(["a", "b"]), workerCapacity: 1))
        let requestWorker = pipeline.workers.register()
        client = try pipeline.connect(clientID: "c0", worker: requestWorker)
        var latency = 0.002
        for index in 0..<records {
            pipeline.recordRequest(
                method: MethodID(index: index & 1), seconds: latency, requestBytes: 512, responseBytes: 4096,
                outcome: .success, client: client, worker: requestWorker)
            latency = latency < 1 ? latency * 1.001 : 0.002
            if steps > 0 { keep &+= injected(UInt64(index), steps: steps) }
        }
    } catch {
        fail("cannot set up the pipeline: \(error)")
    }
case "ring":
    let ring = SnapshotRing<Entry>(capacity: 64)
    for index in 0..<records {
        let word = UInt64(truncatingIfNeeded: index)
        ring.append(Entry(a: word, b: word, c: word, d: word))
        if steps > 0 { keep &+= injected(word, steps: steps) }
    }
default:
    fail("unknown record path '\(arguments[1])'")
}
if keep == 42 { print("") }  // keeps the injected chain's result alive
