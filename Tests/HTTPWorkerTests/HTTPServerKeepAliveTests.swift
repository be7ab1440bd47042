import TestSupport
import Testing
@testable import HTTPWorker

@Suite struct HTTPServerKeepAliveTests {
    @Test func thousandRequestsOnOneConnection() async throws {
        try await TestServer.with { server in
            let client = try server.client()
            for index in 0..<1_000 {
                try client.send("GET /items/\(index) HTTP/1.1\r\nHost: x\r\n\r\n")
                let reply = try client.readReply()
                #expect(reply.status == 200)
                #expect(reply.text == String(index))
            }
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        try await TestServer.with { server in
            let client = try server.client()
            let requests = (0..<20).map { index in
                index % 2 == 0
                    ? "GET /items/\(index) HTTP/1.1\r\nHost: x\r\n\r\n"
                    : "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: \(String(index).count)\r\n\r\n\(index)"
            }
            try client.send(requests.joined())
            for index in 0..<20 {
                #expect(try client.readReply().text == String(index))
            }
        }
    }

    @Test func pipelinedRequestsWithLargeUnreadResponsesAllArrive() async throws {
        try await TestServer.with { server in
            let client = try server.client()
            try client.send(String(repeating: "GET /big HTTP/1.1\r\nHost: x\r\n\r\n", count: 200))
            for _ in 0..<200 {
                let reply = try client.readReply()
                #expect(reply.status == 200 && reply.body.count == 64 * 1024)
            }
        }
    }

    @Test func pipelinedRequestsAfterConnectionCloseAreNotAnswered() async throws {
        try await TestServer.with { server in
            let client = try server.client()
            try client.send(
                "GET /items/1 HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /items/2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    + "GET /items/3 HTTP/1.1\r\nHost: x\r\n\r\n"
            )
            #expect(try client.readReply().text == "1")
            let last = try client.readReply()
            #expect(last.text == "2")
            #expect(last.header("connection") == "close")
            #expect(client.isClosedByServer(), "nothing follows the response that closes the connection")
        }
    }

    @Test func idleConnectionIsClosedAfterKeepalive() async throws {
        try await TestServer.with(TestServer.config { $0.keepalive = 1 }) { server in
            let client = try server.client(timeout: 5)
            try client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readReply().header("connection") == nil)
            let answered = ContinuousClock.now
            #expect(client.isClosedByServer())
            let idle = ContinuousClock.now - answered
            #expect(idle >= .milliseconds(900) && idle < .seconds(3), "closed \(idle) after the answer; keepalive is 1 s")
        }
    }

    @Test func keepaliveZeroClosesAfterEachResponse() async throws {
        try await TestServer.with(TestServer.config { $0.keepalive = 0 }) { server in
            let client = try server.client()
            try client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readReply().header("connection") == "close")
            #expect(client.isClosedByServer())
        }
    }

    @Test func concurrentClientsAreAllServed() async throws {
        try await TestServer.with { server in
            let port = server.port
            let answered = try await withThrowingTaskGroup(of: Int.self) { group in
                for clientIndex in 0..<16 {
                    group.addTask {
                        let client = try RawHTTPClient(port: port)
                        var count = 0
                        for request in 0..<50 {
                            let body = "\(clientIndex)-\(request)"
                            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
                            if try client.readReply().text == body { count += 1 }
                        }
                        return count
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(answered == 16 * 50)
        }
    }
}
