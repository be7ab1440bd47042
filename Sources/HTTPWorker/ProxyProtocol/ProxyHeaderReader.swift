import Logging
import NIOCore

/// Reads the PROXY protocol header that starts every connection when `proxy_protocol` is on, has the
/// rest of the pipeline set up for the client it names, passes the bytes after it on and leaves.
///
/// It is added alone to a new connection's pipeline and holds back `channelActive`: the HTTP handlers
/// are added by `onHeader` once the header is read, so they see a connection that begins with the
/// byte after it, and a server without `proxy_protocol` has neither this handler nor its cost. A peer
/// outside `forwarded_allow_ips`, bytes that are not a valid header and a header not complete within
/// `timeout` close the connection unanswered (there is no protocol yet to answer in), logged once at
/// info level and reported to `onRefusal`.
final class ProxyHeaderReader: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let trustsPeer: Bool
    private let timeout: TimeAmount
    private let logger: Logger
    private let onHeader: (_ client: SocketAddress?) throws -> Void
    private let onRefusal: (ProxyRefusal) -> Void
    /// Whether the header is still awaited.
    private var reading = true
    /// The bytes received so far, at most one read beyond what `ProxyHeader.read` bounds.
    private var received: ByteBuffer?
    private var timer: Scheduled<Void>?

    /// - Parameters:
    ///   - trustsPeer: whether the socket's peer may name the client (it is in `forwarded_allow_ips`).
    ///   - onHeader: adds the handlers that serve the connection, given the client's address: the
    ///     header's source, or the socket's peer for a header that names none.
    init(
        trustsPeer: Bool, timeout: TimeAmount, logger: Logger,
        onHeader: @escaping (_ client: SocketAddress?) throws -> Void, onRefusal: @escaping (ProxyRefusal) -> Void
    ) {
        self.trustsPeer = trustsPeer
        self.timeout = timeout
        self.logger = logger
        self.onHeader = onHeader
        self.onRefusal = onRefusal
    }

    func channelActive(context: ChannelHandlerContext) {
        guard trustsPeer else {
            return refuse(context, .untrustedPeer, "the peer is not in forwarded_allow_ips; add the proxy's address to it")
        }
        let reason = "no complete PROXY protocol header within \(ConnectionGuard.text(timeout)) (header_timeout)"
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            refuse(context, .timeout, reason)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard reading else { return context.fireChannelRead(data) }
        var bytes = unwrapInboundIn(data)
        if received == nil {
            received = bytes
        } else {
            received!.writeBuffer(&bytes)
        }
        let header: ProxyHeader
        do {
            guard let read = try ProxyHeader.read(from: &received!) else { return }
            header = read
        } catch {
            return refuse(context, .invalidHeader, "\(error)")
        }
        reading = false
        timer?.cancel()
        let client = switch header {
        case .proxied(let source, _): source
        case .unknown: context.channel.remoteAddress
        }
        do {
            try onHeader(client)
        } catch {
            logger.error("connection from \(Self.describe(context.channel.remoteAddress)) closed: \(error)")
            return context.close(promise: nil)
        }
        context.fireChannelActive()
        if let rest = received.take(), rest.readableBytes > 0 {
            context.fireChannelRead(wrapInboundOut(rest))
        }
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        guard reading else { return context.fireErrorCaught(error) }
        reading = false
        timer?.cancel()
        logger.debug("connection from \(Self.describe(context.channel.remoteAddress)) failed before its PROXY header: \(error)")
        context.close(promise: nil)
    }

    private func refuse(_ context: ChannelHandlerContext, _ refusal: ProxyRefusal, _ reason: String) {
        guard reading else { return }
        reading = false
        timer?.cancel()
        received = nil
        logger.info("proxy_protocol: closed the connection from \(Self.describe(context.channel.remoteAddress)): \(reason)")
        onRefusal(refusal)
        context.close(promise: nil)
    }

    private static func describe(_ peer: SocketAddress?) -> String {
        peer.map { "\($0)" } ?? "an unknown peer"
    }
}
