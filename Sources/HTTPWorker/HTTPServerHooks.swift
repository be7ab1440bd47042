import NIOCore
import NIOHTTP1

/// Callbacks the process around the server plugs in, such as a heartbeat or request metrics.
///
/// All are optional and cost nothing when nil; all run on an event loop or on a thread accepting
/// connections, so they must not block.
/// Every request whose head arrived is reported to `requestStarted` and then to exactly one of
/// `requestCompleted` or `requestAbandoned`, so an in-flight count made from them returns to zero.
public struct HTTPServerHooks: Sendable {
    /// Called about once a second on each event loop, with the loop's index; proves the loop is alive.
    public var tick: (@Sendable (_ loopIndex: Int) -> Void)?
    /// Called once per answered request, just before its response is written.
    public var requestCompleted: (@Sendable (CompletedRequest) -> Void)?
    /// Called when a complete request head has arrived, before the body is read.
    public var requestStarted: (@Sendable () -> Void)?
    /// Called for a started request that will get no answer: the connection closed before it was complete.
    public var requestAbandoned: (@Sendable () -> Void)?
    /// Called for a request refused before its head could be read (malformed, too long, too slow to
    /// arrive), just before the refusal is written; no `requestStarted` came before it.
    public var requestRefused: (@Sendable (CompletedRequest) -> Void)?
    /// Called on each step of the server's life (`serving` from `HTTPServer.ready()`, `draining` when
    /// the drain starts, `stopped` when its last connection closed), on the thread that took the step.
    public var phaseChanged: (@Sendable (WorkerPhase) -> Void)?
    /// Called for a connection closed before any request because `proxy_protocol` is on and its
    /// PROXY protocol header was refused, with the reason.
    public var proxyRefused: (@Sendable (ProxyRefusal) -> Void)?
    /// Called for a connection closed because its client took no byte of a pending response for
    /// `send_timeout`.
    public var sendTimedOut: (@Sendable () -> Void)?
    /// Called when a connection is accepted, and when it closes, so an open-connection count made
    /// from them returns to zero; on the accepting thread and on an event loop.
    public var connectionOpened: (@Sendable () -> Void)?
    public var connectionClosed: (@Sendable () -> Void)?
    /// Called once a second on the first event loop: this worker's open connections against the
    /// whole server's, from which it decides how many kept-alive connections to close so they
    /// spread over the workers (`ConnectionShare`); nil, or a nil answer, closes none.
    public var connectionShare: (@Sendable () -> ConnectionShare?)?
    /// Called by an accepting thread before it takes a second or later connection in one wake from
    /// a socket the workers share: true when another worker should take it
    /// (`ConnectionShare.isOverFairShare`). The thread then yields the processor and looks again,
    /// taking the first connection of each look whatever the answer. nil, the default, takes every
    /// connection queued: leave it nil when no other process accepts on the sockets.
    public var leavesConnectionToOthers: (@Sendable () -> Bool)?
    /// Called for a kept-alive connection answered with `Connection: close` for balance.
    public var closedForBalance: (@Sendable () -> Void)?
    /// Called for an HTTP/2 connection the server closed with GOAWAY because its client broke the
    /// protocol or abused it (rapid reset, floods), with the reason.
    public var http2ConnectionClosed: (@Sendable (ConnectionCloseReason) -> Void)?

    public init(
        tick: (@Sendable (_ loopIndex: Int) -> Void)? = nil,
        requestCompleted: (@Sendable (CompletedRequest) -> Void)? = nil,
        requestStarted: (@Sendable () -> Void)? = nil,
        requestAbandoned: (@Sendable () -> Void)? = nil,
        requestRefused: (@Sendable (CompletedRequest) -> Void)? = nil,
        phaseChanged: (@Sendable (WorkerPhase) -> Void)? = nil,
        proxyRefused: (@Sendable (ProxyRefusal) -> Void)? = nil,
        sendTimedOut: (@Sendable () -> Void)? = nil,
        connectionOpened: (@Sendable () -> Void)? = nil,
        connectionClosed: (@Sendable () -> Void)? = nil,
        connectionShare: (@Sendable () -> ConnectionShare?)? = nil,
        leavesConnectionToOthers: (@Sendable () -> Bool)? = nil,
        closedForBalance: (@Sendable () -> Void)? = nil,
        http2ConnectionClosed: (@Sendable (ConnectionCloseReason) -> Void)? = nil
    ) {
        self.tick = tick
        self.requestCompleted = requestCompleted
        self.requestStarted = requestStarted
        self.requestAbandoned = requestAbandoned
        self.requestRefused = requestRefused
        self.phaseChanged = phaseChanged
        self.proxyRefused = proxyRefused
        self.sendTimedOut = sendTimedOut
        self.connectionOpened = connectionOpened
        self.connectionClosed = connectionClosed
        self.connectionShare = connectionShare
        self.leavesConnectionToOthers = leavesConnectionToOthers
        self.closedForBalance = closedForBalance
        self.http2ConnectionClosed = http2ConnectionClosed
    }
}

/// What the server reports about one answered request.
public struct CompletedRequest: Sendable {
    /// The matched route's template (`/args/{arg}`), or nil when no route matched.
    public var route: String?
    /// The matched route's `Router.Route.index`, or nil when no route matched.
    public var routeIndex: Int?
    /// The request method, or nil for a request refused before its head could be read.
    public var method: HTTPMethod?
    /// The request's HTTP version (2.0 over HTTP/2), or nil for a request refused before its head could be read.
    public var version: HTTPVersion?
    /// The response status code.
    public var status: Int
    /// Time from the complete request head (for a refused one, from its first byte) to the response
    /// being ready to write, in NIO's nanoseconds (Swift's `Duration` cost about 180 instructions a
    /// request to take apart again).
    public var duration: TimeAmount

    public init(
        route: String?, routeIndex: Int? = nil, method: HTTPMethod?, version: HTTPVersion? = nil, status: Int,
        duration: TimeAmount
    ) {
        self.route = route
        self.routeIndex = routeIndex
        self.method = method
        self.version = version
        self.status = status
        self.duration = duration
    }
}
