import Logging
import NIOCore
import NIOHPACK
import NIOHTTP2

/// Between NIOHTTP2's handler and the connection manager: counts and logs the connections NIOHTTP2
/// closed with GOAWAY for a broken or abused protocol, and begins the graceful close a drain (or a
/// response that closes its connection) asks for.
///
/// That close loses no stream the client sent. Once NIOHTTP2 has sent a GOAWAY it refuses every new
/// stream with REFUSED_STREAM, even under a GOAWAY that names the largest stream id, so the streams a
/// client opened before it read the GOAWAY would fail. So the close begins here, beside NIOHTTP2's
/// state: a GOAWAY naming the largest stream id is written below NIOHTTP2's handler (the client stops
/// opening streams; NIOHTTP2 still takes those already on their way), then a PING. Its acknowledgement
/// comes after every stream the client opened before it read that GOAWAY, and only then does the
/// connection manager quiesce the connection through NIOHTTP2 (GOAWAY naming the last stream, the open
/// streams finishing first). A client that never acknowledges the PING is closed when the drain's
/// `graceful_timeout` ends, as it would be under the connection manager's own PING.
///
/// A connection that opens while the worker drains, or that the drain finds before its first bytes
/// arrived, starts this close after the client's preface and SETTINGS, never before them. NIOHTTP2's
/// handler has already sent the GOAWAY (ENHANCE_YOUR_CALM for the rapid-reset and flood limits) when a
/// connection error reaches this handler; it closes the connection, which that handler does too.
final class HTTP2ConnectionObserver: ChannelInboundHandler {
    typealias InboundIn = HTTP2Frame
    typealias InboundOut = HTTP2Frame
    typealias OutboundOut = HTTP2Frame

    /// The payload of the close's PING, told apart from the connection manager's.
    static let closingPing = HTTP2PingData(withInteger: 0x7461_6769_6661_6921)
    /// GOAWAY on the connection's stream 0, naming the largest stream id, NO_ERROR: RFC 9113 §6.8's
    /// first step of a graceful close.
    private static let goAwayNamingEveryStream: ByteBuffer = {
        let frame: [UInt8] = [0, 0, 8, 0x7, 0, 0, 0, 0, 0] + [0x7f, 0xff, 0xff, 0xff] + [0, 0, 0, 0]
        return ByteBuffer(bytes: frame)
    }()

    private let http2: NIOHTTP2Handler
    private let logger: Logger
    private let hooks: HTTPServerHooks
    private let lifecycle: WorkerLifecycle
    private var closedForError = false
    private var clientSpoke = false
    private var close = GracefulClose.notAsked

    init(http2: NIOHTTP2Handler, logger: Logger, hooks: HTTPServerHooks, lifecycle: WorkerLifecycle) {
        self.http2 = http2
        self.logger = logger
        self.hooks = hooks
        self.lifecycle = lifecycle
    }

    func channelActive(context: ChannelHandlerContext) {
        // The drain asks each open connection to quiesce when it starts; this one may have come after.
        if lifecycle.isDraining { close = .heldUntilTheClientSpeaks }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .ping(Self.closingPing, ack: true) = unwrapInboundIn(data).payload {
            return quiesce(context: context)
        }
        context.fireChannelRead(data)
        guard !clientSpoke else { return }
        clientSpoke = true
        if case .heldUntilTheClientSpeaks = close { beginClosing(context: context) }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is ChannelShouldQuiesceEvent else { return context.fireUserInboundEventTriggered(event) }
        if clientSpoke {
            beginClosing(context: context)
        } else if case .notAsked = close {
            close = .heldUntilTheClientSpeaks
        }
    }

    private enum GracefulClose {
        case notAsked
        /// Asked before the client's preface and SETTINGS arrived.
        case heldUntilTheClientSpeaks
        /// The first GOAWAY and the PING are sent.
        case awaitingAcknowledgement
        case handedToTheManager
    }

    /// The first GOAWAY, written below NIOHTTP2's handler so that it goes on taking streams, and the
    /// PING whose acknowledgement ends the wait for those in flight.
    private func beginClosing(context: ChannelHandlerContext) {
        switch close {
        case .notAsked, .heldUntilTheClientSpeaks: break
        case .awaitingAcknowledgement, .handedToTheManager: return
        }
        guard let below = try? context.pipeline.syncOperations.context(handler: http2) else {
            return context.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        }
        below.write(NIOAny(Self.goAwayNamingEveryStream), promise: nil)
        context.writeAndFlush(wrapOutboundOut(HTTP2Frame(streamID: .rootStream, payload: .ping(Self.closingPing, ack: false))), promise: nil)
        close = .awaitingAcknowledgement
    }

    /// Hands the close to the connection manager, once.
    private func quiesce(context: ChannelHandlerContext) {
        guard case .awaitingAcknowledgement = close else { return }
        close = .handedToTheManager
        context.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        let peer = context.channel.remoteAddress.map { "\($0)" } ?? "unknown peer"
        if let streamError = error as? NIOHTTP2Errors.StreamError {
            // NIOHTTP2 has reset that stream; the connection and its other streams go on.
            return logger.debug("HTTP/2 stream \(streamError.streamID) from \(peer) reset: \(streamError.baseError)")
        }
        if let level = TLSConnectionFailure.logLevel(of: error) {
            logger.log(level: level, "TLS connection from \(peer) failed: \(error)")
        } else if !Self.isProtocolError(error) {
            logger.debug("connection from \(peer) failed: \(error)")
        } else if !closedForError {
            closedForError = true
            let reason = Self.reason(for: error)
            logger.info("closed the HTTP/2 connection from \(peer) with GOAWAY (\(reason.rawValue)): \(error)")
            hooks.http2ConnectionClosed?(reason)
        }
        context.close(promise: nil)
    }

    /// Whether `error` is NIOHTTP2's or NIOHPACK's word on what the client sent, rather than the
    /// connection going away under a write.
    static func isProtocolError(_ error: any Error) -> Bool {
        guard error is any NIOHTTP2Error || error is any NIOHPACKError else { return false }
        return !(error is NIOHTTP2Errors.IOOnClosedConnection)
    }

    /// Why NIOHTTP2 ended a connection, as `connections_closed_total` counts it.
    static func reason(for error: any Error) -> ConnectionCloseReason {
        switch error {
        case is NIOHTTP2Errors.ExcessiveRSTFrames, is NIOHTTP2Errors.ExcessiveStreamErrors:
            .http2RapidReset
        case is NIOHTTP2Errors.ExcessiveControlFrames, is NIOHTTP2Errors.ExcessiveNumberOfGlitches,
             is NIOHTTP2Errors.ExcessiveEmptyDataFrames, is NIOHTTP2Errors.ExcessiveContinuationFrames:
            .http2Flood
        default:
            .http2ProtocolError
        }
    }
}
