import NIOHTTP1
import Testing
@testable import HTTPWorker

@Suite struct RouterTests {
    private func router() -> Router {
        var router = Router()
        router.add(.GET, "/") { _ in Response(status: .ok) }
        router.add(.GET, "/args/{arg}") { _ in Response(status: .accepted) }
        router.add(.POST, "/predict") { _ in Response(status: .created) }
        return router
    }

    @Test func capturesPathParametersPercentDecoded() {
        guard case .found(let route, let parameters) = router().match(.GET, path: "/args/num%20epochs") else {
            Issue.record("no match")
            return
        }
        #expect(route.template == "/args/{arg}")
        #expect(parameters == ["arg": "num epochs"])
    }

    /// Decoded as uvicorn decodes a path for FastAPI (`urllib.parse.unquote`): a broken escape is kept
    /// without leaving the rest encoded, bytes that are not UTF-8 become U+FFFD, and `+` is a plus.
    @Test(arguments: [
        ("/args/%41%zz", "A%zz"), ("/args/100%", "100%"), ("/args/%ff", "\u{FFFD}"), ("/args/a+b", "a+b"),
        ("/args/caf%C3%A9", "café"), ("/args/plain", "plain"),
    ])
    func decodesPathParametersAsUnquoteDoes(path: String, expected: String) {
        expectArgument(expected, capturedFrom: path)
    }

    /// Expects `path` to match `/args/{arg}` with `arg` as `expected`.
    private func expectArgument(_ expected: String, capturedFrom path: String) {
        guard case .found(_, let parameters) = router().match(.GET, path: Substring(path)) else {
            Issue.record("no match for \(path)")
            return
        }
        #expect(parameters == ["arg": expected])
    }

    @Test func headIsAnsweredByGetRoutes() {
        guard case .found(let route, _) = router().match(.HEAD, path: "/") else {
            Issue.record("no match")
            return
        }
        #expect(route.template == "/")
    }

    @Test func wrongMethodListsTheAllowedOnes() {
        guard case .methodNotAllowed(let allowed) = router().match(.GET, path: "/predict") else {
            Issue.record("expected 405")
            return
        }
        #expect(allowed == [.POST])
    }

    /// The first route with the path and the method answers, its own parameters captured, past
    /// routes with the same path and other methods; a method none of them has lists theirs, each once.
    @Test func theRouteOfTheMethodAnswersPastOthersOfTheSamePath() {
        var router = Router()
        router.add(.POST, "/items/{id}") { _ in Response(status: .created) }
        router.add(.GET, "/items/{key}") { _ in Response(status: .ok) }
        router.add(.GET, "/items/{other}") { _ in Response(status: .accepted) }
        guard case .found(let route, let parameters) = router.match(.GET, path: "/items/a%2Fb") else {
            Issue.record("no match")
            return
        }
        #expect(route.template == "/items/{key}")
        #expect(route.index == 1)
        #expect(parameters == ["key": "a/b"])
        guard case .methodNotAllowed(let allowed) = router.match(.DELETE, path: "/items/7") else {
            Issue.record("expected 405")
            return
        }
        #expect(allowed == [.POST, .GET, .HEAD])
    }

    /// Segments are split byte by byte on an ASCII path and by Character on any other; both agree
    /// with splitting by Character, so empty segments are skipped and a slash that carries a
    /// combining mark does not separate segments.
    @Test(arguments: [
        ("/args/lr", "lr"), ("//args///lr/", "lr"), ("/args/caf\u{E9}", "caf\u{E9}"), ("/args/x\u{1F600}y", "x\u{1F600}y"),
    ])
    func splitsSegmentsAsCharactersDo(path: String, expected: String) {
        expectArgument(expected, capturedFrom: path)
    }

    @Test func aSlashWithACombiningMarkIsNoSeparator() {
        guard case .notFound = router().match(.GET, path: "/args/\u{301}x") else {
            Issue.record("a slash with a combining mark split the path")
            return
        }
    }

    @Test func unknownPathIsNotFound() {
        guard case .notFound = router().match(.GET, path: "/args") else {
            Issue.record("expected 404")
            return
        }
        guard case .notFound = router().match(.GET, path: "/args/a/b") else {
            Issue.record("expected 404")
            return
        }
    }
}
