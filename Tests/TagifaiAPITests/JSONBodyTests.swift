import HTTPWorker
import NIOCore
import NIOHTTP1
import Testing
@testable import TagifaiAPI

@Suite struct JSONBodyTests {
    private func read(_ body: [UInt8], contentType: String? = "application/json") -> Result<JSONValue, ValidationErrors> {
        var headers = HTTPHeaders()
        if let contentType { headers.add(name: "Content-Type", value: contentType) }
        let request = Request(method: .POST, uri: "/predict", headers: headers, body: ByteBuffer(bytes: body))
        return JSONBody.read(request, with: JSONReader(maxDepth: 4))
    }

    private func issue(_ result: Result<JSONValue, ValidationErrors>) -> ValidationIssue? {
        guard case .failure(let errors) = result else { return nil }
        return errors.issues.first
    }

    @Test func malformedJSONIsJSONInvalidWithItsPosition() {
        let found = issue(read(Array(#"{"texts": [}"#.utf8)))
        #expect(found?.type == "json_invalid")
        #expect(found?.loc == ["body", .integer(11)])
        #expect(found?.msg == "JSON decode error")
        #expect(found?.ctx == .object(["error": .string("Expecting value")]))
    }

    @Test func emptyBodyIsAMissingBody() {
        let found = issue(read([]))
        #expect(found?.type == "missing")
        #expect(found?.loc == ["body"])
    }

    @Test func jsonMediaTypesAreParsedOthersAreNot() throws {
        #expect(try read(Array("[]".utf8), contentType: nil).get() == .array([]))
        #expect(try read(Array("[]".utf8), contentType: "Application/JSON; charset=utf-8").get() == .array([]))
        #expect(try read(Array("[]".utf8), contentType: "application/vnd.api+json").get() == .array([]))
        #expect(try read(Array("[]".utf8), contentType: "text/plain").get() == .string("[]"))
    }

    @Test func invalidUTF8AndDeepNestingNameTheProblem() {
        let utf8 = issue(read([UInt8(ascii: "\""), 0xFF, UInt8(ascii: "\"")]))
        #expect(utf8?.type == "json_invalid")
        #expect(utf8?.msg.contains("UTF-8") == true)
        let deep = issue(read(Array(String(repeating: "[", count: 100_000).utf8)))
        #expect(deep?.type == "json_invalid")
        #expect(deep?.msg.contains("max_json_depth") == true)
    }

    @Test func isJSONAcceptsOnlyJSONMediaTypes() {
        #expect(JSONBody.isJSON("application/json"))
        #expect(JSONBody.isJSON(" application/problem+json ;x=y"))
        #expect(!JSONBody.isJSON("application/x-www-form-urlencoded"))
        #expect(!JSONBody.isJSON("text/json"))
        #expect(!JSONBody.isJSON("multipart/form-data; boundary=x"))
    }
}
