import NIOCore
import NIOHTTP2

extension HTTPServer {
    /// Adds the handlers of an HTTP/2 connection: NIOHTTP2's, with this server's limits, whose streams
    /// are each served by an `HTTP2StreamHandler` with the connection's router and context; its
    /// connection manager (GOAWAY when idle for `keepalive` seconds and when the worker drains, the open
    /// streams finishing first); and between them the observer of its errors and of the drain.
    ///
    /// On a connection already active (the protocol chosen by `HTTPProtocolSelector`, or after a PROXY
    /// header) NIOHTTP2's handler starts as it is added and lets no later `channelActive` through, so
    /// the manager and observer are handed theirs here.
    func addHTTP2Handlers(
        _ channel: Channel, context: ConnectionContext, localHost: String, trustsForwarding: Bool
    ) throws {
        let manager = NIOHTTP2ServerConnectionManagementHandler(
            eventLoop: channel.eventLoop,
            configuration: .init(
                maxIdleTime: .seconds(Int64(max(settings.keepalive, 1))), maxAge: nil,
                maxGraceTime: .seconds(Int64(settings.gracefulTimeout)), keepalive: nil))
        let scheme = tls == nil ? "http" : "https"
        let openStreams = NIOLoopBoundBox(0, eventLoop: channel.eventLoop)
        let streamLimit = settings.http2MaxConcurrentStreams
        let http2 = NIOHTTP2Handler(
            mode: .server, eventLoop: channel.eventLoop, connectionConfiguration: http2Connection,
            streamConfiguration: http2Stream, streamDelegate: manager.http2StreamDelegate
        ) { stream in
            stream.eventLoop.makeCompletedFuture {
                // NIOHTTP2 holds a client to SETTINGS_MAX_CONCURRENT_STREAMS only once it has
                // acknowledged that SETTINGS frame; this bound holds from the first stream.
                openStreams.value += 1
                stream.closeFuture.whenComplete { _ in openStreams.value -= 1 }
                guard openStreams.value <= streamLimit else {
                    stream.writeAndFlush(HTTP2Frame.FramePayload.rstStream(.refusedStream), promise: nil)
                    return
                }
                let pipeline = stream.pipeline.syncOperations
                try pipeline.addHandler(HTTP2FramePayloadToHTTP1ServerCodec())
                try pipeline.addHandler(HTTP2StreamHandler(
                    context: context, localHost: localHost, scheme: scheme, trustsForwarding: trustsForwarding))
            }
        }
        let pipeline = channel.pipeline.syncOperations
        try pipeline.addHandler(http2)
        try pipeline.addHandler(HTTP2ConnectionObserver(http2: http2, logger: logger, hooks: context.hooks, lifecycle: lifecycle))
        try pipeline.addHandler(manager)
        if channel.isActive {
            try pipeline.context(handler: http2).fireChannelActive()
        }
    }

    /// The connection settings sent to each HTTP/2 client: `http2_max_concurrent_streams` and
    /// `http2_max_header_list_size`.
    private var http2Connection: NIOHTTP2Handler.ConnectionConfiguration {
        var connection = NIOHTTP2Handler.ConnectionConfiguration()
        connection.initialSettings = [
            HTTP2Setting(parameter: .maxConcurrentStreams, value: settings.http2MaxConcurrentStreams),
            HTTP2Setting(parameter: .maxHeaderListSize, value: settings.http2MaxHeaderListSize),
        ]
        return connection
    }

    /// The rapid-reset bound: at most `http2_max_reset_streams` resets, and as many stream errors,
    /// in 30 seconds.
    private var http2Stream: NIOHTTP2Handler.StreamConfiguration {
        var stream = NIOHTTP2Handler.StreamConfiguration()
        stream.streamResetFrameRateLimit.maximumCount = settings.http2MaxResetStreams
        stream.streamResetFrameRateLimit.windowLength = .seconds(30)
        stream.streamErrorRateLimit.maximumCount = settings.http2MaxResetStreams
        stream.streamErrorRateLimit.windowLength = .seconds(30)
        return stream
    }
}
