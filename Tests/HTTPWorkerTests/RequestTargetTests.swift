import Testing
@testable import HTTPWorker

@Suite struct RequestTargetTests {
    @Test func originFormIsKeptAsSent() {
        let request = Request(method: .GET, uri: "/args/seed?x=1", host: "example.test:8000")
        #expect(request.uri == "/args/seed?x=1")
        #expect(request.path == "/args/seed")
        #expect(request.query == "x=1")
        #expect(request.host == "example.test:8000")
    }

    @Test(arguments: [
        ("http://api.example.test:8443/args/seed?x=1", "/args/seed?x=1", "api.example.test:8443"),
        ("HTTPS://api.example.test/performance", "/performance", "api.example.test"),
        ("http://api.example.test?filter=overall", "/?filter=overall", "api.example.test"),
        ("http://api.example.test", "/", "api.example.test"),
    ])
    func absoluteFormIsServedByItsPathWithItsAuthorityAsHost(target: String, uri: String, host: String) {
        // RFC 9112, 3.2.2: a server must accept the absolute form and use its authority, not the Host field.
        let request = Request(method: .GET, uri: target, host: "ignored.test")
        #expect(request.uri == uri)
        #expect(request.path == uri.split(separator: "?", omittingEmptySubsequences: false)[0])
        #expect(request.host == host)
        #expect(request.url.hasSuffix(uri))
    }

    @Test(arguments: [
        ("/performance", "/performance", nil), ("/performance?", "/performance", ""),
        ("/p?filter=overall?x", "/p", "filter=overall?x"), ("/caf\u{E9}?q=\u{E9}", "/caf\u{E9}", "q=\u{E9}"),
        ("/a?\u{301}b?c", "/a?\u{301}b", "c"),
    ] as [(String, String, String?)])
    func queryStartsAfterTheFirstQuestionMarkCharacter(uri: String, path: String, query: String?) {
        let request = Request(method: .GET, uri: uri)
        #expect(request.path == Substring(path))
        #expect(request.query.map(String.init) == query)
    }

    @Test func asteriskFormIsKept() {
        #expect(Request(method: .OPTIONS, uri: "*").path == "*")
    }
}
