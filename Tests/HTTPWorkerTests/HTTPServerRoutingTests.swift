import Testing
@testable import HTTPWorker

@Suite struct HTTPServerRoutingTests {
    @Test func answersAGetRouteWithDateAndContentLength() async throws {
        try await TestServer.with { server in
            let reply = try server.exchange("GET / HTTP/1.1\r\nHost: example.test\r\n\r\n")
            #expect(reply.status == 200)
            #expect(reply.text == #"{"message":"OK"}"#)
            #expect(reply.header("content-length") == "16")
            #expect(reply.header("date")?.hasSuffix(" GMT") == true)
            #expect(reply.header("connection") == nil)
        }
    }

    @Test func headAnswersLikeGetWithoutTheBody() async throws {
        try await TestServer.with { server in
            let client = try server.client()
            try client.send("HEAD / HTTP/1.1\r\nHost: x\r\n\r\nGET /items/7 HTTP/1.1\r\nHost: x\r\n\r\n")
            let head = try client.readReply(head: true)
            #expect(head.status == 200)
            #expect(head.header("content-length") == "16")
            let next = try client.readReply()
            #expect(next.text == "7")
        }
    }

    @Test func unknownPathIs404WithJSONDetail() async throws {
        try await TestServer.with { server in
            let reply = try server.exchange("GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(reply.status == 404)
            #expect(reply.text == #"{"detail":"Not Found"}"#)
            #expect(reply.header("content-type") == "application/json")
        }
    }

    @Test func wrongMethodIs405WithAllow() async throws {
        try await TestServer.with { server in
            let reply = try server.exchange("DELETE /echo HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(reply.status == 405)
            #expect(reply.header("allow") == "POST")
            #expect(reply.text == #"{"detail":"Method Not Allowed"}"#)
        }
    }

    @Test func pathParametersArePercentDecoded() async throws {
        try await TestServer.with { server in
            let reply = try server.exchange("GET /items/caf%C3%A9%20%F0%9F%A4%96 HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(reply.text == "café 🤖")
        }
    }

    @Test func urlKeepsHostAndQueryAsSent() async throws {
        try await TestServer.with { server in
            let reply = try server.exchange("GET /url?filter=overall&x=%20 HTTP/1.1\r\nHost: api.test:8000\r\n\r\n")
            #expect(reply.text == "http://api.test:8000/url?filter=overall&x=%20")
        }
    }

    @Test func connectionCloseIsHonoured() async throws {
        try await TestServer.with { server in
            let client = try server.client()
            try client.send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            let reply = try client.readReply()
            #expect(reply.header("connection") == "close")
            #expect(client.isClosedByServer())
        }
    }

    @Test func aResponseThatClosesItsConnectionEndsAKeptAliveOne() async throws {
        try await TestServer.with { server in
            let client = try server.client()
            try client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readReply().header("connection") == nil)
            try client.send("GET /leaving HTTP/1.1\r\nHost: x\r\n\r\n")
            let reply = try client.readReply()
            #expect(reply.status == 503)
            #expect(reply.header("connection") == "close")
            #expect(client.isClosedByServer())
        }
    }

    @Test func http10KeepsAliveOnlyWhenAsked() async throws {
        try await TestServer.with { server in
            let plain = try server.client()
            try plain.send("GET / HTTP/1.0\r\n\r\n")
            #expect(try plain.readReply().header("connection") == "close")
            #expect(plain.isClosedByServer())

            let asking = try server.client()
            try asking.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try asking.readReply().header("connection") == "keep-alive")
            try asking.send("GET /items/2 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try asking.readReply().text == "2")
        }
    }

    @Test func postBodyArrivesWhole() async throws {
        try await TestServer.with { server in
            let body = #"{"texts":[{"text":"日本語 ✨ naïve"}]}"#
            let reply = try server.exchange("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
            #expect(reply.text == body)
        }
    }

    @Test func expectContinueGetsAnInterimAnswer() async throws {
        try await TestServer.with { server in
            let client = try server.client()
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
            #expect(try client.readReply().status == 100)
            try client.send("hello")
            #expect(try client.readReply().text == "hello")
        }
    }

    /// RFC 9110, section 10.1.1: a server ignores the expectation of an HTTP/1.0 request.
    @Test func anHTTP10ClientsExpectationIsIgnored() async throws {
        try await TestServer.with { server in
            let client = try server.client()
            try client.send("POST /echo HTTP/1.0\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
            try client.send("hello")
            let reply = try client.readReply()
            #expect(reply.status == 200)
            #expect(reply.text == "hello")
        }
    }
}
