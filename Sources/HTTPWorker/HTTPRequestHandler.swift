import Logging
import NIOCore
import NIOHTTP1

/// Collects each request, enforces the body limits, asks the router for the answer and writes it with
/// `Date`, `Content-Length` and `Connection`.
///
/// Handlers are synchronous, so every request is answered before the decoder hands over the next:
/// pipelined requests get their responses in order without NIO's pipelining handler, which measured
/// about 7% more CPU per request.
final class HTTPRequestHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private enum State {
        case idle
        case receiving(HTTPRequestHead, body: ByteBuffer?, started: NIODeadline)
        /// A response with `Connection: close` went out; pipelined requests behind it are dropped.
        case closing
    }

    private let context: ConnectionContext
    private let connectionGuard: ConnectionGuard
    /// The `host:port` a request without a `Host` header is taken to be addressed to.
    private let localHost: String
    private var state = State.idle

    init(context: ConnectionContext, connectionGuard: ConnectionGuard, localHost: String) {
        self.context = context
        self.connectionGuard = connectionGuard
        self.localHost = localHost
    }

    func channelRead(context channelContext: ChannelHandlerContext, data: NIOAny) {
        if case .closing = state { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            connectionGuard.headReceived()
            let started = NIODeadline.now()
            if let refusal = refusal(of: head) {
                respond(channelContext, to: head, with: refusal, route: nil, started: started, keepAlive: false)
                return
            }
            if head.headers.first(name: "expect")?.lowercased() == "100-continue" {
                channelContext.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .continue))), promise: nil)
            }
            state = .receiving(head, body: nil, started: started)
        case .body(var chunk):
            guard case .receiving(let head, var body, let started) = state else { return }
            state = .idle
            if (body?.readableBytes ?? 0) + chunk.readableBytes > self.context.limits.bodySize {
                respond(channelContext, to: head, with: bodyTooLarge, route: nil, started: started, keepAlive: false)
                return
            }
            if body == nil {
                body = chunk
            } else {
                body!.writeBuffer(&chunk)
            }
            state = .receiving(head, body: body, started: started)
        case .end:
            guard case .receiving(let head, let body, let started) = state else {
                state = .idle
                return
            }
            state = .idle
            dispatch(channelContext, head: head, body: body ?? ByteBuffer(), started: started)
        }
    }

    /// Stops reading while the socket cannot take more, so a client that pipelines requests without
    /// reading the responses cannot make the server buffer them without bound.
    func channelWritabilityChanged(context channelContext: ChannelHandlerContext) {
        try? channelContext.channel.syncOptions?.setOption(.autoRead, value: channelContext.channel.isWritable)
        channelContext.fireChannelWritabilityChanged()
    }

    func errorCaught(context channelContext: ChannelHandlerContext, error: Error) {
        guard let parserError = error as? HTTPParserError else {
            let peer = channelContext.remoteAddress?.description ?? "unknown peer"
            if error is IOError {
                context.logger.debug("connection from \(peer) failed: \(error)")
            } else {
                context.logger.error("connection from \(peer) closed after an error: \(error)")
            }
            channelContext.close(promise: nil)
            return
        }
        let (status, message) = parserError == .headerOverflow && connectionGuard.requestLineTooLong
            ? (.uriTooLong, Self.requestLineTooLong(context.limits))
            : Self.answer(to: parserError, limits: context.limits)
        connectionGuard.reject(status, message)
    }

    private var bodyTooLarge: Response {
        .detail(.payloadTooLarge, "Request body is larger than the limit of \(context.limits.bodySize) bytes.")
    }

    /// The error answer for a head that must not be served, or nil when it may go on.
    private func refusal(of head: HTTPRequestHead) -> Response? {
        if head.version.major != 1 {
            return .detail(.httpVersionNotSupported, "HTTP/\(head.version.major).\(head.version.minor) is not supported; use HTTP/1.1.")
        }
        if head.uri.utf8.count > context.limits.requestLine {
            return .detail(.uriTooLong, Self.requestLineTooLong(context.limits))
        }
        if head.headers.contains(where: { $0.name.utf8.count + $0.value.utf8.count > context.limits.fieldSize }) {
            return .detail(.requestHeaderFieldsTooLarge, "A request header field is longer than the limit of \(context.limits.fieldSize) bytes.")
        }
        if head.headers.contains(name: "transfer-encoding") && head.headers.contains(name: "content-length") {
            return .detail(.badRequest, "A request must not have both Content-Length and Transfer-Encoding.")
        }
        if let length = head.headers.first(name: "content-length").flatMap(Int.init), length > context.limits.bodySize {
            return bodyTooLarge
        }
        return nil
    }

    private func dispatch(_ channelContext: ChannelHandlerContext, head: HTTPRequestHead, body: ByteBuffer, started: NIODeadline) {
        var request = Request(
            method: head.method,
            uri: head.uri,
            headers: head.headers,
            body: body,
            host: head.headers.first(name: "host") ?? localHost
        )
        let response: Response
        var route: String?
        switch context.router.match(head.method, path: request.path) {
        case .found(let found, let parameters):
            request.pathParameters = parameters
            route = found.template
            response = found.handler(request)
        case .methodNotAllowed(let allowed):
            response = .detail(.methodNotAllowed, "Method Not Allowed", headers: ["allow": allowed.map(\.rawValue).joined(separator: ", ")])
        case .notFound:
            response = .detail(.notFound, "Not Found")
        }
        let keepAlive = head.isKeepAlive && context.limits.keepAliveEnabled && !context.clock.isDraining
        respond(channelContext, to: head, with: response, route: route, started: started, keepAlive: keepAlive)
    }

    private func respond(
        _ channelContext: ChannelHandlerContext,
        to request: HTTPRequestHead,
        with response: Response,
        route: String?,
        started: NIODeadline,
        keepAlive: Bool
    ) {
        context.completed(request: request, response: response, route: route, started: started, channel: channelContext.channel)
        var head = HTTPResponseHead(version: request.version, status: response.status, headers: response.headers)
        head.headers.replaceOrAdd(name: "date", value: context.clock.dateHeader)
        head.headers.replaceOrAdd(name: "content-length", value: String(response.body.readableBytes))
        if !keepAlive {
            head.headers.add(name: "connection", value: "close")
        } else if request.version.minor == 0 {
            head.headers.add(name: "connection", value: "keep-alive")
        }
        channelContext.write(wrapOutboundOut(.head(head)), promise: nil)
        if request.method != .HEAD && response.body.readableBytes > 0 {
            channelContext.write(wrapOutboundOut(.body(.byteBuffer(response.body))), promise: nil)
        }
        if keepAlive {
            channelContext.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            connectionGuard.responseSent()
        } else {
            state = .closing
            connectionGuard.close(after: channelContext.writeAndFlush(wrapOutboundOut(.end(nil))))
        }
    }

    static func requestLineTooLong(_ limits: RequestLimits) -> String {
        "Request line is longer than the limit of \(limits.requestLine) bytes."
    }

    /// The status and message for a request the decoder could not parse.
    static func answer(to error: HTTPParserError, limits: RequestLimits) -> (HTTPResponseStatus, String) {
        switch error {
        case .headerOverflow:
            return (.requestHeaderFieldsTooLarge, "Request headers exceed the limits: at most \(limits.fieldCount) fields of \(limits.fieldSize) bytes each.")
        case .invalidVersion:
            return (.httpVersionNotSupported, "HTTP version not supported; use HTTP/1.1.")
        case .unexpectedContentLength:
            return (.badRequest, "A request must not have both Content-Length and Transfer-Encoding.")
        case .invalidContentLength:
            return (.badRequest, "Content-Length is not a valid number.")
        case .invalidChunkSize:
            return (.badRequest, "A chunk size in the chunked body is invalid.")
        default:
            return (.badRequest, "Malformed HTTP request (\(error)).")
        }
    }
}
