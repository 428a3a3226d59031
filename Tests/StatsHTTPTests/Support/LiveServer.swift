import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle
import Testing

/// An application under test, served on a free port of 127.0.0.1 whatever address it was configured with; its
/// bound port is reported through `ports` once it listens.
private struct LiveApplication<Base: ApplicationProtocol>: ApplicationProtocol {
    typealias Responder = Base.Responder

    let base: Base
    let ports: AsyncStream<Int>.Continuation

    var responder: Responder { get async throws { try await base.responder } }
    var server: HTTPServerBuilder { base.server }
    var eventLoopGroup: any EventLoopGroup { base.eventLoopGroup }
    var configuration: ApplicationConfiguration { base.configuration.with(address: .hostname("127.0.0.1", port: 0)) }
    var logger: Logger { base.logger }
    var services: [any Service] { base.services }
    var processesRunBeforeServerStart: [@Sendable () async throws -> Void] { base.processesRunBeforeServerStart }

    @Sendable func onServerRunning(_ channel: any Channel) async {
        await base.onServerRunning(channel)
        if let port = channel.localAddress?.port { ports.yield(port) }
        ports.finish()
    }
}

/// The task executor of every live test server: one serial Dispatch queue, whose thread is not one of Swift
/// concurrency's shared (cooperative) threads. Child tasks and default actors of a task that prefers it run on it
/// (SE-0417), so Hummingbird's server and its connection handlers keep answering while synchronous tests hold
/// every shared thread.
final class LiveServerExecutor: TaskExecutor {
    static let shared = LiveServerExecutor()

    private let queue = DispatchQueue(label: "statsbench.tests.live-server")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}

/// Why a live test could not start.
enum LiveServerError: Error, CustomStringConvertible {
    /// The server stopped before it reported a listening port.
    case noPort

    var description: String { "live HTTP test: the server stopped before it listened on a port" }
}

extension ApplicationProtocol {
    /// Serves this application on a free loopback port, runs `body` with a client connected to it over a real
    /// socket (HTTP/1.1, one kept-alive connection), then shuts the server down gracefully.
    ///
    /// - Throws: what `body` or the server throws; ``LiveServerError/noPort`` when the server never listened.
    func testLive<Value: Sendable>(_ body: @Sendable (HTTPTestClient) async throws -> Value) async throws -> Value {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let application = LiveApplication(base: self, ports: continuation)
        let serviceGroup = ServiceGroup(
            configuration: .init(services: [application], gracefulShutdownSignals: [], logger: application.logger))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            // The server's tasks (the service group, the server actor, each connection's handler) run on a thread of
            // their own, not on Swift concurrency's shared threads: a synchronous test elsewhere in the run holds
            // one of those (two on two cores) for seconds, and the server must still answer a client on a thread
            // outside them (``MethodTests``' blocking exchanges).
            group.addTask(executorPreference: LiveServerExecutor.shared) {
                defer { continuation.finish() }
                try await serviceGroup.run()
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                try await group.waitForAll()
                throw LiveServerError.noPort
            }
            let client = try await HTTPTestClient.connect(port: port)
            do {
                let value = try await body(client)
                await client.close()
                await serviceGroup.triggerGracefulShutdown()
                try await group.waitForAll()
                return value
            } catch {
                await client.close()
                await serviceGroup.triggerGracefulShutdown()
                throw error
            }
        }
    }
}

/// A new IPv4 TCP socket (closed by the caller).
func loopbackTCPSocket() throws -> Int32 {
    #if canImport(Glibc)
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
        let socket = Darwin.socket(AF_INET, SOCK_STREAM, 0)
    #endif
    try #require(socket >= 0)
    return socket
}
