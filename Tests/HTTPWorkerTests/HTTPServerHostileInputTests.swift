import Testing
@testable import HTTPWorker

@Suite struct HTTPServerHostileInputTests {
    /// Each hostile input with the status it must get.
    static let cases: [(input: [UInt8], status: Int)] = [
        // Empty lines before a request line start the wait for a head, which header_timeout bounds.
        (Array("\r\n\r\n".utf8), 408),
        // HTTP/0.9's request line: a version this server does not speak.
        (Array("GET /\r\n\r\n".utf8), 505),
        (Array("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n".utf8), 400),
        (Array("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n".utf8), 400),
        (Array("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".utf8), 400),
        (Array("GET /\u{0}\u{1} HTTP/1.1\r\n\r\n".utf8), 400),
        // CONNECT's authority-form is well formed; no route is a CONNECT's.
        (Array("CONNECT example.test:443 HTTP/1.1\r\nHost: example.test:443\r\n\r\n".utf8), 404),
        // An upgrade this server does not offer is ignored: the request is answered as HTTP/1.1.
        (Array("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n".utf8), 200),
        // A TLS ClientHello on the plain port.
        ([0x16, 0x03, 0x01, 0x00, 0xff, 0x01, 0x00, 0x00, 0xfb, 0x03, 0x03], 400),
        ([0xff, 0xfe, 0xfd, 0x0a, 0x0d, 0x0a, 0x0d, 0x0a], 400),
        // A malformed escape stays as sent and invalid UTF-8 becomes U+FFFD, as Starlette decodes a path.
        (Array("GET /items/%ZZ%C3 HTTP/1.1\r\nHost: x\r\n\r\n".utf8), 200),
    ]

    @Test(arguments: cases)
    func hostileInputGetsItsAnswerAndTheServerKeepsServing(input: [UInt8], status: Int) async throws {
        try await TestServer.with(TestServer.config { $0.headerTimeout = 1; $0.keepalive = 1 }) { server in
            let hostile = try server.client(timeout: 5)
            try hostile.send(input)
            #expect(try hostile.readReply().status == status)
            let reply = try server.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(reply.status == 200)
        }
    }

    @Test func aMalformedEscapeInThePathIsKeptAndInvalidUTF8Replaced() async throws {
        try await TestServer.with(TestServer.config()) { server in
            let reply = try server.exchange("GET /items/%ZZ%C3 HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(reply.text == "%ZZ\u{FFFD}")
        }
    }
}
