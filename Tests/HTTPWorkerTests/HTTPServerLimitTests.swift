import TestSupport
import Testing
@testable import HTTPWorker

@Suite struct HTTPServerLimitTests {
    private func expectRefused(_ reply: RawHTTPClient.Reply, _ status: Int) {
        #expect(reply.status == status)
        #expect(reply.header("connection") == "close")
        #expect(reply.header("content-type") == "application/json")
        #expect(reply.text.hasPrefix(#"{"detail":""#))
    }

    @Test func longRequestLineIs414() async throws {
        try await TestServer.with(TestServer.config { $0.limitRequestLine = 100 }) { server in
            let path = "/" + String(repeating: "a", count: 150)
            expectRefused(try server.exchange("GET \(path) HTTP/1.1\r\nHost: x\r\n\r\n"), 414)
        }
    }

    @Test func hugeRequestLineIs414BeforeItEnds() async throws {
        try await TestServer.with(TestServer.config { $0.limitRequestLine = 100 }) { server in
            let client = try server.client()
            try client.send("GET /" + String(repeating: "a", count: 20_000))
            expectRefused(try client.readReply(), 414)
        }
    }

    @Test func tooManyHeadersIs431() async throws {
        try await TestServer.with(TestServer.config { $0.limitRequestFields = 5 }) { server in
            let headers = (0..<8).map { "X-H\($0): v\r\n" }.joined()
            expectRefused(try server.exchange("GET / HTTP/1.1\r\nHost: x\r\n\(headers)\r\n"), 431)
        }
    }

    @Test func oversizedHeaderIs431() async throws {
        try await TestServer.with(TestServer.config { $0.limitRequestFieldSize = 200 }) { server in
            let value = String(repeating: "v", count: 500)
            expectRefused(try server.exchange("GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(value)\r\n\r\n"), 431)
        }
    }

    @Test func declaredBodyOverTheLimitIs413BeforeTheBodyIsSent() async throws {
        try await TestServer.with(TestServer.config { $0.maxBodySize = 10 }) { server in
            let client = try server.client()
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n")
            expectRefused(try client.readReply(), 413)
        }
    }

    @Test func refusalSurvivesABodyTheClientKeepsSending() async throws {
        try await TestServer.with(TestServer.config { $0.maxBodySize = 1024 }) { server in
            let client = try server.client()
            let body = [UInt8](repeating: UInt8(ascii: "x"), count: 4 * 1024 * 1024)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.count)\r\n\r\n")
            try client.send(body)
            expectRefused(try client.readReply(), 413)
            #expect(client.isClosedByServer())
        }
    }

    @Test func chunkedBodyIsAccepted() async throws {
        try await TestServer.with { server in
            let reply = try server.exchange(
                "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n"
            )
            #expect(reply.status == 200)
            #expect(reply.text == "hello, world")
        }
    }

    @Test func chunkedBodyOverTheLimitIs413() async throws {
        try await TestServer.with(TestServer.config { $0.maxBodySize = 8 }) { server in
            let reply = try server.exchange(
                "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n"
            )
            expectRefused(reply, 413)
        }
    }

    @Test func contentLengthWithTransferEncodingIs400() async throws {
        try await TestServer.with { server in
            let reply = try server.exchange(
                "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
            )
            expectRefused(reply, 400)
        }
    }

    @Test(arguments: [
        "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
        "transfer-encoding: chunked\r\ncontent-length: 5\r\n",
    ])
    func bothBodyLengthsAreRefusedNamingThePair(fields: String) async throws {
        try await TestServer.with { server in
            let reply = try server.exchange("POST /echo HTTP/1.1\r\nHost: x\r\n\(fields)\r\n5\r\nhello\r\n0\r\n\r\n")
            expectRefused(reply, 400)
            #expect(reply.text.contains("both Content-Length and Transfer-Encoding"), "\(reply.text)")
        }
    }

    @Test func malformedRequestIs400() async throws {
        try await TestServer.with { server in
            expectRefused(try server.exchange("GARBAGE\r\n\r\n"), 400)
            expectRefused(try server.exchange("GET / HTTP/1.1\r\nBad Header\r\n\r\n"), 400)
        }
    }

    @Test func unsupportedVersionIs505() async throws {
        try await TestServer.with { server in
            expectRefused(try server.exchange("GET / HTTP/2.0\r\nHost: x\r\n\r\n"), 505)
        }
    }

    @Test func stalledBodyGets408() async throws {
        try await TestServer.with(TestServer.config { $0.headerTimeout = 1 }) { server in
            let client = try server.client(timeout: 5)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhello")
            let reply = try client.readReply()
            expectRefused(reply, 408)
            #expect(reply.text.contains("nothing received for 1 second."), "\(reply.text)")
        }
    }

    @Test func tricklingClientGets408WhileOthersAreServed() async throws {
        try await TestServer.with(TestServer.config { $0.headerTimeout = 1 }) { server in
            let trickler = try server.client()
            try trickler.send("GET / HTTP/1.1\r\n")
            try trickler.send("Host: x\r\n")
            let prompt = try server.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(prompt.status == 200)
            try trickler.send("X-Slow: 1\r\n")
            let reply = try trickler.readReply()
            expectRefused(reply, 408)
            #expect(reply.text.contains("not received within 1 second."), "\(reply.text)")
            #expect(trickler.isClosedByServer())
        }
    }
}
