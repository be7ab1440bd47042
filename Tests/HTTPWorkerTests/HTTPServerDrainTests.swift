import Dispatch
import Glibc
import Logging
import Prefork
import Testing
import TestSupport
import WorkerSeam
@testable import HTTPWorker

@Suite struct HTTPServerDrainTests {
    @Test func drainFinishesARequestInFlightAndClosesItsConnection() async throws {
        let server = HTTPServer(settings: TestServer.config(), router: TestServer.router, logger: Logger(label: "test"), accessLog: nil)
        let port = try server.start(binding: .tcp(host: "127.0.0.1", port: 0)).port!
        let busy = try RawHTTPClient(port: port)
        try busy.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhello")
        #expect(await eventually { server.lifecycle.openConnectionCount == 1 })

        // Blocking waits from here on: the drain must progress without this test giving up its thread.
        server.startDraining()
        let refused = { eventually { (try? RawHTTPClient(port: port)) == nil } }()  // polls without awaiting
        #expect(refused, "new connections are refused")

        try busy.send("world")
        let reply = try busy.readReply()
        #expect(reply.text == "helloworld")
        #expect(reply.header("connection") == "close")
        #expect(busy.isClosedByServer())
        await server.run()
    }

    @Test func aConnectionIdleWhenTheDrainStartsServesOneMoreRequestWithConnectionClose() async throws {
        let server = HTTPServer(settings: TestServer.config(), router: TestServer.router, logger: Logger(label: "test"), accessLog: nil)
        let port = try server.start(binding: .tcp(host: "127.0.0.1", port: 0)).port!
        let idle = try RawHTTPClient(port: port)
        try idle.send("GET /items/1 HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try idle.readReply().header("connection") == nil)

        server.startDraining()
        let refused = { eventually { (try? RawHTTPClient(port: port)) == nil } }()
        #expect(refused, "new connections are refused")
        #expect(!idle.hasInput(within: 0), "the idle connection is still open once accepting has stopped")

        try idle.send("GET /items/2 HTTP/1.1\r\nHost: x\r\n\r\n")
        let reply = try idle.readReply()
        #expect(reply.status == 200)
        #expect(reply.text == "2")
        #expect(reply.header("connection") == "close")
        #expect(idle.isClosedByServer())
        await server.run()
    }

    @Test func aConnectionLeftIdleDuringTheDrainClosesAtTheKeepAliveTimeout() async throws {
        let server = HTTPServer(settings: TestServer.config { $0.keepalive = 2 }, router: TestServer.router, logger: Logger(label: "test"), accessLog: nil)
        let port = try server.start(binding: .tcp(host: "127.0.0.1", port: 0)).port!
        let idle = try RawHTTPClient(port: port)
        try idle.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try idle.readReply().status == 200)
        let answered = ContinuousClock.now

        server.startDraining()
        #expect(idle.hasInput(within: 5000), "the connection is closed within the drain")
        let idleFor = ContinuousClock.now - answered
        #expect(idle.isClosedByServer())
        #expect(idleFor >= .milliseconds(1900), "closed after \(idleFor), not at the keep-alive timeout of 2 s")
        await server.run()
    }

    @Test func requestsArrivingAtTheDrainsStartAreAnswered() async throws {
        let server = HTTPServer(settings: TestServer.config { $0.threads = 2 }, router: TestServer.router, logger: Logger(label: "test"), accessLog: nil)
        let port = try server.start(binding: .tcp(host: "127.0.0.1", port: 0)).port!
        let clients = try (0..<20).map { _ in try RawHTTPClient(port: port) }
        for client in clients {
            try client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readReply().status == 200)
        }
        for (index, client) in clients.enumerated() {
            try client.send("GET /items/\(index) HTTP/1.1\r\nHost: x\r\n\r\n")
            if index == clients.count / 2 { server.startDraining() }
        }
        for (index, client) in clients.enumerated() {
            let reply = try client.readReply()
            #expect(reply.status == 200)
            #expect(reply.text == String(index))
        }
        await server.run()
    }

    @Test func aConnectionStillBusyAtTheGracefulTimeoutIsClosed() async throws {
        let config = TestServer.config {
            $0.gracefulTimeout = 1
            $0.headerTimeout = 30
        }
        let server = HTTPServer(settings: config, router: TestServer.router, logger: Logger(label: "test"), accessLog: nil)
        let port = try server.start(binding: .tcp(host: "127.0.0.1", port: 0)).port!
        let stalled = try RawHTTPClient(port: port)
        try stalled.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhel")
        #expect(await eventually { server.lifecycle.openConnectionCount == 1 })
        let started = ContinuousClock.now
        server.startDraining()
        #expect(stalled.hasInput(within: 5000))
        #expect(stalled.isClosedByServer())
        #expect(ContinuousClock.now - started >= .milliseconds(900))
        await server.run()
        #expect(server.phase == .stopped)
    }

    @Test func connectionsQueuedWhenTheDrainStartsAreServed() async throws {
        let server = HTTPServer(settings: TestServer.config { $0.threads = 1 }, router: TestServer.router, logger: Logger(label: "test"), accessLog: nil)
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
        let server = HTTPServer(settings: TestServer.config(), router: TestServer.router, logger: Logger(label: "test"), accessLog: nil)
        try server.start(binding: .tcp(host: "127.0.0.1", port: 0))
        await server.drain()
        await server.drain()
        await server.run()
        #expect(throws: HTTPServerError.self) {
            try server.start(binding: .tcp(host: "127.0.0.1", port: 0))
        }
    }
}
