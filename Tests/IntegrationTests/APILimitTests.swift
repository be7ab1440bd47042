import Foundation
import Testing
import TestSupport

/// Each HTTP limit of the worker, answered with its status and a JSON `detail`, by the real binary.
@Suite(.timeLimit(.minutes(3))) struct APILimitTests {
    /// Checks an error answer: its status, a JSON `detail` naming what was wrong, and that the connection closes.
    private func expectRefusal(
        _ reply: RawHTTPClient.Reply, _ status: Int, mentioning words: [String], client: RawHTTPClient,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(reply.status == status, "\(reply.text)", sourceLocation: sourceLocation)
        #expect(reply.header("Content-Type") == "application/json", sourceLocation: sourceLocation)
        #expect(reply.header("Date") != nil, sourceLocation: sourceLocation)
        let detail = try reply.detailText()
        for word in words { #expect(detail.contains(word), "\(detail)", sourceLocation: sourceLocation) }
        #expect(client.isClosedByServer(), sourceLocation: sourceLocation)
    }

    @Test func aLongRequestLineIs414() throws {
        let server = try ServerProcess()
        let workers = try server.workersBeforeTraffic()
        let client = try server.connect()
        try client.send("GET /?\(String(repeating: "a", count: 5_000)) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        try expectRefusal(client.readReply(), 414, mentioning: ["4094"], client: client)
        // Just under the limit is served.
        let target = "/?" + String(repeating: "b", count: 4_094 - "GET /? HTTP/1.1".count)
        #expect(try server.request("GET", target).status == 200)
        server.expectSameWorkers(workers)
    }

    @Test func aLargeHeaderFieldIs431() throws {
        let server = try ServerProcess()
        let client = try server.connect()
        try client.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: \(String(repeating: "x", count: 9_000))\r\n\r\n")
        try expectRefusal(client.readReply(), 431, mentioning: ["8190"], client: client)
    }

    @Test func tooManyHeaderFieldsIs431() throws {
        let server = try ServerProcess()
        let client = try server.connect()
        let fields = (0..<101).map { "X-Field-\($0): \($0)\r\n" }.joined()
        try client.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\(fields)\r\n")
        try expectRefusal(client.readReply(), 431, mentioning: ["100"], client: client)
    }

    @Test func aBodyOverTheLimitIs413FromContentLengthAlone() throws {
        let server = try ServerProcess(arguments: ["--set", "max_body_size=1024"])
        let client = try server.connect()
        // No body follows: the answer can only come from Content-Length.
        try client.send("POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1025\r\n\r\n")
        try expectRefusal(client.readReply(), 413, mentioning: ["1024"], client: client)
        let atLimit = #"{"texts": [{"text": "\#(String(repeating: "a", count: 1024 - 25))"}]}"#
        #expect(atLimit.utf8.count == 1024)
        #expect(try server.predict(atLimit).status == 200)
    }

    @Test func aChunkedBodyOverTheLimitIs413() throws {
        let server = try ServerProcess(arguments: ["--set", "max_body_size=1024"])
        let client = try server.connect()
        let chunk = String(repeating: "a", count: 600)
        try client.send("POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "258\r\n\(chunk)\r\n258\r\n\(chunk)\r\n0\r\n\r\n")
        try expectRefusal(client.readReply(), 413, mentioning: ["1024"], client: client)
    }

    @Test func anIncompleteHeadIs408AfterHeaderTimeout() throws {
        let server = try ServerProcess(arguments: ["--set", "header_timeout=1"])
        let workers = try server.workersBeforeTraffic()
        let client = try server.connect(timeout: 10)
        try client.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        try expectRefusal(client.readReply(), 408, mentioning: ["within 1 second."], client: client)
        server.expectSameWorkers(workers)
    }

    @Test func aClientTricklingItsHeadIs408() throws {
        let server = try ServerProcess(arguments: ["--set", "header_timeout=1"])
        let client = try server.connect(timeout: 10)
        // One byte every 100 ms keeps the connection busy but never completes the head in time
        // (the head is 80 bytes long); the trickle stops as soon as the server answers.
        for byte in "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Trickle: \(String(repeating: "z", count: 40))".utf8 {
            try client.send([byte])
            if client.hasInput(within: 100) { break }
        }
        try expectRefusal(client.readReply(), 408, mentioning: ["within 1 second."], client: client)
    }

    @Test(arguments: [["Content-Length", "Transfer-Encoding"], ["Transfer-Encoding", "Content-Length"]])
    func contentLengthWithTransferEncodingIs400(order: [String]) throws {
        let server = try ServerProcess()
        let client = try server.connect()
        let body = #"{"texts": [{"text": "a"}]}"#
        let values = ["Content-Length": String(body.utf8.count), "Transfer-Encoding": "chunked"]
        try client.send("POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + order.map { "\($0): \(values[$0]!)\r\n" }.joined() + "\r\n"
            + "\(String(body.utf8.count, radix: 16))\r\n\(body)\r\n0\r\n\r\n")
        try expectRefusal(client.readReply(), 400, mentioning: ["Content-Length", "Transfer-Encoding"], client: client)
    }

    @Test func limitsAreSettings() throws {
        let server = try ServerProcess(arguments: [
            "--set", "limit_request_line=256", "--set", "limit_request_fields=5", "--set", "limit_request_field_size=128",
        ])
        var client = try server.connect()
        try client.send("GET /?\(String(repeating: "a", count: 300)) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        try expectRefusal(client.readReply(), 414, mentioning: ["256"], client: client)
        client = try server.connect()
        try client.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: \(String(repeating: "x", count: 200))\r\n\r\n")
        try expectRefusal(client.readReply(), 431, mentioning: ["128"], client: client)
        client = try server.connect()
        try client.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\((0..<6).map { "X-\($0): 1\r\n" }.joined())\r\n")
        try expectRefusal(client.readReply(), 431, mentioning: ["5"], client: client)
    }
}
