import Logging
import NIOConcurrencyHelpers
import Testing
import TestSupport
@testable import HTTPWorker

/// The bounds HTTP/2 adds, each from its setting: streams per connection, the decoded header list
/// (HPACK bombs), the body of each stream, resets in a loop (rapid reset), stalled bodies, idle
/// connections; and the drain's GOAWAY.
@Suite(.timeLimit(.minutes(3)))
struct HTTP2LimitTests {
    private static func config(_ change: (inout HTTPSettings) -> Void = { _ in }) -> HTTPSettings {
        HTTP2ServerTests.config(.both, change)
    }

    /// Hooks that collect the HTTP/2 connections closed for abuse, and the hooks themselves.
    private static func closedConnections() -> (NIOLockedValueBox<[ConnectionCloseReason]>, HTTPServerHooks) {
        let closed = NIOLockedValueBox<[ConnectionCloseReason]>([])
        return (closed, HTTPServerHooks(http2ConnectionClosed: { reason in closed.withLockedValue { $0.append(reason) } }))
    }

    @Test func aStreamBeyondMaxConcurrentStreamsClosesTheConnectionWithGoAway() async throws {
        let (closed, hooks) = Self.closedConnections()
        try await TestServer.with(Self.config { $0.http2MaxConcurrentStreams = 2 }, hooks: hooks) { server in
            let client = try HTTP2TestClient(port: server.port)
            // The limit holds once the client has acknowledged the server's SETTINGS, which it does
            // while it reads this first response.
            try client.sendHeaders(stream: 1, path: "/items/1")
            #expect(try client.response(stream: 1).text == "1")
            #expect(client.serverSettings[3] == 2, "SETTINGS_MAX_CONCURRENT_STREAMS")
            try client.sendHeaders(stream: 3, method: "POST", path: "/echo", endStream: false)
            try client.sendHeaders(stream: 5, method: "POST", path: "/echo", endStream: false)
            try client.sendData(stream: 5, Array("five".utf8))
            #expect(try client.response(stream: 5).text == "five", "two streams at once are served")
            try client.sendHeaders(stream: 7, method: "POST", path: "/echo", endStream: false)
            try client.sendHeaders(stream: 9, path: "/")
            let goAway = try #require(client.goAway())
            #expect(goAway.errorCode == HTTP2TestClient.protocolError)
            #expect(client.raw.isClosedByServer())
            #expect(await eventually { closed.withLockedValue { $0 } == [.http2ProtocolError] })
        }
    }

    @Test func aClientThatNeverAcknowledgesTheSettingsIsHeldToTheStreamLimitToo() async throws {
        try await TestServer.with(Self.config { $0.http2MaxConcurrentStreams = 2 }) { server in
            let client = try HTTP2TestClient(port: server.port)
            client.acknowledgesSettings = false
            try client.sendHeaders(stream: 1, method: "POST", path: "/echo", endStream: false)
            try client.sendHeaders(stream: 3, method: "POST", path: "/echo", endStream: false)
            try client.sendHeaders(stream: 5, method: "POST", path: "/echo", endStream: false)
            let refused = try client.frame { $0.stream == 5 }
            #expect(refused.type == .rstStream && refused.errorCode == HTTP2TestClient.refusedStream)
            try client.sendData(stream: 1, Array("one".utf8))
            #expect(try client.response(stream: 1).text == "one")
            try client.sendHeaders(stream: 7, path: "/items/7")
            #expect(try client.response(stream: 7).text == "7", "a stream that ended frees its place")
            #expect(client.serverSettings[3] == 2)
        }
    }

    @Test func anHPACKBombClosesTheConnectionWithGoAway() async throws {
        let (closed, hooks) = Self.closedConnections()
        try await TestServer.with(Self.config(), hooks: hooks) { server in
            let client = try HTTP2TestClient(port: server.port)
            try client.sendHeaders(stream: 1, path: "/items/1")
            #expect(try client.response(stream: 1).status == 200)
            #expect(client.serverSettings[6] == 16384, "SETTINGS_MAX_HEADER_LIST_SIZE")
            // One 4,000-byte field, then 99 references to it in the dynamic table: a block of about
            // 4 KB that decodes to 400 KB.
            let field = ("x-bomb", String(repeating: "a", count: 4000))
            try client.sendHeaders(stream: 3, path: "/", Array(repeating: field, count: 100))
            let goAway = try #require(client.goAway())
            #expect(goAway.type == .goAway)
            #expect(client.raw.isClosedByServer())
            #expect(await eventually { closed.withLockedValue { $0 } == [.http2ProtocolError] })
        }
    }

    @Test func aHeaderListUnderTheLimitIsServed() async throws {
        try await TestServer.with(Self.config { $0.http2MaxHeaderListSize = 65536 }) { server in
            let client = try HTTP2TestClient(port: server.port)
            try client.sendHeaders(stream: 1, path: "/items/1")
            _ = try client.response(stream: 1)
            let fields = (0..<6).map { ("x-field-\($0)", String(repeating: "a", count: 4000)) }
            try client.sendHeaders(stream: 3, path: "/items/3", fields)
            #expect(try client.response(stream: 3).text == "3")
        }
    }

    @Test func aBodyOverMaxBodySizeIs413AndTheStreamIsResetWithoutError() async throws {
        try await TestServer.with(Self.config { $0.maxBodySize = 100 }) { server in
            let client = try HTTP2TestClient(port: server.port)
            try client.sendHeaders(stream: 1, method: "POST", path: "/echo", [("content-length", "200")], endStream: false)
            let declared = try client.response(stream: 1)
            #expect(declared.status == 413)
            #expect(declared.text == #"{"detail":"Request body is larger than the limit of 100 bytes."}"#)
            let reset = try client.frame { $0.stream == 1 }
            #expect(reset.type == .rstStream && reset.errorCode == HTTP2TestClient.noError)

            try client.sendHeaders(stream: 3, method: "POST", path: "/echo", endStream: false)
            try client.sendData(stream: 3, Array(repeating: UInt8(ascii: "x"), count: 60), endStream: false)
            try client.sendData(stream: 3, Array(repeating: UInt8(ascii: "x"), count: 60), endStream: false)
            #expect(try client.response(stream: 3).status == 413, "a body without a length is counted as it arrives")

            try client.sendHeaders(stream: 5, method: "POST", path: "/echo", endStream: false)
            try client.sendData(stream: 5, Array(repeating: UInt8(ascii: "y"), count: 100))
            #expect(try client.response(stream: 5).body.count == 100, "the connection serves on")
        }
    }

    @Test func resetsInALoopCloseTheConnectionWithEnhanceYourCalm() async throws {
        let (closed, hooks) = Self.closedConnections()
        try await TestServer.with(Self.config { $0.http2MaxResetStreams = 10 }, hooks: hooks) { server in
            let client = try HTTP2TestClient(port: server.port)
            for stream in stride(from: UInt32(1), through: 41, by: 2) {
                try? client.sendHeaders(stream: stream, method: "POST", path: "/echo", endStream: false)
                try? client.sendReset(stream: stream)
            }
            let goAway = try #require(client.goAway())
            #expect(goAway.errorCode == HTTP2TestClient.enhanceYourCalm)
            #expect(client.raw.isClosedByServer())
            #expect(await eventually { closed.withLockedValue { $0 } == [.http2RapidReset] })
        }
    }

    @Test func resetsUnderTheLimitKeepTheConnection() async throws {
        let (closed, hooks) = Self.closedConnections()
        try await TestServer.with(Self.config { $0.http2MaxResetStreams = 10 }, hooks: hooks) { server in
            let client = try HTTP2TestClient(port: server.port)
            for stream in stride(from: UInt32(1), through: 15, by: 2) {
                try client.sendHeaders(stream: stream, method: "POST", path: "/echo", endStream: false)
                try client.sendReset(stream: stream)
            }
            try client.sendHeaders(stream: 17, path: "/items/17")
            #expect(try client.response(stream: 17).text == "17")
            #expect(closed.withLockedValue { $0 }.isEmpty)
        }
    }

    @Test func answersAClientDoesNotTakeHoldTheirStreamsSoTheQueueIsBoundedByTheStreamLimit() async throws {
        let (closed, hooks) = Self.closedConnections()
        try await TestServer.with(Self.config { $0.http2MaxConcurrentStreams = 4 }, hooks: hooks) { server in
            let client = try HTTP2TestClient(port: server.port, receiveBuffer: 4096)
            try client.sendHeaders(stream: 1, path: "/items/1")
            #expect(try client.response(stream: 1).text == "1")
            // Windows as large as HTTP/2 allows, so flow control holds nothing back: only the socket
            // does. From here on the client reads nothing.
            try client.send(.settings, flags: 0, stream: 0, [0, 4, 0x7f, 0xff, 0xff, 0xff])
            try client.send(.windowUpdate, flags: 0, stream: 0, [0x7f, 0xff, 0x00, 0x00])
            for stream in stride(from: UInt32(3), through: 9, by: 2) {
                try client.sendHeaders(stream: stream, path: "/bytes/8388608")  // more than the socket buffers hold
            }
            try client.sendHeaders(stream: 11, path: "/items/11")
            #expect(
                await eventually { closed.withLockedValue { $0 } == [.http2ProtocolError] },
                "a fifth stream while four answers wait is one too many")
        }
    }

    @Test func aStalledBodyIs408OnItsStream() async throws {
        try await TestServer.with(Self.config { $0.headerTimeout = 1 }) { server in
            let client = try HTTP2TestClient(port: server.port)
            try client.sendHeaders(stream: 1, method: "POST", path: "/echo", [("content-length", "10")], endStream: false)
            try client.sendData(stream: 1, Array("hello".utf8), endStream: false)
            let started = ContinuousClock.now
            let stalled = try client.response(stream: 1)
            #expect(stalled.status == 408)
            #expect(stalled.text == #"{"detail":"Request body stalled: nothing received for 1 second."}"#)
            #expect(ContinuousClock.now - started < .seconds(4))
        }
    }

    /// A client that keeps its flow-control window shut takes no byte of an answer: after
    /// `send_timeout` its stream is reset, so the answer is not held for ever, and the connection
    /// goes on serving the streams whose answers fit.
    @Test func anAnswerAWindowStallingClientNeverTakesIsResetAtTheSendTimeout() async throws {
        let timedOut = NIOLockedValueBox(0)
        let hooks = HTTPServerHooks(sendTimedOut: { timedOut.withLockedValue { $0 += 1 } })
        try await TestServer.with(Self.config { $0.sendTimeout = 1 }, hooks: hooks) { server in
            let client = try HTTP2TestClient(port: server.port)
            try client.send(.settings, flags: 0, stream: 0, [0, 4, 0, 0, 0, 0])  // SETTINGS_INITIAL_WINDOW_SIZE 0
            try client.sendHeaders(stream: 1, path: "/items/1")
            let started = ContinuousClock.now
            let reset = try client.frame { $0.stream == 1 && $0.type == .rstStream }
            #expect(reset.errorCode == HTTP2TestClient.cancel)
            #expect(ContinuousClock.now - started >= .seconds(1))
            #expect(ContinuousClock.now - started < .seconds(4))
            #expect(timedOut.withLockedValue { $0 } == 1)
            try client.sendHeaders(stream: 3, method: "HEAD", path: "/items/3")
            #expect(try client.response(stream: 3).status == 200, "an answer with no body to hold is served")
        }
    }

    @Test func anIdleConnectionIsClosedWithGoAwayAfterKeepalive() async throws {
        try await TestServer.with(Self.config { $0.keepalive = 1 }) { server in
            let client = try HTTP2TestClient(port: server.port)
            try client.sendHeaders(stream: 1, path: "/items/1")
            #expect(try client.response(stream: 1).text == "1")
            let started = ContinuousClock.now
            let goAway = try #require(client.goAway())
            #expect(goAway.errorCode == HTTP2TestClient.noError)
            #expect(ContinuousClock.now - started < .seconds(4))
            _ = client.goAway()  // the second, read while the PING that follows the first is acknowledged
            #expect(client.raw.isClosedByServer(), "the connection closes once the client acknowledged the PING")
        }
    }

    /// A stream the client opened before it read the first GOAWAY is served, not refused: NIOHTTP2
    /// refuses every stream that arrives after its own first GOAWAY, so the server's first GOAWAY and
    /// PING go out beside NIOHTTP2, which quiesces only once the PING comes back.
    @Test func aDrainServesTheStreamsInFlightThenNamesTheLastAndCloses() async throws {
        let started = NIOLockedValueBox(0)
        let hooks = HTTPServerHooks(requestStarted: { started.withLockedValue { $0 += 1 } })
        let server = HTTPServer(
            settings: Self.config(), router: TestServer.router, logger: Logger(label: "test"), accessLog: nil, hooks: hooks)
        let port = try server.start(binding: .tcp(host: "127.0.0.1", port: 0)).port!
        let client = try HTTP2TestClient(port: port)
        try client.sendHeaders(stream: 1, method: "POST", path: "/echo", [("content-length", "10")], endStream: false)
        try client.sendData(stream: 1, Array("hello".utf8), endStream: false)
        #expect(await eventually { started.withLockedValue { $0 } == 1 })

        server.startDraining()
        let first = try #require(client.goAway())
        #expect(first.lastStreamID == 0x7fff_ffff, "the first GOAWAY lets streams in flight arrive")
        try client.sendHeaders(stream: 3, path: "/items/3")  // sent before the client read the GOAWAY
        #expect(try client.response(stream: 3).text == "3", "a stream in flight is served")
        let last = try client.frame { $0.type == .goAway && $0.lastStreamID != 0x7fff_ffff }
        #expect(last.lastStreamID == 3 && last.errorCode == HTTP2TestClient.noError)
        try client.sendData(stream: 1, Array("world".utf8))
        #expect(try client.response(stream: 1).text == "helloworld", "an open stream finishes")
        #expect(client.raw.isClosedByServer())
        await server.run()
    }

    @Test func aClientThatNeverAcknowledgesThePingIsClosedAtTheGracefulTimeout() async throws {
        let server = HTTPServer(settings: Self.config { $0.gracefulTimeout = 1 }, router: TestServer.router, logger: Logger(label: "test"), accessLog: nil)
        let port = try server.start(binding: .tcp(host: "127.0.0.1", port: 0)).port!
        let client = try HTTP2TestClient(port: port)
        client.acknowledgesPings = false
        try client.sendHeaders(stream: 1, path: "/items/1")
        #expect(try client.response(stream: 1).text == "1")

        let drained = ContinuousClock.now
        server.startDraining()
        #expect(try #require(client.goAway()).lastStreamID == 0x7fff_ffff)
        #expect(client.goAway()?.lastStreamID == nil, "no GOAWAY naming the last stream comes without the PING's acknowledgement")
        #expect(client.raw.isClosedByServer())
        #expect(ContinuousClock.now - drained < .seconds(4))
        await server.run()
    }
}
