import Testing
@testable import HTTPWorker

@Suite struct HTTPServerHostileInputTests {
    static let inputs: [[UInt8]] = [
        Array("\r\n\r\n".utf8),
        Array("GET /\r\n\r\n".utf8),
        Array("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n".utf8),
        Array("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n".utf8),
        Array("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".utf8),
        Array("GET /\u{0}\u{1} HTTP/1.1\r\n\r\n".utf8),
        Array("CONNECT example.test:443 HTTP/1.1\r\nHost: example.test:443\r\n\r\n".utf8),
        Array("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n".utf8),
        [0x16, 0x03, 0x01, 0x00, 0xff, 0x01, 0x00, 0x00, 0xfb, 0x03, 0x03],
        [0xff, 0xfe, 0xfd, 0x0a, 0x0d, 0x0a, 0x0d, 0x0a],
        Array("GET /items/%ZZ%C3 HTTP/1.1\r\nHost: x\r\n\r\n".utf8),
    ]

    @Test(arguments: inputs)
    func hostileInputIsAnsweredOrClosedAndTheServerKeepsServing(input: [UInt8]) async throws {
        try await TestServer.with(TestServer.config { $0.headerTimeout = 1; $0.keepalive = 1 }) { server in
            let hostile = try server.client(timeout: 5)
            try hostile.send(input)
            if let reply = try? hostile.readReply() {
                #expect(reply.status >= 200 && reply.status < 600)
            }
            let reply = try server.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(reply.status == 200)
        }
    }
}
