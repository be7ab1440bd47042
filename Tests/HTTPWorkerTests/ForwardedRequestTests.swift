import NIOHTTP1
import Prefork
import Settings
import Testing
@testable import HTTPWorker

@Suite struct ForwardedRequestTests {
    static let loopback = IPAllowList(parsing: "127.0.0.1")!

    static func read(_ headers: [(String, String)], trusting list: IPAllowList = loopback) -> ForwardedRequest? {
        ForwardedRequest(HTTPHeaders(headers), trusting: list)
    }

    static func fields(_ request: ForwardedRequest?) -> [String?] {
        [request?.client, request?.scheme, request?.host]
    }

    @Test func noForwardingHeaderReadsAsNothing() {
        #expect(Self.read([("host", "h"), ("user-agent", "x")]) == nil)
    }

    /// Each of the four names is found in any case, alone among other fields; names of the same
    /// lengths that are not forwarding headers are not.
    @Test func everyForwardingNameIsReadInAnyCase() {
        #expect(Self.fields(Self.read([("host", "h"), ("FORWARDED", "for=192.0.2.1")])) == ["192.0.2.1", nil, nil])
        #expect(Self.fields(Self.read([("X-Forwarded-For", "192.0.2.2"), ("accept", "*/*")])) == ["192.0.2.2", nil, nil])
        #expect(Self.fields(Self.read([("x-FORWARDED-proto", "https")])) == [nil, "https", nil])
        #expect(Self.fields(Self.read([("X-Forwarded-Host", "api.example.test")])) == [nil, nil, "api.example.test"])
        #expect(Self.read([("forwarder", "x"), ("x-forwarded-fox", "192.0.2.3"), ("x-forwarded-hose", "h"),
                           ("x-forwarded-proxy", "https")]) == nil)
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

    @Test func xForwardedHeadersWinAndForwardedIsThenIgnoredWhole() {
        let both = Self.read([
            ("x-forwarded-for", "198.51.100.1"), ("x-forwarded-proto", "http"), ("x-forwarded-host", "old.example"),
            ("forwarded", "for=203.0.113.1;proto=https;host=new.example"),
        ])
        #expect(Self.fields(both) == ["198.51.100.1", "http", "old.example"])
        // A proxy that sets only X-Forwarded-For passes the client's Forwarded on: none of it counts.
        let forged = Self.read([
            ("x-forwarded-for", "198.51.100.1"), ("forwarded", "for=203.0.113.66;proto=https;host=evil.example"),
        ])
        #expect(Self.fields(forged) == ["198.51.100.1", nil, nil])
        let alone = Self.read([("forwarded", "for=203.0.113.1;proto=https;host=new.example")])
        #expect(Self.fields(alone) == ["203.0.113.1", "https", "new.example"])
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
