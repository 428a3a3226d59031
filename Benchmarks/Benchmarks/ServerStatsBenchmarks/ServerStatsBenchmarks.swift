import Benchmark
import ServerStats
import StatsCore

/// Whole-request recording and window queries of the pipeline. Per-operation figures as in StatsCoreBenchmarks.
let benchmarks: @Sendable () -> Void = {
    Benchmark(
        "Pipeline.recordRequest.1thread",
        configuration: .init(
            metrics: [.wallClock, .mallocCountTotal], timeUnits: .nanoseconds, warmupIterations: 3,
            scalingFactor: .mega, maxDuration: .seconds(2), maxIterations: 30,
            thresholds: [.mallocCountTotal: .init(absolute: [.p90: 0])])
    ) { (benchmark: Benchmark, state: RequestState) in
        let pipeline = state.pipeline
        for index in benchmark.scaledIterations {
            pipeline.recordRequest(
                method: state.methods[index & 3], seconds: state.latencies[index & 4095],
                requestBytes: UInt64(index & 1023), responseBytes: UInt64(index & 8191), outcome: .success,
                client: state.clients[index & 63], worker: state.worker)
        }
    } setup: {
        try RequestState()
    }

    for requests in [10_000, 10_000_000] {
        Benchmark(
            "Pipeline.windowP99.\(requests)requests",
            configuration: .init(
                metrics: [.wallClock, .mallocCountTotal], timeUnits: .microseconds, warmupIterations: 3,
                scalingFactor: .one, maxDuration: .seconds(2), maxIterations: 200)
        ) { (benchmark: Benchmark, state: RequestState) in
            blackHole(state.pipeline.requestStatistics().p99)
        } setup: {
            let state = try RequestState()
            // Spread the requests over the 60 one-second slots of the window.
            for index in 0..<requests {
                if index % (requests / 60) == 0 {
                    state.pipeline.tick(to: StatsTime(secondsSinceEpoch: 1000 + Double(index / (requests / 60))))
                }
                state.pipeline.recordRequest(
                    method: state.methods[index & 3], seconds: state.latencies[index & 4095], requestBytes: 100,
                    responseBytes: 1000, outcome: index % 50 == 0 ? .serverError : .success,
                    client: state.clients[index & 63], worker: state.worker)
            }
            return state
        }
    }
}

/// A pipeline with four methods, 64 connected clients and a worker, plus 4096 lognormal latencies.
struct RequestState: Sendable {
    let pipeline: StatsPipeline
    let methods: [MethodID]
    let clients: [ClientHandle]
    let worker: WorkerID
    let latencies: [Double]

    init() throws {
        let table = try MethodTable(["get", "put", "list", "delete"])
        pipeline = try StatsPipeline(
            configuration: StatsPipelineConfiguration(methods: table, workerCapacity: 2),
            start: StatsTime(secondsSinceEpoch: 1000))
        methods = table.ids
        let worker = pipeline.workers.register()
        self.worker = worker
        let pipeline = self.pipeline
        clients = try (0..<64).map { try pipeline.connect(clientID: "client-\($0)", worker: worker) }
        var state: UInt64 = 7
        latencies = (0..<4096).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let unit = (Double(state >> 11) + 0.5) * 0x1p-53
            return 0.0005 / unit.squareRoot()  // heavy-tailed, 0.5 ms and up
        }
    }
}
