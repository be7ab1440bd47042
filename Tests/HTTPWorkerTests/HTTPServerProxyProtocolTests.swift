import Glibc
import NIOConcurrencyHelpers
import NIOCore
import Prefork
import Settings
import Testing
import TestSupport
@testable import HTTPWorker

/// `proxy_protocol: true` over real connections from 127.0.0.1: the header's client reaches the access
/// log and forwarding trust, and connections without a valid header are closed unanswered.
@Suite struct HTTPServerProxyProtocolTests {
    static let request = "GET /url HTTP/1.1\r\nHost: h\r\n\r\n"
    static let version1 = "PROXY TCP4 203.0.113.7 127.0.0.1 56324 8000\r\n"
    /// A v2 PROXY header for [2001:db8::7]:443 with an ALPN TLV.
    static let version2: [UInt8] = ProxyHeader.version2Signature + [0x21, 0x21, 0x00, 36 + 5]
        + [0x20, 0x01, 0x0D, 0xB8] + [UInt8](repeating: 0, count: 11) + [7] + [UInt8](repeating: 0, count: 15) + [1]
        + [0x01, 0xBB, 0x1F, 0x40] + [0x01, 0x00, 0x02, 0x68, 0x32]

    @Test func aVersion1HeaderNamesTheClientOfEveryRequestOnTheConnection() async throws {
        let (replies, log, refusals) = try await Self.serve { server in
            let client = try server.client()
            try client.send(Self.version1 + Self.request)
            let first = try client.readReply()
            try client.send(Self.request)
            return [first, try client.readReply()]
        }
        #expect(replies.map(\.status) == [200, 200])
        #expect(log == ["203.0.113.7 GET", "203.0.113.7 GET"])
        #expect(refusals.isEmpty)
    }

    @Test func aVersion2HeaderSentByteByByteNamesTheClient() async throws {
        let (replies, log, _) = try await Self.serve { server in
            let client = try server.client()
            for byte in Self.version2 { try client.send([byte]) }
            try client.send(Self.request)
            return [try client.readReply()]
        }
        #expect(replies.map(\.status) == [200])
        #expect(log == ["2001:db8::7 GET"])
    }

    @Test func headerAndRequestInOneWriteAreBothRead() async throws {
        let (replies, log, _) = try await Self.serve { server in
            let client = try server.client()
            try client.send(Self.version2 + Array((Self.request + Self.request).utf8))
            return [try client.readReply(), try client.readReply()]
        }
        #expect(replies.map(\.status) == [200, 200])
        #expect(log == ["2001:db8::7 GET", "2001:db8::7 GET"])
    }

    @Test func localAndUnknownKeepThePeerAndItsForwardingTrust() async throws {
        let forwarded = "GET /url HTTP/1.1\r\nHost: h\r\nX-Forwarded-For: 198.51.100.2\r\nX-Forwarded-Proto: https\r\n\r\n"
        let local = ProxyHeader.version2Signature + [0x20, 0x00, 0x00, 0x00]
        let (replies, log, _) = try await Self.serve { server in
            let unknown = try server.client()
            try unknown.send("PROXY UNKNOWN\r\n" + Self.request)
            let viaLocal = try server.client()
            try viaLocal.send(local + Array(forwarded.utf8))
            return [try unknown.readReply(), try viaLocal.readReply()]
        }
        #expect(replies.map(\.text) == ["http://h/url", "https://h/url"])
        #expect(log == ["127.0.0.1 GET", "198.51.100.2 GET"])
    }

    /// A TCP proxy relays the client's bytes as they are, so forwarding headers are trusted by the
    /// header's client, not by the proxy that sent the header.
    @Test func forwardingHeadersAreJudgedByTheHeadersClient() async throws {
        let forged = "GET /url HTTP/1.1\r\nHost: h\r\nX-Forwarded-For: 198.51.100.2\r\nX-Forwarded-Host: forged.example\r\n\r\n"
        let (replies, log, _) = try await Self.serve(allowing: "127.0.0.1, 10.0.0.0/8") { server in
            let fromClient = try server.client()
            try fromClient.send(Self.version1 + forged)
            let fromInnerProxy = try server.client()
            try fromInnerProxy.send("PROXY TCP4 10.1.2.3 127.0.0.1 4711 8000\r\n" + forged)
            return [try fromClient.readReply(), try fromInnerProxy.readReply()]
        }
        #expect(replies.map(\.text) == ["http://h/url", "http://forged.example/url"])
        #expect(log == ["203.0.113.7 GET", "198.51.100.2 GET"])
    }

    @Test func aConnectionWithoutAValidHeaderIsClosedUnanswered() async throws {
        let (closed, log, refusals) = try await Self.serve { server in
            try [Self.request, "PROXY TCP4 203.0.113.7 127.0.0.1 99999 80\r\n" + Self.request].map { bytes in
                let client = try server.client(timeout: 5)
                try client.send(bytes)
                return client.isClosedByServer()
            }
        }
        #expect(closed == [true, true])
        #expect(log.isEmpty)
        #expect(refusals == [.invalidHeader, .invalidHeader])
    }

    @Test func aPeerOutsideForwardedAllowIPsIsClosedEvenWithAHeader() async throws {
        let (closed, log, refusals) = try await Self.serve(allowing: "10.0.0.0/8") { server in
            let client = try server.client(timeout: 5)
            try client.send(Self.version1 + Self.request)
            return [client.isClosedByServer()]
        }
        #expect(closed == [true])
        #expect(log.isEmpty)
        #expect(refusals == [.untrustedPeer])
    }

    @Test func aHeaderNotCompleteWithinHeaderTimeoutClosesTheConnection() async throws {
        let (closed, _, refusals) = try await Self.serve(headerTimeout: 1) { server in
            let silent = try server.client(timeout: 5)
            let partial = try server.client(timeout: 5)
            try partial.send("PROXY TCP4 203.0.113.7 ")
            let started = NIODeadline.now()
            let result = [silent.isClosedByServer(), partial.isClosedByServer()]
            #expect(NIODeadline.now() - started < .seconds(4))
            return result
        }
        #expect(closed == [true, true])
        #expect(refusals == [.timeout, .timeout])
    }

    @Test func withTheOptionOffAHeaderIsNotReadButRefusedAsHTTP() async throws {
        try await TestServer.with(TestServer.config { $0.forwardedAllowIPs = IPAllowList(parsing: "*")! }) { server in
            let reply = try server.exchange(Self.version1 + Self.request)
            #expect(reply.status == 400)
        }
    }

    /// Serves with `proxy_protocol` on and `%(h)s %(m)s` access log lines; returns what `body` returned,
    /// the log's lines and the refusals reported.
    private static func serve<T>(
        allowing allowed: String = "127.0.0.1", headerTimeout: Int = 10, _ body: (TestServer) throws -> [T]
    ) async throws -> ([T], [String], [ProxyRefusal]) {
        let path = "/tmp/tagifai-proxy-protocol-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).log"
        defer { unlink(path) }
        let log = try AccessLog(destination: path, format: "%(h)s %(m)s")
        let list = try #require(IPAllowList(parsing: allowed))
        let refusals = NIOLockedValueBox<[ProxyRefusal]>([])
        let config = TestServer.config {
            $0.proxyProtocol = true
            $0.forwardedAllowIPs = list
            $0.headerTimeout = headerTimeout
        }
        let hooks = HTTPServerHooks(proxyRefused: { refusal in refusals.withLockedValue { $0.append(refusal) } })
        let results = try await TestServer.with(config, accessLog: log, hooks: hooks) { server in try body(server) }
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        let lines = String(decoding: readAll(from: fd), as: UTF8.self).split(separator: "\n").map(String.init)
        return (results, lines, refusals.withLockedValue { $0 })
    }
}
