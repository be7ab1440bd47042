import NIOHTTP1
import Prefork
import Testing
@testable import HTTPWorker

@Suite struct ForwardedRequestTests {
    static let loopback = IPAllowList(parsing: "127.0.0.1")!

    static func read(_ headers: [(String, String)], trusting list: IPAllowList = loopback) -> ForwardedRequest? {
        ForwardedRequest(HTTPHeaders(headers), trusting: list)
    }

    @Test func noForwardingHeaderReadsAsNothing() {
        #expect(Self.read([("host", "h"), ("user-agent", "x")]) == nil)
    }

    @Test func rfc7239NodesTakeEveryForm() {
        let cases: [(String, String)] = [
            ("for=192.0.2.60", "192.0.2.60"),
            ("for=\"192.0.2.43:47011\"", "192.0.2.43"),
            ("For=\"[2001:db8:cafe::17]\"", "2001:db8:cafe::17"),
            ("for=\"[2001:db8:cafe::17]:4711\";proto=http", "2001:db8:cafe::17"),
            ("for=192.0.2.43, for=198.51.100.17;by=203.0.113.60", "198.51.100.17"),
        ]
        for (header, client) in cases {
            #expect(Self.read([("forwarded", header)])?.client == client, "\(header)")
        }
    }

    @Test func forwardedWinsOverXForwardedFieldByField() {
        let forwarded = Self.read([
            ("x-forwarded-for", "198.51.100.1"), ("x-forwarded-proto", "https"), ("x-forwarded-host", "old.example"),
            ("forwarded", "for=203.0.113.1;host=new.example"),
        ])
        #expect(forwarded?.client == "203.0.113.1")
        #expect(forwarded?.scheme == "https")
        #expect(forwarded?.host == "new.example")
    }

    @Test func linesOfOneHeaderJoinInOrder() {
        let forwarded = Self.read([("x-forwarded-for", "198.51.100.1"), ("x-forwarded-for", "203.0.113.1, 127.0.0.1")])
        #expect(forwarded?.client == "203.0.113.1")
    }

    @Test(arguments: ["for=\"a\\\"b\"", "for=1.2.3.4;", "for", "for=1.2.3.4 proto=http", "for=\"1.2.3.4", "proto=https,,"])
    func aBrokenForwardedHeaderIsIgnoredWhole(header: String) {
        #expect(Self.read([("forwarded", header)]) == nil)
    }

    @Test func aMalformedAddressInTheChainIgnoresTheChain() {
        #expect(Self.read([("x-forwarded-for", "198.51.100.1, unknown")]) == nil)
        #expect(Self.read([("x-forwarded-for", "not-an-ip, 198.51.100.1")])?.client == "198.51.100.1")
        #expect(Self.read([("x-forwarded-for", "999.1.1.1")]) == nil)
    }
}
