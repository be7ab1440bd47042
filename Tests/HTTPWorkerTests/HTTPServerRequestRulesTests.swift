import TestSupport
import Testing
@testable import HTTPWorker

/// What RFC 9112 and RFC 9110 say a server must refuse, refused with 400 and a closed connection, and
/// the forms it must accept, served.
@Suite struct HTTPServerRequestRulesTests {
    @Test(arguments: [
        ("no Host in HTTP/1.1", "GET / HTTP/1.1\r\n\r\n", "must have a Host header field"),
        ("two Host fields", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "one Host header field, not 2"),
        ("two Host fields in HTTP/1.0", "GET / HTTP/1.0\r\nHost: a\r\nhost: a\r\n\r\n", "one Host header field, not 2"),
        ("a Host with a path", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", "not a host"),
        ("a Host with user info", "GET / HTTP/1.1\r\nHost: user@a\r\n\r\n", "not a host"),
        ("chunked in HTTP/1.0", "POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
         "HTTP/1.0 request must not have Transfer-Encoding"),
        ("asterisk-form with GET", "GET * HTTP/1.1\r\nHost: x\r\n\r\n", "only for OPTIONS"),
        ("authority-form with GET", "GET example.test:80 HTTP/1.1\r\nHost: x\r\n\r\n", "must be a path"),
        ("a target that is neither a path nor an http URL", "GET ftp://a.test/url HTTP/1.1\r\nHost: x\r\n\r\n", "must be a path"),
        ("a fragment in the target", "GET /url#top HTTP/1.1\r\nHost: x\r\n\r\n", "fragment"),
        ("a fragment in an absolute target", "GET http://a.test/url#top HTTP/1.1\r\nHost: x\r\n\r\n", "fragment"),
    ])
    func isRefused400AndClosed(_ name: String, request: String, message: String) async throws {
        try await TestServer.with(TestServer.config { $0.keepalive = 30 }) { server in
            let client = try server.client(timeout: 5)
            try client.send(request)
            let reply = try client.readReply()
            #expect(reply.status == 400, "\(name)")
            #expect(reply.header("connection") == "close", "\(name)")
            #expect(reply.text.contains(message), "\(name): \(reply.text)")
            #expect(client.isClosedByServer(), "\(name)")
        }
    }

    @Test(arguments: [
        ("HTTP/1.0 without Host", "GET /url HTTP/1.0\r\n\r\n", "http://127.0.0.1:"),
        ("absolute-form", "GET http://api.example.test/url HTTP/1.1\r\nHost: ignored\r\n\r\n", "http://api.example.test/url"),
        ("an IPv6 Host with a port", "GET /url HTTP/1.1\r\nHost: [2001:db8::1]:8000\r\n\r\n", "http://[2001:db8::1]:8000/url"),
        ("an empty Host", "GET /url HTTP/1.1\r\nHost:\r\n\r\n", "http://"),
    ])
    func isServed(_ name: String, request: String, url: String) async throws {
        try await TestServer.with { server in
            let reply = try server.exchange(request)
            #expect(reply.status == 200, "\(name)")
            #expect(reply.text.hasPrefix(url), "\(name): \(reply.text)")
        }
    }

    @Test func optionsWithTheAsteriskFormIsNotRefusedAsMalformed() async throws {
        try await TestServer.with { server in
            let reply = try server.exchange("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(reply.status == 404)
        }
    }

    /// The rules of gunicorn 26 beyond those above, which NIO's decoder or this server refuse too.
    @Test(arguments: [
        ("a control byte in a field value", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u{1}b\r\n\r\n"),
        ("a Content-Length list", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2, 2\r\n\r\nab"),
        ("two Content-Length fields", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nab"),
        ("a Content-Length trailer",
         "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\nContent-Length: 9\r\n\r\n"),
        ("a Host trailer", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\nHost: y\r\n\r\n"),
        ("a space before the colon", "GET / HTTP/1.1\r\nHost : x\r\n\r\n"),
        ("a bare LF in a field value", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\nb\r\n\r\n"),
    ])
    func gunicornsFurtherRulesAreRefused(_ name: String, request: String) async throws {
        try await TestServer.with { server in
            let client = try server.client(timeout: 5)
            try client.send(request)
            let reply = try client.readReply()
            #expect(reply.status == 400, "\(name)")
            #expect(reply.header("connection") == "close", "\(name)")
        }
    }
}
