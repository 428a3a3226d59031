import Foundation
import Hummingbird
import ServerStats
import StatsCore
import StatsExport
import StatsHTTP

/// A pipeline in a known state: two methods, fixed times, binary-exact latencies (so that every figure is
/// exact), and the endpoints over it.
struct EndpointFixture {
    static let start = StatsTime(nanosecondsSinceEpoch: 1_700_000_000_000_000_000)

    let pipeline: StatsPipeline
    let endpoints: StatsEndpoints

    /// Clients `alpha` … (`clientIDs`); `alpha` made 3 calls of `tools/call` (0.5 s, 0.25 s, 0.25 s), one of
    /// them a timeout, and 1 `ping` (0.125 s); the clock is 30 s after the start.
    init(
        clientIDs: [String] = ["alpha", "beta"], token: String? = nil, history: HistoryCollector? = nil,
        metrics: StatsMetricsFactory? = nil
    ) throws {
        var configuration = StatsPipelineConfiguration(
            methods: try MethodTable(["tools/call", "ping"]), workerCapacity: 1)
        configuration.eventQueueCapacity = 8
        pipeline = try StatsPipeline(configuration: configuration, start: Self.start)
        let worker = pipeline.workers.register()
        var handles: [ClientHandle] = []
        for id in clientIDs { handles.append(try pipeline.connect(clientID: id, worker: worker)) }
        pipeline.tick(to: Self.start.adding(seconds: 10))
        let alpha = handles[0]
        let call = MethodID(index: 0)
        for (seconds, outcome) in [(0.5, RequestOutcome.success), (0.25, .success), (0.25, .timeoutError)] {
            pipeline.recordRequest(
                method: call, seconds: seconds, requestBytes: 100, responseBytes: 1000, outcome: outcome, client: alpha,
                worker: worker)
        }
        pipeline.recordRequest(
            method: MethodID(index: 1), seconds: 0.125, requestBytes: 10, responseBytes: 20, outcome: .success,
            client: alpha, worker: worker)
        pipeline.tick(to: Self.start.adding(seconds: 30))
        endpoints = StatsEndpoints(
            pipeline: pipeline, history: history, version: "1.2.3-test", metrics: metrics)
        self.token = token
    }

    private let token: String?

    /// The application under test (served on a loopback port by ``ApplicationProtocol/testLive(_:)``).
    func application() -> some ApplicationProtocol {
        Application(router: endpoints.router(bearerToken: token))
    }

    /// Runs `body` with a client connected to the application over a loopback socket.
    func test(_ body: @Sendable (HTTPTestClient) async throws -> Void) async throws {
        try await application().testLive(body)
    }
}

/// A response's body as text.
func text(_ response: TestResponse) -> String {
    String(buffer: response.body)
}

/// A response's body as a JSON object.
func object(_ response: TestResponse) throws -> [String: Any] {
    let value = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8))
    guard let object = value as? [String: Any] else { throw FixtureError.notAnObject(String(buffer: response.body)) }
    return object
}

/// A body that is not what a test expects.
enum FixtureError: Error {
    case notAnObject(String)
}
