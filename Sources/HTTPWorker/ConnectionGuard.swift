import NIOCore
import NIOHTTP1

/// The last handler of an HTTP/1.1 connection's pipeline (after NIOSSL's, with TLS): it bounds how
/// long and how much a client may send before a request head, and hands the bytes on to the
/// connection's `HTTPRequestHandler` (which parses and answers the requests) by a direct call.
///
/// It closes idle keep-alive connections after `keepalive` seconds, answers 408 when a started request
/// head is not complete within `headerTimeout` (so a client trickling bytes cannot hold a connection)
/// or a body pauses that long or is not complete within `bodyTimeout`, and writes the protocol-level
/// error answers: timeouts, and requests that could not be parsed.
///
/// It also bounds how long a response may wait on a client that does not read (`sendTimeout`, nginx's
/// `send_timeout`): whenever output is pending (in the channel or in the kernel's send queue) and the
/// client accepts no byte of it for that long, the connection is reset, on every path a response
/// takes (kept alive, before a close, pipelined, TLS). A closing connection is held while its last
/// response is still being taken, so it is either delivered or reset, never left to the kernel.
/// Output is looked at only off the fast path: when the channel stops being writable, when a
/// keep-alive wait ends, and before a connection closes after its last response.
///
/// The request handler, which the guard owns until the connection ends, tells it how each request
/// progresses by calling `requestProgressed(_:)`; the guard tells the request handler of the
/// refusals it writes itself and of a send timeout, so the request handler logs and counts them.
/// The request handler's responses, serialized whole, are written from here too
/// (`send(_:promise:)`).
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum State {
        /// Between requests: nothing of the next one has arrived.
        case awaitingRequest
        /// Bytes of a request head arrived.
        case readingHead
        /// A head was parsed; the request handler owns the connection until it answers, and the body
        /// (if any) must keep arriving: `headerTimeout` bounds each pause, `bodyTimeout` the whole.
        case busy
        /// The whole request arrived and its answer is being made: no client timeout runs, however long
        /// a deferred answer takes.
        case answering
        case closing
    }

    private let limits: RequestLimits
    private let clock: EventLoopClock
    /// The connection's request handler; let go when the connection ends, since it holds the guard.
    private var handler: HTTPRequestHandler?
    private var state = State.awaitingRequest
    /// When the current wait (idle or head) runs out.
    private var deadline = NIODeadline.distantFuture
    /// The one pending timer and when it fires; it is re-armed lazily rather than per request.
    private var timer: (task: Scheduled<Void>, fires: NIODeadline)?
    private var context: ChannelHandlerContext?
    /// When the body of the request being received must be complete.
    private var bodyDeadline = NIODeadline.distantFuture
    /// Bytes read and dropped since the connection began closing, bounded by `lingerBytes`.
    private var lingered = 0
    /// When the first byte of the request being read arrived.
    private var requestStarted = NIODeadline.now()
    /// While output waits on the client: the periodic check, what was pending at the last one, and
    /// when the client last accepted any.
    private var sending: (check: Scheduled<Void>, pending: PendingOutput, progressed: NIODeadline)?
    /// The lingering close is over and waits only for the output to be taken (or to time out).
    private var lingerEnded = false

    /// A guard with the request handler `serving` makes for it.
    init(limits: RequestLimits, clock: EventLoopClock, serving: (ConnectionGuard) -> HTTPRequestHandler) {
        self.limits = limits
        self.clock = clock
        handler = serving(self)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        handler?.connectionEnded()
        handler = nil
        timer?.task.cancel()
        sending?.check.cancel()
        sending = nil
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(limits.headerTimeout)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.task.cancel()
        sending?.check.cancel()
        sending = nil
        state = .closing
        context.fireChannelInactive()
    }

    /// A channel that stops being writable has output waiting on the client: watch it. One that
    /// becomes writable again has seen the client accept bytes.
    func channelWritabilityChanged(context: ChannelHandlerContext) {
        let writable = context.channel.isWritable
        if handler?.writabilityChanged(to: writable, context: context) == true {
            context.read()
        }
        if writable {
            sending?.progressed = .now()
        } else {
            watchOutput()
        }
        // No reads while the socket cannot take more, so a client that pipelines requests without
        // reading the responses cannot make the server buffer them without bound.
        try? context.channel.syncOptions?.setOption(.autoRead, value: writable)
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        guard let handler else { return context.close(promise: nil) }
        handler.failed(error, context: context)
    }

    /// Hands the bytes to the request handler; once the connection is closing, drops them.
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        if case .closing = state {
            lingered += bytes.readableBytes
            if lingered > lingerBytes { context.close(promise: nil) }
            return
        }
        handler?.read(bytes, context: context)
    }

    /// Passes a read on unless the request handler holds bytes it has not parsed.
    func read(context: ChannelHandlerContext) {
        if handler?.allowsRead() ?? true { context.read() }
    }

    /// Bytes of a request are about to be parsed, told by the request handler: the first of a head
    /// starts its `headerTimeout`, a body's push its stall deadline back.
    func requestBytesArrived() {
        switch state {
        case .busy:
            deadline = min(.now() + limits.headerTimeout, bodyDeadline)
        case .awaitingRequest:
            state = .readingHead
            let now = NIODeadline.now()
            requestStarted = now
            arm(limits.headerTimeout, from: now)
        case .readingHead, .answering, .closing:
            break
        }
    }

    /// How the request being served progressed, told by the request handler of the same connection,
    /// on its event loop.
    func requestProgressed(_ progress: RequestProgress) {
        switch progress {
        case .headReceived(let now): headReceived(at: now)
        case .requestReceived: if case .busy = state { state = .answering }
        case .responseSent(let now): responseSent(at: now)
        case .lastResponseSent(let written): close(after: written)
        case .malformed(let error):
            let (status, message) = error.answer(limits: limits)
            reject(status, message)
        }
    }

    /// Writes and flushes a whole serialized response, as the refusals are.
    ///
    /// `promise` fails when the connection's pipeline is gone.
    func send(_ response: ByteBuffer, promise: EventLoopPromise<Void>?) {
        guard let context else {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        context.writeAndFlush(wrapOutboundOut(response), promise: promise)
    }

    /// A request head was parsed: the request handler now owns the connection.
    private func headReceived(at now: NIODeadline) {
        guard case .closing = state else {
            state = .busy
            bodyDeadline = now + limits.bodyTimeout
            arm(min(limits.headerTimeout, limits.bodyTimeout), from: now)
            return
        }
    }

    /// A response went out and the connection stays open: wait `keepalive` seconds for the next request.
    private func responseSent(at now: NIODeadline) {
        switch state {
        case .busy, .answering: break
        case .awaitingRequest, .readingHead, .closing: return
        }
        state = .awaitingRequest
        arm(limits.keepalive, from: now)
    }

    /// Answers `status` with a JSON `detail`, tells the request handler of the refusal, then closes
    /// the connection.
    private func reject(_ status: HTTPResponseStatus, _ message: String) {
        guard let context else { return }
        if case .closing = state { return }
        let response = Response.detail(status, message)
        handler?.refused(with: response, firstByte: requestStarted, channel: context.channel)
        let bytes = response.serialized(version: .http1_1, date: clock.dateHeader, connection: "close", includeBody: true)
        close(after: context.writeAndFlush(wrapOutboundOut(bytes)))
    }

    /// Closes the connection once `written` (the last response) completes, without losing that response.
    ///
    /// The output side closes first and what the client still sends is read and dropped for up to
    /// two seconds or `lingerBytes` (a lingering close, as nginx does): closing a socket with unread
    /// input makes the kernel send a reset, which can destroy the response before the client reads
    /// it, as when a refused request's body is still arriving.
    private func close(after written: EventLoopFuture<Void>) {
        guard let context else { return }
        state = .closing
        timer?.task.cancel()
        timer = nil
        watchOutput()
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        written.whenComplete { result in
            loopBound.value.closeOutput(succeeded: (try? result.get()) != nil)
        }
    }

    /// Shuts the output down and reads what still comes for up to `lingerTime`; the linger's end is
    /// set first, so it holds even when the shutdown waits on bytes the client does not take (a TLS
    /// close_notify).
    private func closeOutput(succeeded: Bool) {
        guard let context else { return }
        guard succeeded else { return context.close(promise: nil) }
        schedule(at: .now() + Self.lingerTime)
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        context.close(mode: .output).whenFailure { _ in
            loopBound.value.context?.close(promise: nil)
        }
    }

    private static let lingerTime = TimeAmount.seconds(2)

    /// The most bytes a closing connection reads and drops before it is closed at once, so a client
    /// streaming without end costs no more: 16 MiB, or one body of `max_body_size` when larger, which
    /// lets a client that sends a refused body whole before reading still read the refusal.
    private var lingerBytes: Int { max(limits.bodySize, 16 << 20) }

    /// Starts a wait of `timeout` from `now`; the pending timer is kept when it fires no later than
    /// needed. A request's steps pass the time they already read: each read of the clock cost a call.
    private func arm(_ timeout: TimeAmount, from now: NIODeadline = .now()) {
        deadline = now + timeout
        if let timer, timer.fires <= deadline { return }
        schedule(at: deadline)
    }

    private func schedule(at fires: NIODeadline) {
        timer?.task.cancel()
        guard let context else { return }
        let task = context.eventLoop.assumeIsolated().scheduleTask(deadline: fires) { [self] in
            self.timerFired()
        }
        timer = (task, fires)
    }

    /// A timeout as the 408 messages give it: "1 second", "30 seconds".
    static func text(_ timeout: TimeAmount) -> String {
        let seconds = timeout.nanoseconds / 1_000_000_000
        return seconds == 1 ? "1 second" : "\(seconds) seconds"
    }

    private func timerFired() {
        timer = nil
        switch state {
        case .closing where sending != nil:
            // The last response is still on its way: the output watch closes the connection once it
            // is taken, or resets it after send_timeout.
            lingerEnded = true
        case .closing:
            context?.close(promise: nil)
        case .answering:
            // Answering takes as long as the answer does; responseSent() arms the keep-alive wait.
            break
        case _ where deadline > .now():
            schedule(at: deadline)
        case .awaitingRequest where !pendingOutput.isEmpty:
            // Not idle: a response is still on its way to the client, which send_timeout bounds.
            watchOutput()
            arm(limits.keepalive)
        case .awaitingRequest:
            state = .closing
            context?.close(promise: nil)
        case .readingHead:
            reject(.requestTimeout, "Request head not received within \(Self.text(limits.headerTimeout)).")
        case .busy where bodyDeadline <= .now():
            reject(.requestTimeout, "Request body not received within \(Self.text(limits.bodyTimeout)) (body_timeout).")
        case .busy:
            reject(.requestTimeout, "Request body stalled: nothing received for \(Self.text(limits.headerTimeout)).")
        }
    }

    /// The response bytes the client has not taken yet.
    private var pendingOutput: PendingOutput {
        context.map { PendingOutput.of($0.channel) } ?? .none
    }

    /// Starts checking, once a second, that the client takes the pending output; does nothing when
    /// none is pending or the checks already run.
    private func watchOutput() {
        guard sending == nil, let context else { return }
        let pending = pendingOutput
        guard !pending.isEmpty else { return }
        sending = (scheduleOutputCheck(context), pending, .now())
    }

    private func scheduleOutputCheck(_ context: ChannelHandlerContext) -> Scheduled<Void> {
        context.eventLoop.assumeIsolated().scheduleTask(in: min(.seconds(1), limits.sendTimeout)) { [self] in
            self.checkOutput()
        }
    }

    /// Ends the watch when the output is gone (closing the connection if its lingering close is
    /// over); resets the connection when the client has taken none of it for `sendTimeout`, telling
    /// the request handler.
    private func checkOutput() {
        guard let context, let watch = sending else { return }
        let pending = pendingOutput
        guard !pending.isEmpty else {
            sending = nil
            if lingerEnded { context.close(promise: nil) }
            return
        }
        let now = NIODeadline.now()
        let progressed = pending.progressed(since: watch.pending) ? now : watch.progressed
        guard now - progressed < limits.sendTimeout else {
            sending = nil
            state = .closing
            handler?.sendTimedOut(pendingBytes: pending.buffered + pending.unsent, timeout: limits.sendTimeout)
            // A reset, as nginx's reset_timedout_connection: the kernel drops the unsent bytes at once
            // instead of holding them for an orphaned socket that the client may never drain.
            _ = (context.channel as? SocketOptionProvider)?.setSoLinger(NIOLinger(l_onoff: 1, l_linger: 0))
            context.close(promise: nil)
            return
        }
        sending = (scheduleOutputCheck(context), pending, progressed)
    }
}
