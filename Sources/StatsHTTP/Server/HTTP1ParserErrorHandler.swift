import Foundation
import NIOCore
import NIOHTTP1

/// Answers a request that NIO's HTTP/1 decoder cannot parse (an unknown method such as `FOO`, a header line
/// without a colon, headers over the decoder's limits, a malformed request line) with the endpoints' JSON error
/// body, then closes the connection.
///
/// Such a request never reaches a route or a middleware: the decoder fails before there is a request. Left to
/// Hummingbird 2.28.1, the client gets `400 Bad Request` with an empty body. This handler sits right after the
/// decoder (``HTTP1CloseInstaller`` puts it there), sees the decoder's `HTTPParserError` first and answers:
///
/// - `431 headers-too-large` when the header fields exceed the decoder's limits (80 KiB per field and in all);
/// - `400 bad-request` for every other parse failure, the message naming what the decoder found
///   (``reason(_:)``).
///
/// The error is not passed on, so Hummingbird does not write its own empty 400 after this one. A failure after
/// complete requests whose responses are still being written (pipelined garbage) is answered once they have
/// ended. A failure inside a request (a malformed chunked body, after the head went to the handler) is passed on
/// as before: that request's handler is still reading its body, and is the one to fail.
final class HTTP1ParserErrorHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// Request heads read whose response has not ended yet.
    private var unanswered = 0
    /// Whether a request's head has been read but not its end.
    private var readingRequest = false
    /// A parse failure that waits for the responses in progress to end.
    private var deferred: HTTPParserError?
    /// Whether this handler answered a parse failure (the connection is closing; later errors are dropped).
    private var answered = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            unanswered += 1
            readingRequest = true
        case .end: readingRequest = false
        case .body: break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .end = unwrapOutboundIn(data), unanswered > 0 else {
            context.write(data, promise: promise)
            return
        }
        unanswered -= 1
        context.write(data, promise: promise)
        if unanswered == 0, let error = deferred {
            deferred = nil
            answer(error, context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // After the answer, the decoder reports any further bytes as data received in its error state.
        guard !answered, deferred == nil else { return }
        guard let parserError = error as? HTTPParserError, !readingRequest else {
            context.fireErrorCaught(error)
            return
        }
        if unanswered > 0 {
            deferred = parserError
        } else {
            answer(parserError, context: context)
        }
    }

    /// Writes the JSON answer to `error` and closes the connection once it is written.
    private func answer(_ error: HTTPParserError, context: ChannelHandlerContext) {
        answered = true
        let answer = Self.answer(to: error)
        // An ErrorBody's encoding does not fail; were it to, the answer still has its status, without a body.
        let body = (try? StatsJSON.body(answer)) ?? Data()
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: StatsJSON.contentType)
        headers.add(name: "Content-Length", value: String(body.count))
        headers.add(name: "Connection", value: "close")
        let status = HTTPResponseStatus(statusCode: answer.status)
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))))
            .whenFailure { _ in }
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))))
            .whenFailure { _ in }
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }

    /// The JSON error body for a parse failure: `headers-too-large` (431) for headers over the decoder's limits,
    /// `bad-request` (400) for the rest.
    static func answer(to error: HTTPParserError) -> ErrorBody {
        if case .headerOverflow = error {
            return ErrorBody(
                error: "headers-too-large",
                message: "the request's header fields are larger than the server reads (80 KiB per field and in all)",
                status: 431)
        }
        return ErrorBody(
            error: "bad-request",
            message: "the request is not valid HTTP/1.1: \(reason(error)); the connection is closed", status: 400)
    }

    /// What the decoder found, in words.
    static func reason(_ error: HTTPParserError) -> String {
        switch error {
        case .invalidMethod: return "the method is not an HTTP method token (the endpoints answer GET and HEAD)"
        case .invalidVersion: return "the request line does not end with HTTP/1.0 or HTTP/1.1"
        case .invalidURL, .invalidPath, .invalidQueryString, .invalidFragment, .invalidHost, .invalidPort:
            return "the request target is not a valid URL path"
        case .invalidHeaderToken: return "a header line is not 'Name: value' with a valid name"
        case .invalidCharactersUsed: return "it holds characters HTTP does not allow there"
        case .invalidContentLength, .unexpectedContentLength: return "its Content-Length is invalid"
        case .invalidChunkSize: return "a chunk size of its body is invalid"
        case .lfExpected, .invalidConstant: return "a line is not terminated as HTTP requires (CRLF)"
        case .headerOverflow: return "its header fields are too large"
        default: return "the decoder failed (\(error))"
        }
    }
}
