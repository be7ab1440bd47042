import NIOCore
import NIOHTTP1
import NIOHTTP2

/// Serves the one request of an HTTP/2 stream with the server's router, limits and reports, as
/// `HTTPRequestHandler` serves an HTTP/1.1 connection's.
///
/// It sits on the stream's channel behind NIOHTTP2's `HTTP2FramePayloadToHTTP1ServerCodec`, so it
/// sees the request as HTTP/1 parts whose head says `HTTP/2.0` (what the access log shows) and writes
/// the response as a head, a body and an end. The body is bounded by `max_body_size` and the worker's
/// `BodyBudget` as over HTTP/1.1, and must arrive within `body_timeout`, pausing no longer than
/// `header_timeout`. A refusal sent before the request's end resets the stream after the response, so
/// the client stops sending its body.
final class HTTP2StreamHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private enum State {
        case idle
        case receiving(HTTPRequestHead, body: ByteBuffer?, started: NIODeadline)
        /// Refused before the request's end arrived; the rest of it is dropped.
        case refused
        /// The request is dispatched or refused; nothing more of it is read.
        case answered
    }

    private let context: ConnectionContext
    /// The `host:port` a request without `:authority` or `Host` is taken to be addressed to.
    private let localHost: String
    private let scheme: String
    private let trustsForwarding: Bool
    private var forwarded: ForwardedRequest?
    private var state = State.idle
    /// Bytes of the body taken from the worker's `BodyBudget`.
    private var budgeted = 0
    /// When the body must be complete, and the timer that enforces it and its pauses.
    private var bodyDeadline = NIODeadline.distantFuture
    private var timer: Scheduled<Void>?

    init(context: ConnectionContext, localHost: String, scheme: String, trustsForwarding: Bool) {
        self.context = context
        self.localHost = localHost
        self.scheme = scheme
        self.trustsForwarding = trustsForwarding
    }

    func channelRead(context channelContext: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            guard case .idle = state else { return }
            context.hooks.requestStarted?()
            let started = NIODeadline.now()
            forwarded = trustsForwarding ? ForwardedRequest(head.headers, trusting: context.forwardedAllowIPs) : nil
            if let refusal = RequestRefusal.refusal(ofFields: head, limits: context.limits) {
                return respond(channelContext, to: head, with: refusal, route: nil, started: started, early: true)
            }
            state = .receiving(head, body: nil, started: started)
            bodyDeadline = started + context.limits.bodyTimeout
            waitForBody(channelContext)
        case .body(var chunk):
            guard case .receiving(let head, var body, let started) = state else { return }
            if let refusal = context.receive(&chunk, of: head, into: &body, budgeted: &budgeted, allocator: channelContext.channel.allocator) {
                return respond(channelContext, to: head, with: refusal, route: nil, started: started, early: true)
            }
            state = .receiving(head, body: body, started: started)
            waitForBody(channelContext)
        case .end:
            if case .refused = state { state = .answered }
            guard case .receiving(let head, let body, let started) = state else { return }
            state = .answered
            timer?.cancel()
            releaseBody()
            dispatch(channelContext, head: head, body: body ?? ByteBuffer(), started: started)
        }
    }

    /// Reports a request whose stream closed (reset, or its connection gone) before it was answered.
    func handlerRemoved(context channelContext: ChannelHandlerContext) {
        if case .receiving = state { context.hooks.requestAbandoned?() }
        state = .answered
        timer?.cancel()
        releaseBody()
    }

    private func releaseBody() {
        context.bodyBudget.giveBack(budgeted)
        budgeted = 0
    }

    /// Arms the body's timer for the next pause (`header_timeout`) or its deadline, whichever comes first.
    private func waitForBody(_ channelContext: ChannelHandlerContext) {
        timer?.cancel()
        let limits = context.limits
        let fires = min(.now() + limits.headerTimeout, bodyDeadline)
        timer = channelContext.eventLoop.assumeIsolated().scheduleTask(deadline: fires) { [self] in
            guard case .receiving(let head, _, let started) = state else { return }
            let message = bodyDeadline <= .now()
                ? "Request body not received within \(ConnectionGuard.text(limits.bodyTimeout)) (body_timeout)."
                : "Request body stalled: nothing received for \(ConnectionGuard.text(limits.headerTimeout))."
            respond(channelContext, to: head, with: .detail(.requestTimeout, message), route: nil, started: started, early: true)
        }
    }

    private func dispatch(_ channelContext: ChannelHandlerContext, head: HTTPRequestHead, body: ByteBuffer, started: NIODeadline) {
        var request = Request(head: head, body: body, forwarded: forwarded, localHost: localHost, scheme: scheme)
        switch context.router.answer(&request, on: channelContext.eventLoop) {
        case .now(let response, let route):
            respond(channelContext, to: head, with: response, route: route, started: started)
        case .later(let future, let route):
            let bound = NIOLoopBound((self, channelContext), eventLoop: channelContext.eventLoop)
            future.hop(to: channelContext.eventLoop).whenComplete { result in
                let (handler, channelContext) = bound.value
                handler.respond(channelContext, to: head, with: Router.settled(result), route: route, started: started)
            }
        }
    }

    /// Asks the client to stop sending a request answered before its end, once `written` (the
    /// response) is out and unless that end came meanwhile: RST_STREAM NO_ERROR, as RFC 9113 (8.1) has
    /// a server do after a complete response. It is written below the HTTP/1 codec, which takes only
    /// response parts.
    private func stopRequest(_ channelContext: ChannelHandlerContext, after written: EventLoopFuture<Void>) {
        guard let codec = try? channelContext.pipeline.syncOperations.context(handlerType: HTTP2FramePayloadToHTTP1ServerCodec.self)
        else { return channelContext.close(promise: nil) }
        let reset = HTTP2Frame.FramePayload.rstStream(.noError)
        let bound = NIOLoopBound((self, codec), eventLoop: channelContext.eventLoop)
        written.whenComplete { _ in
            let (handler, codec) = bound.value
            guard case .refused = handler.state else { return }
            handler.state = .answered
            codec.writeAndFlush(NIOAny(reset), promise: nil)
        }
    }

    /// Resets the stream when the client has not taken its answer within `send_timeout`, as a client
    /// that keeps its flow-control window shut or reads nothing would have it wait for ever:
    /// RST_STREAM CANCEL, and NIOHTTP2 drops the answer's frames. The connection's socket is set to be
    /// reset rather than closed from then on (SO_LINGER 0, as over HTTP/1.1), so when the connection
    /// goes, the kernel does not go on holding bytes for a client that may never read them. No timer is
    /// armed for an answer that went out as it was written.
    private func resetUntaken(_ channelContext: ChannelHandlerContext, answer written: EventLoopFuture<Void>, bytes: Int) {
        let answer = written.assumeIsolated()
        var delivered = false
        answer.whenComplete { _ in delivered = true }
        guard !delivered else { return }
        let timeout = context.limits.sendTimeout
        let deadline = channelContext.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            let stream = (try? channelContext.channel.syncOptions?.getOption(HTTP2StreamChannelOptions.streamID))
                .map { "\(Int($0))" } ?? "?"
            let peer = context.remoteAddress?.description ?? "unknown peer"
            context.logger.info(
                "reset HTTP/2 stream \(stream) from \(peer): it took no byte of its \(bytes)-byte answer for \(ConnectionGuard.text(timeout)) (send_timeout)")
            context.hooks.sendTimedOut?()
            _ = (channelContext.channel.parent as? SocketOptionProvider)?.setSoLinger(NIOLinger(l_onoff: 1, l_linger: 0))
            channelContext.close(promise: nil)
        }
        answer.whenComplete { _ in deadline.cancel() }
    }

    /// Writes `response` as the stream's answer. `early` is a refusal before the request's end: the
    /// stream is then reset once the response is out, so the client stops sending. A response that
    /// closes its connection (a host going away) makes the connection close gracefully: GOAWAY, the
    /// open streams finish, then the close.
    private func respond(
        _ channelContext: ChannelHandlerContext, to head: HTTPRequestHead, with response: Response, route: Router.Route?,
        started: NIODeadline, early: Bool = false
    ) {
        state = early ? .refused : .answered
        timer?.cancel()
        releaseBody()
        guard channelContext.channel.isActive else {
            context.hooks.requestAbandoned?()
            return
        }
        context.completed(
            request: head, response: response, route: route, started: started, channel: channelContext.channel,
            client: forwarded?.client)
        channelContext.write(wrapOutboundOut(.head(response.http2Head(date: context.clock.dateHeader))), promise: nil)
        if head.method != .HEAD, response.body.readableBytes > 0 {
            channelContext.write(wrapOutboundOut(.body(.byteBuffer(response.body))), promise: nil)
        }
        let written = channelContext.eventLoop.makePromise(of: Void.self)
        channelContext.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        resetUntaken(channelContext, answer: written.futureResult, bytes: response.body.readableBytes)
        if early { stopRequest(channelContext, after: written.futureResult) }
        if response.closesConnection {
            channelContext.channel.parent?.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        }
    }
}
