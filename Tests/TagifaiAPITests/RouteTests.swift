import HTTPWorker
import NIOCore
import NIOHTTP1
import Testing
@testable import TagifaiAPI

@Suite struct RouteTests {
    private let api = APIFixture()

    private func keys(_ value: JSONValue?) -> [String] {
        guard case .object(let members)? = value else { return [] }
        return members.map(\.key)
    }

    private func detailText(_ response: Response) throws -> String {
        guard case .string(let detail)? = try APIFixture.json(response)["detail"] else { return "" }
        return detail
    }

    @Test func healthCheckIsTheEnvelopeInTheLessonsKeyOrder() throws {
        let response = api.call(.GET, "/?probe=1&x=%20y")
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"] == ["application/json"])
        let json = try APIFixture.json(response)
        #expect(keys(json) == ["message", "method", "status-code", "timestamp", "url", "data"])
        #expect(json["message"] == .string("OK"))
        #expect(json["method"] == .string("GET"))
        #expect(json["status-code"] == .number("200"))
        #expect(json["url"] == .string("http://localhost:8000/?probe=1&x=%20y"))
        #expect(json["data"] == .object([]))
    }

    @Test func timestampIsLocalISO8601WithMicroseconds() throws {
        guard case .string(let stamp)? = try APIFixture.json(api.call(.GET, "/"))["timestamp"] else {
            Issue.record("no timestamp")
            return
        }
        #expect(stamp.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}/) != nil)
    }

    @Test func performanceIsWholeOrOneSection() throws {
        #expect(try APIFixture.json(api.call(.GET, "/performance"))["data"]?["performance"] == APIFixture.performance)
        #expect(try APIFixture.json(api.call(.GET, "/performance?filter="))["data"]?["performance"] == APIFixture.performance)
        let overall = try APIFixture.json(api.call(.GET, "/performance?filter=overall"))
        #expect(overall["data"]?["performance"] == APIFixture.performance["overall"])
        #expect(overall["url"] == .string("http://localhost:8000/performance?filter=overall"))
    }

    @Test func unknownFilterIsANotFoundListingTheValidNames() throws {
        let response = api.call(.GET, "/performance?filter=overal")
        #expect(response.status == .notFound)
        let detail = try detailText(response)
        #expect(detail.contains("\"overal\""))
        #expect(detail.contains("overall, class, slices"))
    }

    @Test func argsAreAllOrOneByName() throws {
        #expect(try APIFixture.json(api.call(.GET, "/args"))["data"] == .object(["args": APIFixture.args]))
        #expect(try APIFixture.json(api.call(.GET, "/args/learning_rate"))["data"] == .object(["learning_rate": .number("0.1")]))
        #expect(try APIFixture.json(api.call(.GET, "/args/subset"))["data"] == .object(["subset": .null]))
    }

    @Test func unknownArgumentIsANotFoundNamingIt() throws {
        let response = api.call(.GET, "/args/learning%5Frat")
        #expect(response.status == .notFound)
        let detail = try detailText(response)
        #expect(detail.contains("\"learning_rat\""))
        #expect(detail.contains("learning_rate"))
    }

    @Test func predictAnswersEachTextInInputOrder() throws {
        let body = #"{"texts": [{"text": "Transfer learning with transformers."}, {"text": "Generative adversarial networks."}]}"#
        let response = api.call(.POST, "/predict", body: body)
        #expect(response.status == .ok)
        let json = try APIFixture.json(response)
        #expect(json["method"] == .string("POST"))
        #expect(json["data"] == .object(["predictions": .array([
            .object(["input_text": "Transfer learning with transformers.", "predicted_tag": "natural-language-processing"]),
            .object(["input_text": "Generative adversarial networks.", "predicted_tag": "computer-vision"]),
        ])]))
    }

    @Test(arguments: ["Réseaux de neurones génératifs, naïve café", "生成对抗网络 机器学习", "🤖 GANs 🎨 \u{1F1EF}\u{1F1F5}", "tab\tquote\"back\\slash\u{1}"])
    func nonASCIITextsRoundTrip(text: String) throws {
        var body = ByteBuffer()
        body.writeJSON(.object(["texts": .array([.object(["text": .string(text)])])]))
        let response = api.call(.POST, "/predict", body: String(buffer: body))
        let predictions = try APIFixture.json(response)["data"]?["predictions"]
        #expect(predictions == .array([.object(["input_text": .string(text), "predicted_tag": "natural-language-processing"])]))
    }

    @Test func validationErrorsAreFastAPIs422() throws {
        let response = api.call(.POST, "/predict", body: #"{"texts": [{"text": ""}]}"#)
        #expect(response.status == .unprocessableEntity)
        #expect(response.headers["Content-Type"] == ["application/json"])
        let detail = try APIFixture.json(response)["detail"]
        #expect(detail == .array([.object([
            "type": "string_too_short", "loc": .array(["body", "texts", .integer(0), "text"]),
            "msg": "String should have at least 1 character", "input": "", "ctx": .object(["min_length": .integer(1)]),
        ])]))
    }

    @Test func emptyListMalformedJSONAndPlainTextAreRefused() throws {
        let empty = try APIFixture.json(api.call(.POST, "/predict", body: #"{"texts": []}"#))
        #expect(empty["detail"]?.firstIssue["msg"] == .string("List of texts to classify cannot be empty."))
        let malformed = try APIFixture.json(api.call(.POST, "/predict", body: #"{"texts": [{"text": "a"},]}"#))
        #expect(malformed["detail"]?.firstIssue["type"] == .string("json_invalid"))
        #expect(malformed["detail"]?.firstIssue["loc"] == .array(["body", .integer(25)]))
        let plain = api.call(.POST, "/predict", body: "texts=a", contentType: "text/plain")
        #expect(plain.status == .unprocessableEntity)
        #expect(try APIFixture.json(plain)["detail"]?.firstIssue["type"] == .string("model_attributes_type"))
        let none = api.call(.POST, "/predict")
        #expect(try APIFixture.json(none)["detail"]?.firstIssue["type"] == .string("missing"))
    }

    @Test func limitsComeFromTheSettings() throws {
        var settings = APISettings()
        settings.maxBatchSize = 1
        settings.maxTextLength = 3
        settings.maxJSONDepth = 3
        let strict = APIFixture(settings: settings)
        let batch = try APIFixture.json(strict.call(.POST, "/predict", body: #"{"texts": [{"text": "a"}, {"text": "b"}]}"#))
        #expect(batch["detail"]?.firstIssue["type"] == .string("too_long"))
        let long = try APIFixture.json(strict.call(.POST, "/predict", body: #"{"texts": [{"text": "abcd"}]}"#))
        #expect(long["detail"]?.firstIssue["type"] == .string("string_too_long"))
        let deep = try APIFixture.json(strict.call(.POST, "/predict", body: #"{"texts": [{"text": ["a"]}]}"#))
        #expect(deep["detail"]?.firstIssue["type"] == .string("json_invalid"))
        let hundredThousand = strict.call(.POST, "/predict", body: String(repeating: "[", count: 100_000))
        #expect(hundredThousand.status == .unprocessableEntity)
    }

    @Test func invalidUTF8IsRefusedWithAClearMessage() throws {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        let bytes = Array(#"{"texts": [{"text": "ab"#.utf8) + [0xC3, 0x28] + Array(#""}]}"#.utf8)
        let request = Request(method: .POST, uri: "/predict", headers: headers, body: ByteBuffer(bytes: bytes))
        let response = api.call(request)
        #expect(response.status == .unprocessableEntity)
        guard case .string(let msg)? = try APIFixture.json(response)["detail"]?.firstIssue["msg"] else {
            Issue.record("no msg")
            return
        }
        #expect(msg.contains("UTF-8"))
    }

    @Test func headIsAnsweredByTheGetRoutes() throws {
        let response = api.call(Request(method: .HEAD, uri: "/args", host: "localhost:8000"))
        #expect(response.status == .ok)
        #expect(try APIFixture.json(response)["method"] == .string("HEAD"))
    }
}

extension JSONValue {
    /// The first element, when this is a non-empty array.
    var firstIssue: JSONValue {
        guard case .array(let elements) = self, let first = elements.first else { return .null }
        return first
    }
}
