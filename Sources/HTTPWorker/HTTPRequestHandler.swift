import Logging
import NIOCore
import NIOHTTP1

/// Parses each request from the connection's bytes (`HTTPRequestParser`), enforces the body limits,
/// asks the router for the answer and writes it with `Date`, `Content-Length` and `Connection`,
/// serialized in one buffer.
///
/// It is not a handler of the pipeline: the connection's `ConnectionGuard` owns it and calls it,
/// handing on each read's bytes with the guard's own context, and telling it of the refusals the
/// guard writes itself, of a send timeout, of an error and of the connection's end. A handler of its
/// own cost a pipeline hop for each read and read-complete event of every request.
///
/// Responses go out through the guard, and so does the `100 Continue` interim answer, as its fixed
/// bytes: the pipeline has no response encoder (passing each response by NIO's encoder as a body
/// part cost about 1,000 instructions of a `GET /`, most of it NIO's dynamic cast of the part, and
/// the encoder's place in the pipeline cost a hop on every outbound event). The guard learns of each
/// head, response and parse error from its `requestProgressed(_:)`.
///
/// Pipelined requests are answered in order without NIO's pipelining handler (which measured about 7%
/// more CPU per request): a request's answer is written before the next request is parsed. The bytes
/// behind a request wait, unparsed, while its answer is deferred (`Router.addDeferred`), and while
/// the channel is not writable, so a client that pipelines requests without reading the answers makes
/// the server queue at most the channel's high water mark plus one response. No read is asked for
/// while bytes wait, so they are bounded by one read cycle.
final class HTTPRequestHandler {
    private enum State {
        case idle
        case receiving(HTTPRequestHead, BodyFraming, body: ByteBuffer?, started: NIODeadline)
        /// A response with `Connection: close` went out; pipelined requests behind it are dropped.
        case closing
    }

    private let context: ConnectionContext
    private var parser: HTTPRequestParser
    /// The connection's guard, which owns this handler until the connection ends.
    private let connectionGuard: ConnectionGuard
    /// The `host:port` a request without a `Host` header is taken to be addressed to.
    private let localHost: String
    /// `https` on a TLS connection, else `http`: the scheme unless a trusted proxy says otherwise.
    private let scheme: String
    /// Whether the peer is a trusted proxy, decided once per connection.
    private let trustsForwarding: Bool
    /// What a trusted proxy said about the request being received, if anything.
    private var forwarded: ForwardedRequest?
    private var state = State.idle
    /// Bytes of the body being received taken from the worker's `BodyBudget`.
    private var budgeted = 0
    /// Bytes read but not parsed yet, waiting on a deferred answer or for the channel to be writable.
    private var held: ByteBuffer?
    /// Whether a read was asked for while bytes were held, to be passed on once they are parsed.
    private var readWanted = false
    /// Whether the channel takes more output, as the guard last told.
    private var writable = true
    /// A dispatched request's answer is not written yet: a deferred route's.
    private var answerPending = false
    /// Bytes of the read being parsed that follow the part being taken.
    private var unparsed = 0

    init(
        context: ConnectionContext, connectionGuard: ConnectionGuard, localHost: String, scheme: String,
        trustsForwarding: Bool
    ) {
        self.context = context
        self.parser = HTTPRequestParser(limits: context.limits)
        self.connectionGuard = connectionGuard
        self.localHost = localHost
        self.scheme = scheme
        self.trustsForwarding = trustsForwarding
    }

    /// Logs and reports the guard's reset of a connection whose client took no byte of its
    /// `pendingBytes` of output for `timeout` (send_timeout).
    func sendTimedOut(pendingBytes: Int, timeout: TimeAmount) {
        let peer = context.remoteAddress?.description ?? "unknown peer"
        context.logger.info(
            "closed the connection from \(peer): it took no byte of \(pendingBytes) pending response bytes for \(ConnectionGuard.text(timeout)) (send_timeout)")
        context.hooks.sendTimedOut?()
    }

    /// Logs and reports a refusal the connection guard wrote (`response`, the connection closes
    /// after it): of the request being received when it has a head (a stalled or malformed body),
    /// else of one whose head could not be read, whose first byte arrived at `firstByte`.
    func refused(with response: Response, firstByte: NIODeadline, channel: Channel) {
        releaseBody()
        switch state {
        case .receiving(let head, _, _, let started):
            context.completed(
                request: head, response: response, route: nil, started: started, channel: channel, client: forwarded?.client)
        case .idle:
            context.refused(response: response, started: firstByte, channel: channel)
        case .closing:
            return
        }
        state = .closing
    }

    /// Parses and answers the requests in `bytes`, or keeps them behind bytes already held;
    /// `channelContext` is the guard's.
    func read(_ bytes: ByteBuffer, context channelContext: ChannelHandlerContext) {
        if held != nil {
            held!.writeImmutableBuffer(bytes)
            return
        }
        var bytes = bytes
        parse(&bytes, channelContext)
    }

    /// Whether a read may be asked for now; if not, it is asked for once the held bytes are parsed.
    func allowsRead() -> Bool {
        if held == nil { return true }
        readWanted = true
        return false
    }

    /// The channel's writability changed: once it is writable, parses what is held; returns whether
    /// a read asked for while bytes were held is now due.
    func writabilityChanged(to writable: Bool, context channelContext: ChannelHandlerContext) -> Bool {
        self.writable = writable
        return writable && resume(channelContext)
    }

    /// Parses the held bytes, unless they must still wait; returns whether a read asked for while
    /// they were held is now due.
    private func resume(_ channelContext: ChannelHandlerContext) -> Bool {
        guard var bytes = held else { return false }
        held = nil
        parse(&bytes, channelContext)
        guard held == nil, readWanted else { return false }
        readWanted = false
        return true
    }

    /// Parses and answers requests from `bytes` until they run out, the connection closes, or the
    /// next request must wait (a deferred answer pending, the channel not writable): the rest is held.
    /// The guard learns of the bytes of each request as it starts parsing them.
    private func parse(_ bytes: inout ByteBuffer, _ channelContext: ChannelHandlerContext) {
        var first = true
        do throws(HTTPRequestParseError) {
            while !isClosing {
                if case .idle = state {
                    guard bytes.readableBytes > 0 else { break }
                    if answerPending || !writable {
                        held = bytes
                        break
                    }
                    connectionGuard.requestBytesArrived()
                } else if first {
                    connectionGuard.requestBytesArrived()
                }
                first = false
                guard let part = try parser.next(from: &bytes) else { break }
                unparsed = bytes.readableBytes
                take(part, channelContext)
            }
        } catch {
            connectionGuard.requestProgressed(.malformed(error))
        }
        unparsed = 0
    }

    /// A response with `Connection: close` went out: nothing more is parsed.
    private var isClosing: Bool {
        if case .closing = state { return true }
        return false
    }

    /// Takes one part of a request.
    private func take(_ part: HTTPRequestParser.Part, _ channelContext: ChannelHandlerContext) {
        switch part {
        case .head(let head, let framing):
            let started = NIODeadline.now()
            connectionGuard.requestProgressed(.headReceived(at: started))
            context.hooks.requestStarted?()
            forwarded = trustsForwarding ? ForwardedRequest(head.headers, trusting: context.forwardedAllowIPs) : nil
            if let refusal = RequestRefusal.refusal(ofParsed: head, declaredLength: framing.contentLength, limits: context.limits) {
                respond(channelContext, to: head, with: refusal, route: nil, started: started, keepAlive: false)
                return
            }
            // An HTTP/1.0 client's expectation is ignored (RFC 9110, section 10.1.1).
            if head.version.minor > 0, framing.expectsContinue {
                connectionGuard.send(ByteBuffer(staticString: "HTTP/1.1 100 Continue\r\n\r\n"), promise: nil)
            }
            state = .receiving(head, framing, body: nil, started: started)
        case .body(var chunk):
            guard case .receiving = state, case .receiving(let head, let framing, var body, let started) = takeState() else {
                return
            }
            if let refusal = context.receive(&chunk, of: head, into: &body, budgeted: &budgeted, allocator: channelContext.channel.allocator) {
                releaseBody()
                respond(channelContext, to: head, with: refusal, route: nil, started: started, keepAlive: false)
                return
            }
            state = .receiving(head, framing, body: body, started: started)
        case .end(let trailers):
            guard case .receiving = state, case .receiving(let head, let framing, let body, let started) = takeState() else {
                return
            }
            releaseBody()
            connectionGuard.requestProgressed(.requestReceived)
            if let trailers, let forbidden = RequestRules.forbiddenTrailer(in: trailers) {
                respond(channelContext, to: head, with: .detail(.badRequest, forbidden), route: nil, started: started, keepAlive: false)
                return
            }
            dispatch(channelContext, head: head, framing: framing, body: body ?? ByteBuffer(), started: started)
        }
    }

    /// The state, moved out (`swap`) and left idle: the request being received is taken without a
    /// copy of its head, framing and body, which cost about 380 instructions a request.
    private func takeState() -> State {
        var taken = State.idle
        swap(&taken, &state)
        return taken
    }

    /// The connection ended: reports a request it cut short, so in-flight counts stay true.
    func connectionEnded() {
        if case .receiving = state { context.hooks.requestAbandoned?() }
        releaseBody()
        held = nil
        state = .closing
    }

    private func releaseBody() {
        context.bodyBudget.giveBack(budgeted)
        budgeted = 0
    }

    /// Logs an error of the connection (at debug level for I/O errors, which clients cause) and
    /// closes it.
    func failed(_ error: Error, context channelContext: ChannelHandlerContext) {
        let peer = channelContext.remoteAddress?.description ?? "unknown peer"
        if error is IOError {
            context.logger.debug("connection from \(peer) failed: \(error)")
        } else if let level = TLSConnectionFailure.logLevel(of: error) {
            context.logger.log(level: level, "TLS connection from \(peer) failed: \(error)")
        } else {
            context.logger.error("connection from \(peer) closed after an error: \(error)")
        }
        channelContext.close(promise: nil)
    }

    private func dispatch(
        _ channelContext: ChannelHandlerContext, head: HTTPRequestHead, framing: BodyFraming, body: ByteBuffer, started: NIODeadline
    ) {
        var request = Request(head: head, body: body, forwarded: forwarded, localHost: localHost, scheme: scheme)
        switch context.router.answer(&request, on: channelContext.eventLoop) {
        case .now(let response, let route):
            finish(channelContext, head: head, framing: framing, response: response, route: route, started: started)
        case .later(let future, let route):
            answerPending = true
            let loop = channelContext.eventLoop
            let bound = NIOLoopBound((self, channelContext), eventLoop: loop)
            future.hop(to: loop).whenComplete { result in
                let (handler, channelContext) = bound.value
                handler.answerPending = false
                handler.finish(
                    channelContext, head: head, framing: framing, response: Router.settled(result), route: route, started: started)
                if handler.resume(channelContext) { channelContext.read() }
            }
        }
    }

    /// Writes the answer to a dispatched request, keeping the connection open when both sides may: not
    /// after a request that leaves HTTP/1.1 (`CONNECT`, `Upgrade`), whose later bytes are not parsed.
    private func finish(
        _ channelContext: ChannelHandlerContext, head: HTTPRequestHead, framing: BodyFraming, response: Response,
        route: Router.Route?, started: NIODeadline
    ) {
        var keepAlive = framing.keepsAlive(head.version) && context.limits.keepAliveEnabled && !context.lifecycle.isDraining
            && !framing.leavesHTTP && !response.closesConnection
        if keepAlive, closesForBalance() {
            keepAlive = false
            context.hooks.closedForBalance?()
        }
        respond(channelContext, to: head, with: response, route: route, started: started, keepAlive: keepAlive)
    }

    /// Whether this response should close its kept-alive connection so the client reconnects to
    /// whichever worker accepts it (`ConnectionBalancer`): only when the worker's allowance has a close
    /// due, and nothing beyond this request has been read (a pipelined request behind it would be
    /// dropped).
    private func closesForBalance() -> Bool {
        guard context.balancer.takeClose() else { return false }
        let nothingElseRead = held == nil && unparsed == 0
        if !nothingElseRead { context.balancer.giveBack() }
        return nothingElseRead
    }

    private func respond(
        _ channelContext: ChannelHandlerContext,
        to request: HTTPRequestHead,
        with response: Response,
        route: Router.Route?,
        started: NIODeadline,
        keepAlive: Bool
    ) {
        let now = NIODeadline.now()
        context.completed(
            request: request, response: response, route: route, started: started, channel: channelContext.channel,
            client: forwarded?.client, at: now)
        let connection: StaticString? = !keepAlive ? "close" : request.version.minor == 0 ? "keep-alive" : nil
        let bytes = response.serialized(
            version: request.version, date: context.clock.dateHeader, connection: connection,
            includeBody: request.method != .HEAD)
        if keepAlive {
            connectionGuard.send(bytes, promise: nil)
            connectionGuard.requestProgressed(.responseSent(at: now))
        } else {
            state = .closing
            let written = channelContext.eventLoop.makePromise(of: Void.self)
            connectionGuard.send(bytes, promise: written)
            connectionGuard.requestProgressed(.lastResponseSent(written: written.futureResult))
        }
    }
}
