import NIOCore
import Prefork
import Settings
import Testing
import TestSupport
@testable import HTTPWorker

/// A route added with `allowing:` over real connections from 127.0.0.1: the clients in its list get
/// it, others the 404 of an unknown path, judged through a trusted proxy by the client it names.
@Suite struct RouterClientAccessTests {
    static func router(allowing clients: String) throws -> Router {
        let list = try #require(IPAllowList(parsing: clients))
        var router = TestServer.router
        router.add(.GET, "/inside", allowing: list) { _ in
            Response(status: .ok, body: ByteBuffer(string: "inside"))
        }
        return router
    }

    static func get(_ path: String, _ headers: String = "", from server: TestServer) throws -> RawHTTPClient.Reply {
        try server.exchange("GET \(path) HTTP/1.1\r\nHost: h\r\n\(headers)Connection: close\r\n\r\n")
    }

    /// Connections share the router built for the first peer that the same routes admit, and never
    /// get one built for peers the routes judge otherwise.
    @Test func servedRoutersGiveEachPeerTheRoutesThatAdmitIt() throws {
        var router = Router()
        for (path, clients) in [("/wide", "10.0.0.0/8"), ("/narrow", "10.1.0.0/16")] {
            router.add(.GET, path, allowing: IPAllowList(parsing: clients)) { _ in Response(status: .ok) }
        }
        router.add(.GET, "/open") { _ in Response(status: .ok) }
        let served = ServedRouters(router)
        func paths(_ ip: String) throws -> [String] {
            served.router(peer: try SocketAddress(ipAddress: ip, port: 1), forwardingFrom: nil).routes.map(\.template)
        }
        let expected = [
            "10.1.2.3": ["/wide", "/narrow", "/open"], "10.2.0.1": ["/wide", "/open"], "192.0.2.1": ["/open"],
            "10.1.9.9": ["/wide", "/narrow", "/open"], "10.3.0.1": ["/wide", "/open"], "192.0.2.2": ["/open"],
        ]
        for ip in ["10.1.2.3", "10.2.0.1", "192.0.2.1", "10.1.9.9", "10.3.0.1", "192.0.2.2", "10.2.0.1"] {
            #expect(try paths(ip) == expected[ip], "\(ip)")
            #expect(try paths(ip) == router.serving(peer: try SocketAddress(ipAddress: ip, port: 1), forwardingFrom: nil).routes.map(\.template))
        }
        let proxy = try #require(IPAllowList(parsing: "10.2.0.1"))
        let behindProxy = served.router(peer: try SocketAddress(ipAddress: "10.2.0.1", port: 1), forwardingFrom: proxy)
        #expect(behindProxy.routes.map(\.template) == ["/wide", "/narrow", "/open"], "kept, judged per request")
    }

    @Test(arguments: ["127.0.0.1", "127.0.0.0/8", "::1, 127.0.0.1", "*"])
    func aClientInTheListGetsTheRoute(clients: String) async throws {
        let reply = try await TestServer.with(router: try Self.router(allowing: clients)) { try Self.get("/inside", from: $0) }
        #expect(reply.status == 200)
        #expect(reply.text == "inside")
    }

    /// A server that trusts no forwarding header from 127.0.0.1 (the default trusts it).
    static let untrusting = TestServer.config { $0.forwardedAllowIPs = IPAllowList(parsing: "192.0.2.1")! }

    @Test func aClientOutsideTheListGetsTheAnswerOfAnUnknownPath() async throws {
        try await TestServer.with(Self.untrusting, router: try Self.router(allowing: "10.0.0.0/8,::1")) { server in
            let unknown = try Self.get("/nowhere", from: server)
            let refused = try Self.get("/inside", from: server)
            #expect(refused.status == 404)
            #expect(refused.text == unknown.text)
            let posted = try server.exchange("POST /inside HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            #expect(posted.status == 404, "no 405 that would show the path exists")
            let root = try Self.get("/", from: server)
            #expect(root.status == 200)
        }
    }

    @Test func throughATrustedProxyTheClientItNamesIsJudged() async throws {
        let proxied = TestServer.config { $0.forwardedAllowIPs = IPAllowList(parsing: "127.0.0.1")! }
        try await TestServer.with(proxied, router: try Self.router(allowing: "127.0.0.1")) { server in
            let unnamed = try Self.get("/inside", from: server)
            #expect(unnamed.status == 200, "no header: the proxy itself is the client")
            let outside = try Self.get("/inside", "X-Forwarded-For: 203.0.113.9\r\n", from: server)
            #expect(outside.status == 404)
            #expect(outside.text == (try Self.get("/nowhere", from: server)).text)
            let rfc7239 = try Self.get("/inside", "Forwarded: for=203.0.113.9\r\n", from: server)
            #expect(rfc7239.status == 404)
        }
        let statuses = try await TestServer.with(proxied, router: try Self.router(allowing: "10.0.0.0/8")) { server in
            try ["X-Forwarded-For: 10.1.2.3\r\n", "X-Forwarded-For: 10.1.2.3, 203.0.113.9\r\n", ""].map {
                try Self.get("/inside", $0, from: server).status
            }
        }
        // The last: the proxy itself is not in the list.
        #expect(statuses == [200, 404, 404])
    }

    @Test func forgedHeadersFromAnUntrustedPeerAreNotBelieved() async throws {
        let reply = try await TestServer.with(Self.untrusting, router: try Self.router(allowing: "10.0.0.0/8")) { server in
            try Self.get("/inside", "X-Forwarded-For: 10.1.2.3\r\n", from: server)
        }
        #expect(reply.status == 404)
    }
}
