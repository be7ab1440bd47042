import HTTPWorker
import NIOCore
import NIOHTTP1
import Testing
@testable import TagifaiAPI

/// The answers built from data encoded once per worker are byte for byte the envelope built whole
/// for the request: the same members in the same order, the same JSON text for `data`, and the
/// request's own method, timestamp and url.
@Suite struct PreparedDataTests {
    let api = APIFixture()

    /// Each route answered from prepared data, with the key and value its `data` holds.
    static var preparedRoutes: [(uri: String, key: String, value: JSONValue)] {
        guard case .object(let sections) = APIFixture.performance, case .object(let args) = APIFixture.args else { return [] }
        return [("/performance", "performance", APIFixture.performance), ("/performance?filter=", "performance", APIFixture.performance),
                ("/args", "args", APIFixture.args)]
            + sections.map { ("/performance?filter=\($0.key)", "performance", $0.value) }
            + args.map { ("/args/\($0.key)", $0.key, $0.value) }
    }

    @Test func everyPreparedAnswerIsTheEnvelopeBuiltWhole() throws {
        #expect(Self.preparedRoutes.count == 3 + 3 + 4)
        for (uri, key, value) in Self.preparedRoutes {
            for method in [HTTPMethod.GET, .HEAD] {
                let response = api.call(method, uri)
                #expect(response.status == .ok)
                #expect(response.headers["content-type"] == ["application/json"])
                let text = String(buffer: response.body)
                let stamp = try #require(text.firstMatch(of: /"timestamp":"([0-9T:.-]{26})"/)).1
                var data = ByteBuffer()
                data.writeJSON(.object([JSONValue.Member(key, value)]))
                let expected = #"{"message":"OK","method":""# + method.rawValue + #"","status-code":200,"timestamp":""#
                    + stamp + #"","url":"http://localhost:8000"# + uri + #"","data":"# + String(buffer: data) + "}"
                #expect(text == expected)
            }
        }
    }

    @Test func anotherStatusWritesItsMessageAndCode() throws {
        let response = TagifaiAPI.saturated(
            Request(method: .POST, uri: "/predict", host: "h:1", scheme: "https"), retryAfterSeconds: 2)
        let text = String(buffer: response.body)
        let stamp = try #require(text.firstMatch(of: /"timestamp":"([0-9T:.-]{26})"/)).1
        #expect(text == #"{"message":""# + TagifaiAPI.saturatedMessage + #"","method":"POST","status-code":503,"timestamp":""#
            + stamp + #"","url":"https://h:1/predict","data":{}}"#)
    }

    @Test func anUncommonMethodIsWrittenAsAJSONString() {
        let response = Envelope.ok(for: Request(method: .RAW(value: "PURGE\""), uri: "/")) { $0.writeStaticString("{}") }
        #expect(String(buffer: response.body).hasPrefix(#"{"message":"OK","method":"PURGE\"","status-code":200,"#))
    }

    @Test func theUrlHasTheRequestsSchemeEscapedWhenItIsNeitherHttpNorHttps() {
        for (scheme, url) in [("http", "http://h/"), ("https", "https://h/"), ("HTTP", "HTTP://h/"), ("x\"y", #"x\"y://h/"#)] {
            let response = Envelope.ok(for: Request(method: .GET, uri: "/", host: "h", scheme: scheme)) { $0.writeStaticString("{}") }
            #expect(String(buffer: response.body).hasSuffix(#"","url":""# + url + #"","data":{}}"#))
        }
    }
}
