import Glibc
import Prefork
import Settings
import Testing
import TestSupport
@testable import HTTPWorker

/// Forwarding headers over real connections from 127.0.0.1, trusted or not by `forwarded_allow_ips`.
@Suite struct HTTPServerForwardedTests {
    static let forged = "GET /url HTTP/1.1\r\nHost: server.test:8000\r\n"
        + "X-Forwarded-For: 203.0.113.7\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Host: forged.example\r\n\r\n"
    static let rfc7239 = "GET /url HTTP/1.1\r\nHost: server.test:8000\r\n"
        + "Forwarded: for=\"[2001:db8::7]:4711\";proto=https;host=\"api.example:8443\"\r\n\r\n"

    @Test func headersFromADisallowedPeerChangeNothing() async throws {
        let (urls, log) = try await Self.serve(allowing: "10.0.0.0/8,192.0.2.1", [Self.forged, Self.rfc7239])
        #expect(urls == ["http://server.test:8000/url", "http://server.test:8000/url"])
        #expect(log == ["127.0.0.1", "127.0.0.1"])
    }

    @Test func headersFromAnAllowedPeerSetSchemeHostAndClient() async throws {
        let (urls, log) = try await Self.serve(allowing: "127.0.0.1", [Self.forged, Self.rfc7239])
        #expect(urls == ["https://forged.example/url", "https://api.example:8443/url"])
        #expect(log == ["203.0.113.7", "2001:db8::7"])
    }

    @Test func aStarOrANetworkAllowsThePeer() async throws {
        for allowed in ["*", "127.0.0.0/8", "::1, 127.0.0.0/24"] {
            let (urls, log) = try await Self.serve(allowing: allowed, [Self.forged])
            #expect(urls == ["https://forged.example/url"], "\(allowed)")
            #expect(log == ["203.0.113.7"], "\(allowed)")
        }
    }

    @Test func theClientIsTheRightMostAddressThatIsNotATrustedProxy() async throws {
        let chain = "GET /url HTTP/1.1\r\nHost: h\r\nX-Forwarded-For: 198.51.100.1, 203.0.113.9, 10.1.2.3\r\n\r\n"
        let (_, trusted) = try await Self.serve(allowing: "127.0.0.1,10.0.0.0/8", [chain])
        #expect(trusted == ["203.0.113.9"])
        let (_, all) = try await Self.serve(allowing: "*", [chain])
        #expect(all == ["198.51.100.1"])
    }

    @Test func malformedValuesAreIgnored() async throws {
        let requests = [
            "GET /url HTTP/1.1\r\nHost: h\r\nX-Forwarded-For: unknown\r\nX-Forwarded-Proto: gopher\r\nX-Forwarded-Host: a/b\r\n\r\n",
            "GET /url HTTP/1.1\r\nHost: h\r\nForwarded: for=\"[::1\r\nX-Forwarded-For: 203.0.113.5\r\n\r\n",
            "GET /url HTTP/1.1\r\nHost: h\r\nForwarded: for=_hidden;proto=ftp;host=\"a b\"\r\n\r\n",
            "GET /url HTTP/1.1\r\nHost: h\r\nForwarded: ;;,=\r\nX-Forwarded-Proto: https, \r\n\r\n",
        ]
        let (urls, log) = try await Self.serve(allowing: "*", requests)
        #expect(urls == ["http://h/url", "http://h/url", "http://h/url", "http://h/url"])
        #expect(log == ["127.0.0.1", "203.0.113.5", "127.0.0.1", "127.0.0.1"])
    }

    /// The `url` each request was answered with, and the `%(h)s` of each access log line.
    private static func serve(allowing allowed: String, _ requests: [String]) async throws -> ([String], [String]) {
        let path = "/tmp/tagifai-forwarded-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).log"
        defer { unlink(path) }
        let log = try AccessLog(destination: path, format: "%(h)s")
        let list = try #require(IPAllowList(parsing: allowed))
        let urls = try await TestServer.with(TestServer.config { $0.forwardedAllowIPs = list }, accessLog: log) { server in
            try requests.map { try server.exchange($0).text }
        }
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        let lines = String(decoding: readAll(from: fd), as: UTF8.self).split(separator: "\n").map(String.init)
        return (urls, lines)
    }
}
