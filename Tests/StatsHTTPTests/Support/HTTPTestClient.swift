import Hummingbird
import NIOCore
import NIOHTTP1
import NIOPosix

/// A response as the endpoint tests read it: the status, the header fields and the whole body.
struct TestResponse: Sendable {
    /// The status (compared by code).
    let status: HTTPResponse.Status
    /// The header fields as the server sent them.
    let headers: HTTPFields
    /// The body's bytes (empty for `HEAD` and for a response without a body).
    let body: ByteBuffer
}

/// Why a test request got no response.
enum HTTPTestClientError: Error, CustomStringConvertible {
    /// The server closed the connection before answering the request to `uri`.
    case closedBeforeResponse(uri: String)
    /// The connection's pipeline has no response collector (it was closed and torn down).
    case noConnection(uri: String)

    var description: String {
        switch self {
        case .closedBeforeResponse(let uri):
            "HTTP test client: the server closed the connection before answering \(uri)"
        case .noConnection(let uri): "HTTP test client: no open connection to send \(uri) on"
        }
    }
}

/// An HTTP/1.1 client over one kept-alive loopback connection, built on NIOPosix and NIOHTTP1 only (no TLS
/// stack): each ``execute(uri:method:headers:body:)`` sends one request on that connection and waits for its
/// whole response, so a test's requests also check that the server keeps an HTTP/1.1 connection open.
struct HTTPTestClient: Sendable {
    /// The server's port on 127.0.0.1.
    let port: Int
    private let channel: any Channel

    /// Connects to `port` on 127.0.0.1.
    static func connect(port: Int) async throws -> HTTPTestClient {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(ResponseCollector())
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return HTTPTestClient(port: port, channel: channel)
    }

    /// Closes the connection (a connection the server already closed is fine).
    func close() async {
        try? await channel.close()
    }

    /// Sends `method uri` with `headers` (plus `Host`, and `Content-Length` when there is a body or the method
    /// usually carries one) and returns the server's response.
    ///
    /// - Throws: ``HTTPTestClientError`` when the server closes the connection before it answers;
    ///   NIO's error when the connection fails.
    func execute(
        uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil
    ) async throws -> TestResponse {
        var head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: method.rawValue), uri: uri)
        head.headers.add(name: "host", value: "127.0.0.1:\(port)")
        for field in headers { head.headers.add(name: field.name.rawName, value: field.value) }
        if body != nil || (method != .get && method != .head) {
            head.headers.replaceOrAdd(name: "content-length", value: String(body?.readableBytes ?? 0))
        }
        let promise = channel.eventLoop.makePromise(of: TestResponse.self)
        let channel = self.channel
        channel.eventLoop.execute {
            do {
                let collector = try channel.pipeline.syncOperations.handler(type: ResponseCollector.self)
                collector.send(head: head, body: body, uri: uri, answer: promise)
            } catch {
                promise.fail(HTTPTestClientError.noConnection(uri: uri))
            }
        }
        return try await promise.futureResult.get()
    }

    /// Sends a request as ``execute(uri:method:headers:body:)`` does and hands its response to `check`.
    @discardableResult
    func execute<Value>(
        uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil,
        _ check: (TestResponse) async throws -> Value
    ) async throws -> Value {
        try await check(try await execute(uri: uri, method: method, headers: headers, body: body))
    }
}

/// Writes requests and gathers each response's head and body parts; answers the requests' promises in order.
/// Used on its channel's event loop only.
private final class ResponseCollector: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = HTTPClientRequestPart

    private var context: ChannelHandlerContext?
    private var waiting: [(uri: String, answer: EventLoopPromise<TestResponse>)] = []
    private var head: HTTPResponseHead?
    private var body = ByteBuffer()

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func send(head: HTTPRequestHead, body: ByteBuffer?, uri: String, answer: EventLoopPromise<TestResponse>) {
        guard let context, context.channel.isActive else {
            answer.fail(HTTPTestClientError.closedBeforeResponse(uri: uri))
            return
        }
        waiting.append((uri, answer))
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if let body { context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil) }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let responseHead):
            head = responseHead
            body.clear()
        case .body(var part):
            body.writeBuffer(&part)
        case .end:
            guard let responseHead = head, !waiting.isEmpty else { return }
            head = nil
            var fields = HTTPFields()
            for (name, value) in responseHead.headers {
                if let fieldName = HTTPFields.Element.Name(name) {
                    fields.append(HTTPFields.Element(name: fieldName, value: value))
                }
            }
            let status = HTTPResponse.Status(
                code: Int(responseHead.status.code), reasonPhrase: responseHead.status.reasonPhrase)
            waiting.removeFirst().answer.succeed(TestResponse(status: status, headers: fields, body: body))
            body = ByteBuffer()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failWaiting()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        for (_, answer) in waiting { answer.fail(error) }
        waiting.removeAll()
        context.close(promise: nil)
    }

    private func failWaiting() {
        for (uri, answer) in waiting { answer.fail(HTTPTestClientError.closedBeforeResponse(uri: uri)) }
        waiting.removeAll()
    }
}
