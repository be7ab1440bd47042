import TestSupport
import Dispatch
import Glibc
import Logging
import Prefork
import Testing
@testable import HTTPWorker

@Suite struct HTTPServerDrainTests {
    @Test func drainFinishesInFlightRequestsAndClosesIdleConnections() async throws {
        let server = HTTPServer(config: TestServer.config(), router: TestServer.router, logger: Logger(label: "test"), accessLog: nil)
        let port = try server.start(binding: .tcp(host: "127.0.0.1", port: 0)).port!

        let idle = try RawHTTPClient(port: port)
        try idle.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try idle.readReply().status == 200)
        let busy = try RawHTTPClient(port: port)
        try busy.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhello")

        // Blocking waits from here on: the drain must progress without this test giving up its thread.
        server.startDraining()
        let refused = { eventually { (try? RawHTTPClient(port: port)) == nil } }()  // polls without awaiting
        #expect(refused, "new connections are refused")
        #expect(idle.isClosedByServer(), "idle keep-alive connection is closed")

        try busy.send("world")
        let reply = try busy.readReply()
        #expect(reply.text == "helloworld")
        #expect(reply.header("connection") == "close")
        #expect(busy.isClosedByServer())
        await server.run()
    }

    @Test func connectionsQueuedWhenTheDrainStartsAreServed() async throws {
        let server = HTTPServer(config: TestServer.config { $0.threads = 1 }, router: TestServer.router, logger: Logger(label: "test"), accessLog: nil)
        let port = try server.start(binding: .tcp(host: "127.0.0.1", port: 0)).port!
        let loopBlocked = DispatchSemaphore(value: 0)
        let releaseLoop = DispatchSemaphore(value: 0)
        server.group.next().execute {
            loopBlocked.signal()
            releaseLoop.wait()
        }
        loopBlocked.wait()
        let queued = try (0..<5).map { index in
            let client = try RawHTTPClient(port: port)
            try client.send("GET /items/\(index) HTTP/1.1\r\nHost: x\r\n\r\n")
            return client
        }
        server.startDraining()
        releaseLoop.signal()
        for (index, client) in queued.enumerated() {
            let reply = try client.readReply()
            #expect(reply.text == String(index))
            #expect(client.isClosedByServer())
        }
        await server.run()
    }

    @Test func drainOfAnIdleServerReturnsAndStaysReturned() async throws {
        let server = HTTPServer(config: TestServer.config(), router: TestServer.router, logger: Logger(label: "test"), accessLog: nil)
        try server.start(binding: .tcp(host: "127.0.0.1", port: 0))
        await server.drain()
        await server.drain()
        await server.run()
        #expect(throws: HTTPServerError.self) {
            try server.start(binding: .tcp(host: "127.0.0.1", port: 0))
        }
    }
}
