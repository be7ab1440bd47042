import Logging
import NIOCore
import NIOTLS

/// Decides whether a connection speaks HTTP/1.1 or HTTP/2 when `http_protocols` allows a choice,
/// has the pipeline set up for that version, passes on what it held and leaves.
///
/// Over TLS the handshake's ALPN result decides (`h2`, or HTTP/1.1 for anything else when that is
/// spoken); in cleartext the first bytes do: the HTTP/2 connection preface (RFC 9113, 3.4) means h2
/// by prior knowledge, any other start HTTP/1.1, decided at the first byte that differs from it, so a
/// `GET` is handed on at once. Like `ProxyHeaderReader`, it holds back `channelActive` until the
/// handlers are added, so they see a connection that begins with its first byte. A connection that
/// has not decided within `timeout` (`header_timeout`: a silent client, a stalled handshake) is closed
/// unanswered. A server with `http_protocols: h1` has no such handler.
final class HTTPProtocolSelector: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// What decides the version.
    enum Signal {
        /// The first bytes: the HTTP/2 preface or not.
        case preface
        /// The TLS handshake's ALPN result; `servesHTTP1` says whether anything but `h2` gets HTTP/1.1.
        case alpn(servesHTTP1: Bool)
    }

    enum Version {
        case http1, http2
    }

    /// The client connection preface of HTTP/2.
    static let preface = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)

    private let signal: Signal
    private let timeout: TimeAmount
    private let logger: Logger
    private let onDecision: (Version) throws -> Void
    private var deciding = true
    /// The bytes received while deciding: at most the preface's length plus one read.
    private var received: ByteBuffer?
    private var timer: Scheduled<Void>?

    /// - Parameter onDecision: adds the handlers that serve the connection in that version.
    init(signal: Signal, timeout: TimeAmount, logger: Logger, onDecision: @escaping (Version) throws -> Void) {
        self.signal = signal
        self.timeout = timeout
        self.logger = logger
        self.onDecision = onDecision
    }

    func channelActive(context: ChannelHandlerContext) {
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            guard deciding else { return }
            deciding = false
            received = nil
            context.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard deciding else { return context.fireChannelRead(data) }
        var bytes = unwrapInboundIn(data)
        if received == nil {
            received = bytes
        } else {
            received!.writeBuffer(&bytes)
        }
        guard case .preface = signal, let version = Self.version(startingWith: received!) else { return }
        decide(version, context: context)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard deciding, case .alpn(let servesHTTP1) = signal,
              let tlsEvent = event as? TLSUserEvent, case .handshakeCompleted(let negotiated) = tlsEvent
        else { return context.fireUserInboundEventTriggered(event) }
        decide(negotiated == "h2" || !servesHTTP1 ? .http2 : .http1, context: context, event: event)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        guard deciding else { return context.fireErrorCaught(error) }
        deciding = false
        timer?.cancel()
        let peer = context.channel.remoteAddress.map { "\($0)" } ?? "unknown peer"
        let level = TLSConnectionFailure.logLevel(of: error) ?? .debug
        logger.log(level: level, "connection from \(peer) failed before its HTTP version was known: \(error)")
        context.close(promise: nil)
    }

    /// The version a connection that starts with `bytes` speaks, or nil while they are a proper
    /// prefix of the HTTP/2 preface.
    static func version(startingWith bytes: ByteBuffer) -> Version? {
        let view = bytes.readableBytesView
        for (byte, expected) in zip(view, preface) where byte != expected {
            return .http1
        }
        return view.count >= preface.count ? .http2 : nil
    }

    /// Sets the pipeline up for `version`, then hands the new handlers `channelActive`, the event that
    /// decided (the handshake's), and the bytes held.
    private func decide(_ version: Version, context: ChannelHandlerContext, event: Any? = nil) {
        deciding = false
        timer?.cancel()
        do {
            try onDecision(version)
        } catch {
            let peer = context.channel.remoteAddress.map { "\($0)" } ?? "unknown peer"
            logger.error("connection from \(peer) closed: \(error)")
            return context.close(promise: nil)
        }
        context.fireChannelActive()
        if let event { context.fireUserInboundEventTriggered(event) }
        if let rest = received.take(), rest.readableBytes > 0 {
            context.fireChannelRead(wrapInboundOut(rest))
        }
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }
}
