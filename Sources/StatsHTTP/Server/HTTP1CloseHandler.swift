import NIOCore
import NIOHTTP1

/// Closes the connection after the response to a request that does not ask to keep it: HTTP/1.0 without
/// `Connection: keep-alive` (HTTP/1.1 without `Connection: close` keeps it, as the protocol says).
///
/// Hummingbird 2.28.1 keeps a connection open unless the request carries `Connection: close`, and its
/// HTTP-types request no longer says which protocol version was used. This handler sits between NIO's
/// HTTP/1 decoder and the HTTP-types codec, where the version is still known: on such a request it sets
/// `Connection: close` on the request (so Hummingbird ends the connection after answering) and on the response
/// (so the client knows). ``HTTP1CloseInstaller`` puts it there.
final class HTTP1CloseHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// Whether the response being written ends the connection.
    private var closing = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data), !head.isKeepAlive else {
            context.fireChannelRead(data)
            return
        }
        head.headers.replaceOrAdd(name: "connection", value: "close")
        closing = true
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard closing, case .head(var head) = unwrapOutboundIn(data) else {
            context.write(data, promise: promise)
            return
        }
        head.headers.replaceOrAdd(name: "connection", value: "close")
        context.write(wrapOutboundOut(.head(head)), promise: promise)
    }
}

/// Hummingbird adds its extra channel handlers after the HTTP-types codec, where the protocol version is gone
/// and the decoder's parse errors have already been turned into an empty 400; this one, once added, puts an
/// ``HTTP1ParserErrorHandler`` right after NIO's HTTP/1 request decoder (when there is one), an
/// ``HTTP1CloseHandler`` after that, and from then on passes everything through.
final class HTTP1CloseInstaller: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    func handlerAdded(context: ChannelHandlerContext) {
        let pipeline = context.pipeline.syncOperations
        if let decoder = try? pipeline.context(handlerType: ByteToMessageHandler<HTTPRequestDecoder>.self) {
            try? pipeline.addHandler(HTTP1CloseHandler(), position: .after(decoder.handler))
            try? pipeline.addHandler(HTTP1ParserErrorHandler(), position: .after(decoder.handler))
        }
    }
}
