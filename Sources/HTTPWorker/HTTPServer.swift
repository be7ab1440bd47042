import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Settings
import SystemSupport

/// The worker's HTTP/1.1 and HTTP/2 server (`http_protocols`): serves a `Router` on listening sockets it adopts or binds, until drained.
///
/// It serves on the listening sockets it is given (`start(listeningOn:)`): a worker's are the ones its
/// supervisor passed, bound or inherited by whoever runs it. `drain()` stops accepting, lets every connection finish
/// under the drain rules of `WorkerLifecycle`, and returns when none is left.
public final class HTTPServer: Sendable {
    /// The settings the server was created with.
    public let settings: HTTPSettings
    let accessLog: AccessLog?
    let logger: Logger
    let group: MultiThreadedEventLoopGroup
    /// What the connections of each event loop share, by the loop's identity.
    let contexts: [ObjectIdentifier: ConnectionContext]
    /// What connections judged by their client are served with (`configureHTTP`).
    let servedRouters: ServedRouters
    /// The server's phase and the drain's steps.
    let lifecycle: WorkerLifecycle
    /// The worker's open connections, against `worker_connections`.
    let slots: ConnectionSlots
    /// What every connection is served with when `certfile` is set; nil serves plain HTTP.
    let tls: ServerTLS?
    /// The callbacks of the process around the server.
    let hooks: HTTPServerHooks

    struct Listener {
        var socket: any ListeningEndpoint
        var acceptor: SharedSocketAcceptor

        /// Stops accepting and waits until every connection accepted is tracked; the acceptor closes
        /// the socket.
        func close() {
            acceptor.stopAndWait()
        }
    }

    /// Creates a server with `settings.threads` event loops; it accepts nothing until started.
    ///
    /// The event loops run from here on: `drain()` is what stops them, started or not. With `tls`,
    /// every socket speaks TLS (HTTPS); without it, plain HTTP.
    public init(
        settings: HTTPSettings, router: Router, logger: Logger, accessLog: AccessLog?, tls: ServerTLS? = nil,
        hooks: HTTPServerHooks = HTTPServerHooks()
    ) {
        self.settings = settings
        self.tls = tls
        self.hooks = hooks
        self.accessLog = accessLog
        self.logger = logger
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: max(settings.threads, 1))
        self.lifecycle = WorkerLifecycle(
            gracefulTimeout: .seconds(Int64(settings.gracefulTimeout)), phaseChanged: hooks.phaseChanged,
            finishing: { accessLog?.flush() })
        self.slots = ConnectionSlots(limit: settings.workerConnections)
        let bodyBudget = BodyBudget(maxBodySize: settings.maxBodySize)
        let balancer = ConnectionBalancer()
        var contexts: [ObjectIdentifier: ConnectionContext] = [:]
        for loop in group.makeIterator() {
            contexts[ObjectIdentifier(loop)] = ConnectionContext(
                loop: LoopContext(
                    limits: RequestLimits(settings), bodyBudget: bodyBudget, clock: EventLoopClock(), logger: logger,
                    accessLog: accessLog, hooks: hooks, lifecycle: lifecycle, balancer: balancer,
                    forwardedAllowIPs: settings.forwardedAllowIPs),
                router: router)
        }
        self.contexts = contexts
        servedRouters = ServedRouters(router)
        startTicks(balancer: balancer)
    }

    /// Serves on `sockets`, restoring `settings.backlog` on each; the server owns them from here on,
    /// and closes at once those it cannot listen on (all of them once the drain has begun).
    ///
    /// `router` replaces the server's router on these sockets only (metrics on their own address);
    /// such sockets read no PROXY protocol header, and their routes answer every client (the
    /// `allowing:` lists of `Router.add` apply on the server's own router only).
    public func start(listeningOn sockets: [any ListeningEndpoint], router: Router? = nil) throws {
        var pending = sockets[...]
        defer { pending.forEach { $0.close() } }
        try ensureNotDraining()
        while let socket = pending.popFirst() {
            try listen(on: socket, router: router)
        }
    }

    /// The addresses the server is listening on, with the ports the kernel chose.
    public var localAddresses: [BindAddress] {
        lifecycle.listeners.map(\.socket.address)
    }

    /// Where the server is in its life.
    public var phase: WorkerPhase { lifecycle.phase }

    /// Declares the server ready (booting to serving, reported to `HTTPServerHooks.phaseChanged`);
    /// it does nothing once the drain has started.
    public func ready() {
        lifecycle.serve()
    }

    /// Waits until the server has drained and stopped, then shuts its event loops down.
    public func run() async {
        await lifecycle.stopped()
        try? await group.shutdownGracefully()
    }

    /// Blocks the calling thread until the drain has closed every connection; the event loops stay
    /// up, idle. A worker process waits here on its main thread and then exits: it needs neither
    /// Swift's concurrency pool nor NIO's shutdown, both of which run on Dispatch's global queues.
    public func waitUntilStopped() {
        lifecycle.waitUntilStopped()
    }

    private func ensureNotDraining() throws(HTTPServerError) {
        if lifecycle.phase >= .draining { throw .drained }
    }

    /// Applies the configured backlog (a reload may have changed it), then accepts on `socket`;
    /// closes `socket` when it cannot.
    private func listen(on socket: any ListeningEndpoint, router: Router?) throws {
        let acceptor: SharedSocketAcceptor
        do {
            do { try socket.setBacklog(settings.backlog) } catch { throw HTTPServerError.socket(error) }
            acceptor = try SharedSocketAcceptor(socket: socket, logger: logger, slots: slots, hooks: hooks) { [self] in
                connectionBootstrap(router: router)
            }
            try lifecycle.register(Listener(socket: socket, acceptor: acceptor))
        } catch {
            socket.close()
            throw error
        }
        acceptor.start()
    }

    /// Sets up the channels of accepted connections; `router` overrides the server's when given.
    ///
    /// `ClientBootstrap` sets `TCP_NODELAY` on TCP connections itself. Each channel keeps its read
    /// buffers for reuse while it is open, so they are capped at 16 KB rather than NIO's 64 KB: with
    /// 1,000 connections sending bodies at once, that keeps about 30 MB less in each worker. They
    /// start at 512 bytes, which holds a typical request head and a `/predict` body, rather than
    /// 2 KB: 1.5 KB less for each kept-alive connection; a larger request grows them.
    private func connectionBootstrap(router: Router?) -> ClientBootstrap {
        ClientBootstrap(group: group)
            .channelOption(.maxMessagesPerRead, value: 16)
            .channelOption(.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 512, maximum: 16384))
            .channelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture { try self.configure(channel, router: router) }
            }
    }

    private func configure(_ channel: Channel, router: Router?) throws {
        var context = contexts[ObjectIdentifier(channel.eventLoop)]!
        if let router { context.router = router }
        // A router of their own marks the metrics sockets, which Prometheus scrapes directly.
        if settings.proxyProtocol && router == nil {
            try channel.pipeline.syncOperations.addHandler(ProxyHeaderReader(
                trustsPeer: context.trustsForwarding(from: channel.remoteAddress), timeout: context.limits.headerTimeout,
                logger: logger,
                onHeader: { [self] client in
                    try configureHTTP(channel, context: context, client: client, judgingClients: true)
                },
                onRefusal: { [hooks = context.hooks] refusal in hooks.proxyRefused?(refusal) }))
        } else {
            try configureHTTP(channel, context: context, client: channel.remoteAddress, judgingClients: router == nil)
        }
        lifecycle.track(channel)
    }

    /// Adds the HTTP handlers for a connection from `client`: the socket's peer, or the client a PROXY
    /// protocol header named, which the access log shows and forwarding headers are trusted by;
    /// `judgingClients` leaves out the routes that do not answer that client (`Router.serving`).
    private func configureHTTP(
        _ channel: Channel, context: ConnectionContext, client: SocketAddress?, judgingClients: Bool
    ) throws {
        var context = context
        context.remoteAddress = client
        let trustsForwarding = context.trustsForwarding(from: client)
        if judgingClients {
            context.router = servedRouters.router(
                peer: client, forwardingFrom: trustsForwarding ? context.forwardedAllowIPs : nil)
        }
        let pipeline = channel.pipeline.syncOperations
        if let tls {
            try pipeline.addHandler(NIOSSLServerHandler(context: tls.context))
        }
        let localHost = channel.localAddress.map(Self.hostHeader) ?? "localhost"
        let protocols = settings.httpProtocols
        switch (protocols, tls) {
        case (.http1, _):
            try addHTTP1Handlers(channel, context: context, localHost: localHost, trustsForwarding: trustsForwarding)
        case (.http2, nil):
            try addHTTP2Handlers(channel, context: context, localHost: localHost, trustsForwarding: trustsForwarding)
        default:
            let signal: HTTPProtocolSelector.Signal = tls == nil ? .preface : .alpn(servesHTTP1: protocols.servesHTTP1)
            try pipeline.addHandler(HTTPProtocolSelector(signal: signal, timeout: context.limits.headerTimeout, logger: logger) {
                [self] version in
                switch version {
                case .http1:
                    try addHTTP1Handlers(channel, context: context, localHost: localHost, trustsForwarding: trustsForwarding)
                case .http2:
                    try addHTTP2Handlers(channel, context: context, localHost: localHost, trustsForwarding: trustsForwarding)
                }
            })
        }
    }

    /// Adds the handlers of an HTTP/1.1 connection.
    private func addHTTP1Handlers(
        _ channel: Channel, context: ConnectionContext, localHost: String, trustsForwarding: Bool
    ) throws {
        let scheme = tls == nil ? "http" : "https"
        try channel.pipeline.syncOperations.addHandler(ConnectionGuard(limits: context.limits, clock: context.clock) {
            HTTPRequestHandler(
                context: context, connectionGuard: $0, localHost: localHost, scheme: scheme, trustsForwarding: trustsForwarding)
        })
    }

    /// How many connections must have closed since the most were open for the heap to be trimmed:
    /// about 500 KB of their memory.
    private static let burstCloses = 100

    private static func hostHeader(_ address: SocketAddress) -> String {
        guard let ip = address.ipAddress, let port = address.port else { return "localhost" }
        return ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }

    /// Beats each event loop's heartbeat and flushes the access log every second; the first loop also
    /// sets the balancer's allowance for the next second from the worker's connection share, and
    /// gives the heap's free pages back once a burst of connections is over.
    ///
    /// A connection's channel, handlers and buffers take about 5 KB of heap; glibc keeps them once
    /// freed, so a worker that served 500 connections at once stayed 2 MB larger for good.
    private func startTicks(balancer: ConnectionBalancer) {
        let hooks = self.hooks
        let accessLog = self.accessLog
        let slots = self.slots
        let ticks = group.makeIterator().enumerated().map { index, loop in
            loop.scheduleRepeatedTask(initialDelay: .seconds(1), delay: .seconds(1)) { _ in
                hooks.tick?(index)
                accessLog?.flush()
                guard index == 0 else { return }
                if let share = hooks.connectionShare { balancer.update(share()) }
                if slots.burstEnded(by: Self.burstCloses) { Heap.releaseFreePages() }
            }
        }
        lifecycle.adopt(ticks: ticks)
    }
}
