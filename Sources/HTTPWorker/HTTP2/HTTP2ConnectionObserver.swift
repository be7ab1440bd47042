import Logging
import NIOCore
import NIOHPACK
import NIOHTTP2

/// Between NIOHTTP2's handler and the connection manager: counts and logs the connections NIOHTTP2
/// closed with GOAWAY for a broken or abused protocol, and passes the drain's request to quiesce on
/// only once the client's first frame (its SETTINGS) was read.
///
/// A connection that opens while the worker drains, or that the drain finds before its first bytes
/// arrived, so starts its graceful close after the client's preface and SETTINGS, never before them.
/// Once NIOHTTP2 has sent a GOAWAY it refuses every new stream with REFUSED_STREAM (which tells the
/// client it may retry it elsewhere), even under a GOAWAY that names the largest stream id. NIOHTTP2's
/// handler has already sent the GOAWAY (ENHANCE_YOUR_CALM for the rapid-reset and flood limits)
/// when a connection error reaches this handler; it closes the connection, which that handler does too.
final class HTTP2ConnectionObserver: ChannelInboundHandler {
    typealias InboundIn = HTTP2Frame
    typealias InboundOut = HTTP2Frame

    private let logger: Logger
    private let hooks: HTTPServerHooks
    private let lifecycle: WorkerLifecycle
    private var closedForError = false
    private var clientSpoke = false
    private var quiesceHeld = false

    init(logger: Logger, hooks: HTTPServerHooks, lifecycle: WorkerLifecycle) {
        self.logger = logger
        self.hooks = hooks
        self.lifecycle = lifecycle
    }

    func channelActive(context: ChannelHandlerContext) {
        // The drain asks each open connection to quiesce when it starts; this one may have come after.
        if lifecycle.isDraining { quiesceHeld = true }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
        guard !clientSpoke else { return }
        clientSpoke = true
        if quiesceHeld {
            quiesceHeld = false
            context.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent, !clientSpoke {
            quiesceHeld = true
            return
        }
        context.fireUserInboundEventTriggered(event)
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
