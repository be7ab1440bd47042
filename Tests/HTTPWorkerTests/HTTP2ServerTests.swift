import Foundation
import HTTPWorker
import NIOConcurrencyHelpers
import Testing
import TestSupport

/// HTTP/2 as `http_protocols` turns it on: h2c by prior knowledge beside HTTP/1.1 on one socket, h2
/// by ALPN over TLS, the same routes and answers as HTTP/1.1, and what the access log and the hooks see.
@Suite(.timeLimit(.minutes(3)))
struct HTTP2ServerTests {
    static func config(_ protocols: HTTPProtocols = .both, _ change: (inout HTTPSettings) -> Void = { _ in }) -> HTTPSettings {
        TestServer.config {
            $0.httpProtocols = protocols
            change(&$0)
        }
    }

    @Test func h2cByPriorKnowledgeServesTheSameRoutesAsHTTP1OnTheSameSocket() async throws {
        try await TestServer.with(Self.config()) { server in
            let client = try HTTP2TestClient(port: server.port)
            try client.sendHeaders(stream: 1, path: "/")
            let root = try client.response(stream: 1)
            #expect(root.status == 200)
            #expect(root.text == #"{"message":"OK"}"#)
            #expect(root.headers.first(name: "content-type") == "application/json")
            #expect(root.headers.first(name: "content-length") == "16")
            #expect(root.headers.first(name: "date") != nil)

            try client.sendHeaders(stream: 3, path: "/items/42")
            #expect(try client.response(stream: 3).text == "42")
            try client.sendHeaders(stream: 5, path: "/nope")
            let missing = try client.response(stream: 5)
            #expect(missing.status == 404)
            #expect(missing.text == #"{"detail":"Not Found"}"#)
            try client.sendHeaders(stream: 7, method: "DELETE", path: "/")
            let wrongMethod = try client.response(stream: 7)
            #expect(wrongMethod.status == 405)
            #expect(wrongMethod.headers.first(name: "allow") == "GET, HEAD")
            try client.sendHeaders(stream: 9, method: "POST", path: "/echo", [("content-length", "5")], endStream: false)
            try client.sendData(stream: 9, Array("hello".utf8))
            #expect(try client.response(stream: 9).text == "hello")
            try client.sendHeaders(stream: 11, method: "HEAD", path: "/")
            let head = try client.response(stream: 11)
            #expect(head.status == 200 && head.body.isEmpty && head.headers.first(name: "content-length") == "16")

            let http1 = try server.exchange("GET /items/7 HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(http1.status == 200 && http1.text == "7")
        }
    }

    @Test func streamsOnOneConnectionAreAnsweredEachOnItsOwn() async throws {
        try await TestServer.with(Self.config()) { server in
            let client = try HTTP2TestClient(port: server.port)
            let streams: [UInt32] = [1, 3, 5, 7, 9]
            for stream in streams { try client.sendHeaders(stream: stream, path: "/items/\(stream)") }
            for stream in streams.reversed() {
                #expect(try client.response(stream: stream).text == "\(stream)")
            }
        }
    }

    @Test func aResponseThatClosesItsConnectionEndsTheHTTP2ConnectionWithGoAway() async throws {
        try await TestServer.with(Self.config()) { server in
            let client = try HTTP2TestClient(port: server.port)
            try client.sendHeaders(stream: 1, path: "/leaving")
            #expect(try client.response(stream: 1).status == 503)
            let goAway = try #require(client.goAway())
            #expect(goAway.errorCode == HTTP2TestClient.noError)
        }
    }

    @Test func anHTTP1OnlyServerAnswersThePrefaceAsHTTP1() async throws {
        try await TestServer.with(TestServer.config()) { server in
            let reply = try server.exchange("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
            #expect(reply.status >= 400)
        }
    }

    @Test func anHTTP2OnlyServerClosesAnHTTP1ClientWithGoAway() async throws {
        let closed = NIOLockedValueBox<[ConnectionCloseReason]>([])
        let hooks = HTTPServerHooks(http2ConnectionClosed: { reason in closed.withLockedValue { $0.append(reason) } })
        try await TestServer.with(Self.config(.http2), hooks: hooks) { server in
            let client = try server.client()
            try client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            let frames = HTTP2TestClient.frames(from: client)
            #expect(frames.contains { $0.type == .goAway && $0.errorCode == HTTP2TestClient.protocolError })
            #expect(client.isClosedByServer())
            #expect(await eventually { closed.withLockedValue { $0 } == [.http2ProtocolError] })
        }
    }

    @Test func aSilentClientIsClosedAtTheHeaderTimeoutWhileTheVersionIsUnknown() async throws {
        try await TestServer.with(Self.config { $0.headerTimeout = 1 }) { server in
            let silent = try server.client(timeout: 5)
            try silent.send("PRI * HTTP/2.0\r\n")
            let started = ContinuousClock.now
            #expect(silent.isClosedByServer())
            #expect(ContinuousClock.now - started < .seconds(4))
        }
    }

    @Test(arguments: [HTTPProtocols.both, .http2])
    func aProxyProtocolHeaderComesBeforeThePrefaceAndNamesTheClient(protocols: HTTPProtocols) async throws {
        let scratch = try ScratchFolder("h2-proxy")
        let path = scratch.url.appendingPathComponent("access.log").path
        let accessLog = try AccessLog(destination: path, format: #"%(h)s %(r)s"#)
        try await TestServer.with(Self.config(protocols) { $0.proxyProtocol = true }, accessLog: accessLog) { server in
            let header = Array("PROXY TCP4 203.0.113.7 127.0.0.1 56324 8000\r\n".utf8)
            let client = try HTTP2TestClient(port: server.port, prelude: header)
            try client.sendHeaders(stream: 1, path: "/items/1")
            #expect(try client.response(stream: 1).text == "1")
        }
        accessLog.flush()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "203.0.113.7 GET /items/1 HTTP/2.0\n")
    }

    @Test func theAccessLogAndTheHooksSeeHTTP2() async throws {
        let scratch = try ScratchFolder("h2-access-log")
        let path = scratch.url.appendingPathComponent("access.log").path
        let accessLog = try AccessLog(destination: path, format: #"%(r)s %(s)s %(H)s"#)
        let versions = NIOLockedValueBox<[String]>([])
        let hooks = HTTPServerHooks(requestCompleted: { request in
            versions.withLockedValue { $0.append(request.version.map { "\($0.major).\($0.minor)" } ?? "-") }
        })
        try await TestServer.with(Self.config(), accessLog: accessLog, hooks: hooks) { server in
            let client = try HTTP2TestClient(port: server.port)
            try client.sendHeaders(stream: 1, path: "/items/1")
            _ = try client.response(stream: 1)
            _ = try server.exchange("GET /items/2 HTTP/1.1\r\nHost: x\r\n\r\n")
        }
        accessLog.flush()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines == ["GET /items/1 HTTP/2.0 200 HTTP/2.0", "GET /items/2 HTTP/1.1 200 HTTP/1.1"])
        #expect(versions.withLockedValue { $0 } == ["2.0", "1.1"])
    }
}

extension HTTP2TestClient {
    /// The HTTP/2 frames a server sent on a connection opened as HTTP/1.1, until it closed.
    static func frames(from client: RawHTTPClient) -> [Frame] {
        var frames: [Frame] = []
        while let header = try? client.read(count: 9) {
            let length = Int(header[0]) << 16 | Int(header[1]) << 8 | Int(header[2])
            guard let payload = try? client.read(count: length) else { break }
            if let type = FrameType(rawValue: header[3]) {
                frames.append(Frame(type: type, flags: header[4], stream: 0, payload: payload))
            }
        }
        return frames
    }
}
