import Logging
import NIOCore
import NIOHTTP1
import Settings

/// What every connection on one event loop shares: the limits, clock, logs, hooks, the server's life
/// cycle (whose drain makes every response close its connection) and its connection balancer. Held
/// once per loop and referenced by each connection's `ConnectionContext`, not copied into each one:
/// about 350 bytes less a kept-alive connection, and one copy of the fields every request reads.
final class LoopContext: Sendable {
    let limits: RequestLimits
    /// The body bytes every connection of the worker may hold at once for incomplete requests.
    let bodyBudget: BodyBudget
    let clock: EventLoopClock
    let logger: Logger
    let accessLog: AccessLog?
    let hooks: HTTPServerHooks
    let lifecycle: WorkerLifecycle
    /// The worker's allowance of kept-alive connections to close so they spread over the workers.
    let balancer: ConnectionBalancer
    /// The peers whose forwarding headers are believed.
    let forwardedAllowIPs: IPAllowList

    init(
        limits: RequestLimits, bodyBudget: BodyBudget, clock: EventLoopClock, logger: Logger, accessLog: AccessLog?,
        hooks: HTTPServerHooks, lifecycle: WorkerLifecycle, balancer: ConnectionBalancer, forwardedAllowIPs: IPAllowList
    ) {
        self.limits = limits
        self.bodyBudget = bodyBudget
        self.clock = clock
        self.logger = logger
        self.accessLog = accessLog
        self.hooks = hooks
        self.lifecycle = lifecycle
        self.balancer = balancer
        self.forwardedAllowIPs = forwardedAllowIPs
    }
}

/// What a connection's handlers know of it: its loop's `LoopContext`, the router that serves its
/// client, and that client's address.
struct ConnectionContext: Sendable {
    let loop: LoopContext
    var router: Router
    /// The address of the connection's client, set per connection: the socket's peer, or the source a
    /// PROXY protocol header named.
    var remoteAddress: SocketAddress? = nil

    var limits: RequestLimits { loop.limits }
    var bodyBudget: BodyBudget { loop.bodyBudget }
    var clock: EventLoopClock { loop.clock }
    var logger: Logger { loop.logger }
    var accessLog: AccessLog? { loop.accessLog }
    var hooks: HTTPServerHooks { loop.hooks }
    var lifecycle: WorkerLifecycle { loop.lifecycle }
    var balancer: ConnectionBalancer { loop.balancer }
    var forwardedAllowIPs: IPAllowList { loop.forwardedAllowIPs }

    /// Whether a connection from `peer` may set the client address, scheme and host with forwarding
    /// headers: a peer in `forwarded_allow_ips`, or any peer of a Unix socket (as gunicorn has it:
    /// only processes the socket file lets in can connect).
    func trustsForwarding(from peer: SocketAddress?) -> Bool {
        switch peer {
        case .unixDomainSocket: true
        case let peer?: peer.ipAddressValue.map(forwardedAllowIPs.contains) ?? false
        case nil: false
        }
    }

    /// Reports an answered request to the access log and the completion hook, answered at `now`.
    ///
    /// `client` is the address a trusted proxy named, logged instead of the peer's.
    func completed(
        request: HTTPRequestHead, response: Response, route: Router.Route?, started: NIODeadline, channel: Channel,
        client: String? = nil, at now: NIODeadline = .now()
    ) {
        report(
            request: request, response: response, route: route, started: started, channel: channel, client: client,
            now: now, to: hooks.requestCompleted)
    }

    /// Reports a request refused before its head could be read, whose first byte came at `started`,
    /// to the access log and the refusal hook.
    func refused(response: Response, started: NIODeadline, channel: Channel) {
        report(
            request: nil, response: response, route: nil, started: started, channel: channel, client: nil,
            now: .now(), to: hooks.requestRefused)
    }

    private func report(
        request: HTTPRequestHead?, response: Response, route: Router.Route?, started: NIODeadline, channel: Channel,
        client: String?, now: NIODeadline,
        to hook: (@Sendable (CompletedRequest) -> Void)?
    ) {
        guard accessLog != nil || hook != nil else { return }
        let elapsed = now - started
        if let accessLog {
            accessLog.write(AccessLogEntry(
                remoteAddress: remoteAddress,
                forwardedClient: client,
                time: clock.logTime,
                request: request,
                response: response,
                duration: elapsed
            ))
        }
        hook?(CompletedRequest(
            route: route?.template,
            routeIndex: route?.index,
            method: request?.method,
            version: request?.version,
            status: Int(response.status.code),
            duration: elapsed
        ))
    }
}
