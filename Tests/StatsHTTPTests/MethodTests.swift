import Foundation
import Hummingbird
import StatsHTTP
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Methods and connections: 405 with `Allow` for a known path asked with another method, `HEAD` as `GET`
/// without the body, and a connection closed after the answer when the request does not keep it.
@Suite("HTTP methods and connections")
struct MethodTests {
    static let paths = [
        "/health", "/health/server", "/health/clients", "/health/clients/alpha", "/health/performance",
        "/health/performance/histogram", "/health/errors", "/health/resources", "/metrics",
    ]

    @Test("a known path with another method is 405 method-not-allowed with Allow: GET, HEAD", arguments: paths)
    func methodNotAllowed(path: String) async throws {
        let fixture = try EndpointFixture()
        try await fixture.test { client in
            for method: HTTPRequest.Method in [.post, .put, .delete, .patch, .options, .init("PURGE")!] {
                try await client.execute(uri: path, method: method) { response in
                    #expect(response.status == .methodNotAllowed, "\(method) \(path)")
                    #expect(response.headers[.allow] == "GET, HEAD")
                    let body = try object(response)
                    #expect(body["error"] as? String == "method-not-allowed")
                    #expect(body["status"] as? Int == 405)
                }
            }
        }
    }

    @Test("an unknown path stays 404 not-found whatever the method")
    func unknownPath() async throws {
        let fixture = try EndpointFixture()
        try await fixture.test { client in
            for method: HTTPRequest.Method in [.get, .head, .post] {
                for path in ["/nope", "/health/clients/a/b", "/metrics/x", "/health/nope"] {
                    try await client.execute(uri: path, method: method) { response in
                        #expect(response.status == .notFound, "\(method) \(path)")
                        #expect(response.headers[.allow] == nil)
                    }
                }
            }
        }
    }

    @Test("HEAD answers as GET does, with its status and Content-Length but no body", arguments: paths + ["/nope"])
    func head(path: String) async throws {
        let fixture = try EndpointFixture(clientIDs: ["alpha"])
        try await fixture.test { client in
            let get = try await client.execute(uri: path, method: .get)
            let head = try await client.execute(uri: path, method: .head)
            #expect(head.status == get.status, "\(path)")
            #expect(head.body.readableBytes == 0)
            #expect(head.headers[.contentType] == get.headers[.contentType])
            if path != "/metrics" {  // /metrics' length changes as the request metrics grow
                #expect(head.headers[.contentLength] == String(get.body.readableBytes))
            }
        }
    }

    @Test("every registered path answers GET (the route list and the 405 check agree)", arguments: paths)
    func everyPathAnswers(path: String) async throws {
        let fixture = try EndpointFixture()
        try await fixture.test { client in
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .ok, "\(path)")
            }
        }
    }

    /// ``blockingExchange(_:port:)`` on a Dispatch thread: its blocking reads must not hold one of the few
    /// threads Swift concurrency (and so the server's handlers) runs on.
    static func exchange(_ request: String, port: Int) async throws -> (text: String, closed: Bool) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try blockingExchange(request, port: port) })
            }
        }
    }

    /// Sends `request` on a new loopback connection to `port` and reads until the server closes it; returns
    /// what was read and whether the server closed (false: still open after 60 s). The wait bounds a hang and is no
    /// timing the test asserts. (The server's handlers once waited over 10 s for one of Swift concurrency's shared
    /// threads, held by synchronous tests; they now run on a thread of their own: ``LiveServerExecutor``.)
    static func blockingExchange(_ request: String, port: Int) throws -> (text: String, closed: Bool) {
        let socket = try loopbackTCPSocket()
        defer { close(socket) }
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        try #require(connected == 0)
        let bytes = Array(request.utf8)
        #if canImport(Glibc)
            let flags = Int32(MSG_NOSIGNAL)  // a server that closed early fails the send, not the process
        #else
            let flags: Int32 = 0
        #endif
        try #require(send(socket, bytes, bytes.count, flags) == bytes.count)
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count == 0 { return (String(decoding: received, as: UTF8.self), true) }
            if count < 0 { return (String(decoding: received, as: UTF8.self), false) }
            received += buffer[0..<count]
        }
    }

    @Test("HTTP/1.0 without keep-alive, and Connection: close, get an answer and then a closed connection")
    func closesWhenNotKeptAlive() async throws {
        let fixture = try EndpointFixture()
        let configuration = try StatsHTTPConfiguration(port: 0)
        try await fixture.endpoints.application(configuration: configuration).testLive { client in
            let port = client.port
            for request in [
                "GET /health HTTP/1.0\r\n\r\n", "HEAD /health HTTP/1.0\r\n\r\n",
                "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET /nope HTTP/1.0\r\nHost: x\r\n\r\n",
            ] {
                let (text, closed) = try await Self.exchange(request, port: port)
                #expect(text.hasPrefix("HTTP/1.1 200 OK") || text.hasPrefix("HTTP/1.1 404"), "\(request): \(text)")
                #expect(closed, "\(request): the connection stayed open")
                #expect(text.lowercased().contains("connection: close"), "\(request): \(text)")
            }
        }
    }

    @Test("the server answers while synchronous work holds every shared concurrency thread")
    func answersWhileSharedThreadsAreHeld() async throws {
        let fixture = try EndpointFixture()
        let configuration = try StatsHTTPConfiguration(port: 0)
        try await fixture.endpoints.application(configuration: configuration).testLive { client in
            let port = client.port
            // As many blocked tasks as Swift concurrency has shared threads (one per CPU): each holds a thread of
            // its own until the exchange below is done, as a long synchronous test elsewhere in the run does.
            let threads = ProcessInfo.processInfo.activeProcessorCount
            let started = DispatchSemaphore(value: 0)
            let release = DispatchSemaphore(value: 0)
            for _ in 0..<threads {
                Task.detached { Self.hold(started: started, until: release) }
            }
            let (held, text) = await withCheckedContinuation { continuation in
                DispatchQueue.global().async {
                    // Within 10 s: in a full test run, other synchronous tests may hold some of the threads for
                    // longer, so this test's tasks do not all start; the threads are then held all the same.
                    let deadline = DispatchTime.now() + 10
                    var held = 0
                    for _ in 0..<threads where started.wait(timeout: deadline) == .success { held += 1 }
                    let answer = try? Self.blockingExchange(
                        "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", port: port)
                    for _ in 0..<threads { release.signal() }
                    continuation.resume(returning: (held, answer?.text ?? ""))
                }
            }
            // Run alone (`--filter`), every shared thread is this test's; in a full run, at least one is.
            #expect(held >= 1, "none of the \(threads) shared threads was held by this test")
            #expect(text.hasPrefix("HTTP/1.1 200 OK"), "no answer while the shared threads were held: \(text)")
        }
    }

    /// Signals `started`, then blocks the calling thread until `release` is signalled.
    static func hold(started: DispatchSemaphore, until release: DispatchSemaphore) {
        started.signal()
        release.wait()
    }

    @Test("HTTP/1.0 with keep-alive and HTTP/1.1 keep the connection for a second request")
    func keepsWhenKeptAlive() async throws {
        let fixture = try EndpointFixture()
        let configuration = try StatsHTTPConfiguration(port: 0)
        try await fixture.endpoints.application(configuration: configuration).testLive { client in
            let port = client.port
            for first in [
                "GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", "GET /health HTTP/1.1\r\nHost: x\r\n\r\n",
            ] {
                let (text, closed) = try await Self.exchange(
                    first + "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", port: port)
                #expect(text.components(separatedBy: "HTTP/1.1 200 OK").count == 3, "\(first): \(text)")
                #expect(closed)
            }
        }
    }

    /// Requests NIO's HTTP/1 decoder refuses, with the status and error code each gets.
    static let unparsable: [(request: String, status: Int, code: String)] = [
        ("FOO /health HTTP/1.1\r\nHost: x\r\n\r\n", 400, "bad-request"),
        ("GET /health HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n", 400, "bad-request"),
        ("GET /health HTTP/9.9\r\nHost: x\r\n\r\n", 400, "bad-request"),
        ("GET /h\u{7F}ealth HTTP/1.1\r\nHost: x\r\n\r\n", 400, "bad-request"),
        (
            "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "a", count: 100_000) + "\r\n\r\n", 431,
            "headers-too-large"
        ),
    ]

    @Test(
        "a request the HTTP/1 decoder refuses gets the endpoints' JSON error and a closed connection",
        arguments: unparsable.indices)
    func unparsableRequest(index: Int) async throws {
        let (request, status, code) = Self.unparsable[index]
        let fixture = try EndpointFixture()
        let configuration = try StatsHTTPConfiguration(port: 0)
        try await fixture.endpoints.application(configuration: configuration).testLive { client in
            let (text, closed) = try await Self.exchange(request, port: client.port)
            let label = String(request.prefix(40))
            #expect(text.hasPrefix("HTTP/1.1 \(status) "), "\(label): \(text.prefix(200))")
            #expect(closed, "\(label): the connection stayed open")
            let head = text.lowercased().prefix { $0 != "{" }
            #expect(head.contains("connection: close") && head.contains("content-type: application/json"), "\(head)")
            let body = try #require(Self.errorBody(text), "\(label): \(text.prefix(300))")
            #expect(body["error"] as? String == code)
            #expect(body["status"] as? Int == status)
            #expect((body["message"] as? String)?.isEmpty == false)
            // One response only: Hummingbird's own empty 400 does not follow.
            #expect(text.components(separatedBy: "HTTP/1.1 ").count == 2, "\(label): \(text.prefix(300))")
        }
    }

    @Test("a refused request after a good one is answered after the good one's response, in order")
    func unparsableAfterPipelinedRequest() async throws {
        let fixture = try EndpointFixture()
        let configuration = try StatsHTTPConfiguration(port: 0)
        try await fixture.endpoints.application(configuration: configuration).testLive { client in
            let (text, closed) = try await Self.exchange(
                "GET /health HTTP/1.1\r\nHost: x\r\n\r\nFOO / HTTP/1.1\r\n\r\n", port: client.port)
            #expect(text.hasPrefix("HTTP/1.1 200 OK"), "\(text.prefix(200))")
            let second = try #require(text.range(of: "HTTP/1.1 400 "), "\(text.prefix(600))")
            #expect(Self.errorBody(String(text[second.lowerBound...]))?["error"] as? String == "bad-request")
            #expect(closed)
        }
    }

    /// The JSON object after the last response's head in `text`, `nil` when there is none.
    static func errorBody(_ text: String) -> [String: Any]? {
        guard let separator = text.range(of: "\r\n\r\n", options: .backwards) else { return nil }
        let data = Data(text[separator.upperBound...].utf8)
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }
}
