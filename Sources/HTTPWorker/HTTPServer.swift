import Glibc
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import Prefork

/// The worker's HTTP/1.1 server: serves a `Router` on listening sockets it adopts or binds, until drained.
///
/// A worker adopts the sockets its supervisor passes (`start(adopting:)`); tests and single-process
/// use bind their own (`start(binding:)`). `drain()` stops accepting, lets in-flight requests finish,
/// closes keep-alive connections at their next request boundary, and returns when none is left.
public final class HTTPServer: Sendable {
    let config: ServerConfig
    let accessLog: AccessLog?
    let logger: Logger
    let group: MultiThreadedEventLoopGroup
    /// What the connections of each event loop share, by the loop's identity.
    let contexts: [ObjectIdentifier: ConnectionContext]
    let state = NIOLockedValueBox(ServerState())

    /// A listening socket: bound here and served by NIO's server channel, or adopted and served by an acceptor.
    struct Listener {
        var channel: Channel?
        var acceptor: SharedSocketAcceptor?
        var fd: CInt

        /// Stops accepting and closes the socket.
        func close() async {
            if let acceptor {
                acceptor.stop()
                Glibc.close(fd)
            }
            try? await channel?.close()
        }
    }

    struct ServerState {
        var listeners: [Listener] = []
        var connections: [ObjectIdentifier: Channel] = [:]
        var ticks: [RepeatedTask] = []
        var isDraining = false
        var isFinished = false
        var connectionsClosed: [CheckedContinuation<Void, Never>] = []
        var finished: [CheckedContinuation<Void, Never>] = []
    }

    /// Creates a server with `config.threads` event loops; it accepts nothing until started.
    ///
    /// The event loops run from here on: `drain()` is what stops them, started or not.
    public init(config: ServerConfig, router: Router, logger: Logger, accessLog: AccessLog?, hooks: HTTPServerHooks = HTTPServerHooks()) {
        self.config = config
        self.accessLog = accessLog
        self.logger = logger
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: max(config.threads, 1))
        var contexts: [ObjectIdentifier: ConnectionContext] = [:]
        for loop in group.makeIterator() {
            contexts[ObjectIdentifier(loop)] = ConnectionContext(
                router: router,
                limits: RequestLimits(config),
                clock: EventLoopClock(),
                logger: logger,
                accessLog: accessLog,
                hooks: hooks
            )
        }
        self.contexts = contexts
        startTicks(hooks)
    }

    /// Serves on listening sockets inherited from the supervisor, which other workers may share.
    public func start(adopting fds: [CInt]) async throws {
        try ensureNotDraining()
        for fd in fds {
            try ListenerDescriptor.listen(fd, backlog: config.backlog)
            let acceptor = try SharedSocketAcceptor(fd: fd, logger: logger) { [self] in connectionBootstrap() }
            try register(Listener(acceptor: acceptor, fd: fd))
            acceptor.start()
        }
    }

    /// Binds `address` itself and serves on it; returns the bound address (its port when port 0 was asked).
    @discardableResult
    public func start(binding address: BindAddress) async throws -> SocketAddress {
        try ensureNotDraining()
        let fd = try ListenerDescriptor.bind(address)
        let channel: Channel
        do {
            channel = try await bootstrap().withBoundSocket(fd).get()
        } catch {
            close(fd)
            throw error
        }
        try ListenerDescriptor.listen(fd, backlog: config.backlog)
        try register(Listener(channel: channel, fd: fd))
        return channel.localAddress!
    }

    /// The addresses the server is listening on.
    public var localAddresses: [SocketAddress] {
        state.withLockedValue { $0.listeners.compactMap { $0.channel?.localAddress ?? SocketAddress(boundTo: $0.fd) } }
    }

    /// Waits until the server has drained and stopped.
    public func run() async {
        await withCheckedContinuation { continuation in
            let done = state.withLockedValue { state in
                if !state.isFinished { state.finished.append(continuation) }
                return state.isFinished
            }
            if done { continuation.resume() }
        }
    }

    private func ensureNotDraining() throws(HTTPServerError) {
        if state.withLockedValue(\.isDraining) { throw .drained }
    }

    private func register(_ listener: Listener) throws {
        let accepted = state.withLockedValue { state in
            guard !state.isDraining else { return false }
            state.listeners.append(listener)
            return true
        }
        if !accepted {
            listener.channel?.close(promise: nil)
            listener.acceptor?.stop()
            throw HTTPServerError.drained
        }
    }

    private func bootstrap() -> ServerBootstrap {
        ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: Int32(clamping: config.backlog))
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture { try self.configure(channel) }
            }
    }

    /// Makes channels of connections accepted outside NIO, set up as `bootstrap()` sets up its children.
    private func connectionBootstrap() -> ClientBootstrap {
        ClientBootstrap(group: group)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelOption(.maxMessagesPerRead, value: 16)
            .channelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture { try self.configure(channel) }
            }
    }

    private func configure(_ channel: Channel) throws {
        let context = contexts[ObjectIdentifier(channel.eventLoop)]!
        let connectionGuard = ConnectionGuard(limits: context.limits, clock: context.clock)
        let pipeline = channel.pipeline.syncOperations
        try pipeline.addHandler(connectionGuard)
        try pipeline.configureHTTPServerPipeline(
            withPipeliningAssistance: false,
            withErrorHandling: false,
            withOutboundHeaderValidation: false,
            withEncoderConfiguration: HTTPResponseEncoder.Configuration(),
            withDecoderLimitConfiguration: context.limits.decoderLimits
        )
        let localHost = channel.localAddress.map(Self.hostHeader) ?? "localhost"
        try pipeline.addHandler(HTTPRequestHandler(context: context, connectionGuard: connectionGuard, localHost: localHost))
        track(channel)
    }

    private static func hostHeader(_ address: SocketAddress) -> String {
        guard let ip = address.ipAddress, let port = address.port else { return "localhost" }
        return ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }

    private func startTicks(_ hooks: HTTPServerHooks) {
        let accessLog = self.accessLog
        let ticks = group.makeIterator().enumerated().map { index, loop in
            loop.scheduleRepeatedTask(initialDelay: .seconds(1), delay: .seconds(1)) { _ in
                hooks.tick?(index)
                accessLog?.flush()
            }
        }
        state.withLockedValue { $0.ticks = ticks }
    }
}
