import Glibc
import NIOConcurrencyHelpers
import Testing
import TestSupport
@testable import HTTPWorker

/// Clients that try to make a worker hold bytes or connections without bound, or to forge its log.
@Suite struct HTTPServerHostileClientTests {
    @Test(arguments: [
        "GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: foo\r\n\r\n",
        "CONNECT a:1 HTTP/1.1\r\nHost: a:1\r\n\r\n",
    ])
    func aRequestToLeaveHTTPIsAnsweredAndTheConnectionClosed(request: String) async throws {
        try await TestServer.with(TestServer.config { $0.keepalive = 30 }) { server in
            let client = try server.client(timeout: 5)
            try client.send(request)
            let reply = try client.readReply()
            #expect(reply.header("connection") == "close")
            // Bytes after it are never parsed: the server drops them and closes, keeping none.
            try? client.send([UInt8](repeating: 0x41, count: 256 * 1024))
            #expect(client.isClosedByServer())
        }
    }

    @Test func aBodyTricklingPastBodyTimeoutIsAnswered408AndLogged() async throws {
        let path = "/tmp/tagifai-body-timeout-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).log"
        defer { unlink(path) }
        let log = try AccessLog(destination: path, format: "%(r)s %(s)s")
        let config = TestServer.config { $0.headerTimeout = 1; $0.bodyTimeout = 2 }
        try await TestServer.with(config, accessLog: log) { server in
            let client = try server.client(timeout: 1)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n")
            let start = ContinuousClock.now
            // One byte every 200 ms never pauses for header_timeout, so only body_timeout can end it.
            while !client.hasInput(within: 200), ContinuousClock.now - start < .seconds(6) {
                try client.send("a")
            }
            let reply = try client.readReply()
            #expect(reply.status == 408)
            #expect(reply.text.contains("body_timeout"))
            #expect(ContinuousClock.now - start < .seconds(4))
        }
        #expect(Self.text(of: path) == "POST /echo HTTP/1.1 408\n")
    }

    @Test func atWorkerConnectionsANewConnectionWaitsForOneToClose() async throws {
        try await TestServer.with(TestServer.config { $0.workerConnections = 2; $0.keepalive = 30 }) { server in
            var open = [try server.client(timeout: 5), try server.client(timeout: 5)]
            for client in open {
                try client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(try client.readReply().status == 200)
            }
            let third = try server.client(timeout: 5)
            try third.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(!third.hasInput(within: 500), "a third connection was served beyond worker_connections=2")
            open.removeFirst()
            #expect(try third.readReply().status == 200)
        }
    }

    @Test func pipelinedRequestsNeverReadQueueABoundedNumberOfAnswers() async throws {
        let answered = NIOLockedValueBox(0)
        let hooks = HTTPServerHooks(requestCompleted: { _ in answered.withLockedValue { $0 += 1 } })
        let count = 1000
        try await TestServer.with(TestServer.config { $0.keepalive = 30 }, hooks: hooks) { server in
            let client = try server.client(timeout: 10)
            // 1000 requests for 64 KB each (64 MB of answers) in one write, none of them read yet.
            try client.send(String(repeating: "GET /big HTTP/1.1\r\nHost: x\r\n\r\n", count: count))
            let answeredAll = await eventually(within: 2) { answered.withLockedValue { $0 } >= count }
            #expect(!answeredAll, "every answer was queued for a client that reads none")
            #expect(answered.withLockedValue { $0 } > 0)
            for index in 0..<count {
                let reply = try client.readReply()
                #expect(reply.status == 200 && reply.body.count == 64 * 1024, "answer \(index)")
            }
        }
        #expect(answered.withLockedValue { $0 } == count)
    }

    @Test func bodiesBeyondTheWorkersBudgetAre503AndTheBudgetComesBack() async throws {
        try await TestServer.with(TestServer.config { $0.keepalive = 30; $0.bodyTimeout = 30 }) { server in
            let size = 1 << 20
            let budget = BodyBudget(maxBodySize: size).limit
            // Bodies each one byte short of complete, until the worker's budget is spent.
            var clients: [RawHTTPClient] = []
            for _ in 0...(budget / size) {
                let client = try server.client(timeout: 5)
                try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: \(size)\r\n\r\n")
                try? client.send([UInt8](repeating: 0x61, count: size - 1))
                clients.append(client)
            }
            let answered = await eventually(within: 5) { clients.contains { $0.hasInput(within: 0) } }
            #expect(answered, "no body was refused beyond the budget of \(budget) bytes")
            let refused = try clients.first { $0.hasInput(within: 0) }.map { try $0.readReply() }
            #expect(refused?.status == 503)
            #expect(refused?.header("retry-after") == "1")
            clients = []
            let complete = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: \(size)\r\n\r\n" + String(repeating: "b", count: size)
            let served = await eventually(within: 5) { (try? server.exchange(complete).status) == 200 }
            #expect(served, "the budget of closed connections was not given back")
        }
    }

    @Test func aForgedUserAgentIsEscapedInTheAccessLog() async throws {
        let path = "/tmp/tagifai-escape-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).log"
        defer { unlink(path) }
        let log = try AccessLog(destination: path, format: #""%(r)s" %(s)s "%(a)s""#)
        try await TestServer.with(accessLog: log) { server in
            let request = Array("GET /items/%22 HTTP/1.1\r\nHost: x\r\nUser-Agent: a\" 200 0 \"-\" \"b\\ ".utf8)
                + [0xC3, 0xA9] + Array("\r\n\r\n".utf8)
            let client = try server.client()
            try client.send(request)
            #expect(try client.readReply().status == 200)
        }
        #expect(Self.text(of: path) == #""GET /items/%22 HTTP/1.1" 200 "a\x22 200 0 \x22-\x22 \x22b\x5C \xC3\xA9""# + "\n")
    }

    @Test func controlBytesAndLineBreaksAreEscapedLikeNginx() {
        var line = "["
        AccessLogFormat.append(escaping: "a\u{1}\r\n\u{7F}\tz", to: &line)
        AccessLogFormat.append(escaping: " plain/1.0", to: &line)
        #expect(line == #"[a\x01\x0D\x0A\x7F\x09z plain/1.0"#)
    }

    private static func text(of path: String) -> String {
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        return String(decoding: readAll(from: fd), as: UTF8.self)
    }
}
