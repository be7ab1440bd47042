import Foundation
import HTTPWorker
import NIOCore
import NIOHTTP1
import Testing
@testable import TagifaiAPI

/// The `input` a 422 answer echoes stays small whatever the body, in FastAPI's shape.
@Suite struct ValidationEchoTests {
    /// The 422 that `POST /predict`'s validation answers `request` with.
    private static func refusal(of request: Request) throws -> Response {
        let limits = PredictPayload.Limits(maxBatchSize: 100, maxTextLength: 10_000)
        let issues = try #require(JSONBody.read(request, with: JSONReader()).flatMap {
            PredictPayload.validate($0, limits: limits).map { _ in [ValidationIssue]() }
        }.failure)
        let response = ValidationIssue.response(issues.issues)
        #expect(response.status == .unprocessableEntity)
        return response
    }

    @Test func aMebibyteOfControlBytesAsTextIsEchoedCut() throws {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/plain")
        let body = ByteBuffer(repeating: 0x01, count: 1 << 20)
        let response = try Self.refusal(of: Request(method: .POST, uri: "/predict", headers: headers, body: body))
        // Each 0x01 is written \u0001: six bytes, so the whole body would come back as 6 MiB.
        #expect(response.body.readableBytes < 2048)
        let answer = try JSONReader().read(response.body)
        let issue = try #require(answer["detail"].flatMap { if case .array(let list) = $0 { list.first } else { nil } })
        #expect(issue["type"] == "model_attributes_type")
        #expect(issue["loc"] == .array(["body"]))
        guard case .string(let echoed)? = issue["input"] else {
            Issue.record("input is not a string")
            return
        }
        #expect(echoed.utf8.count == JSONValue.echoLimit + 3)
        #expect(echoed.hasSuffix("...") && echoed.unicodeScalars.dropLast(3).allSatisfy { $0 == "\u{1}" })
    }

    @Test func longKeysAreCutAndTheAnswerIsBoundedAsAWhole() throws {
        let key = String(repeating: "k", count: 500_000)
        let body = ByteBuffer(string: #"{"\#(key)": 1}"#)
        let response = try Self.refusal(
            of: Request(method: .POST, uri: "/predict", headers: ["Content-Type": "application/json"], body: body))
        #expect(response.body.readableBytes < 2048)
        let keyCut = JSONValue.object([.init(key, .integer(1))]).truncatedForEcho(limit: 8)
        #expect(keyCut == .object([.init("kkkkkk...", .string("..."))]))
    }

    @Test func smallValuesComeBackUnchanged() {
        let value = JSONValue.object(["texts": .array([.object(["text": .integer(5)]), .null, .bool(true), "é"])])
        #expect(value.truncatedForEcho() == value)
    }

    @Test func longStringsKeepWholeCharactersAndListsMarkWhatWasLeftOut() {
        #expect(JSONValue.string(String(repeating: "é", count: 10)).truncatedForEcho(limit: 5) == .string("éé..."))
        let list = JSONValue.array(Array(repeating: .object(["text": "abcdefghij"]), count: 10_000))
        guard case .array(let kept) = list.truncatedForEcho(limit: 64) else {
            Issue.record("not a list")
            return
        }
        #expect(kept.count < 10)
        #expect(kept.last == "...")
        #expect(kept.first == .object(["text": "abcdefghij"]))
        let number = JSONValue.number("1" + String(repeating: "0", count: 100_000))
        #expect(number.truncatedForEcho(limit: 4) == .string("1000..."))
    }

    /// A number beyond a double's range is echoed as the string of its text, so readers that refuse
    /// such numbers (Foundation's, Go's) can read the answer; numbers within range stay numbers.
    @Test func numbersBeyondADoublesRangeAreEchoedAsStrings() throws {
        let huge = "11111111111111111111111111111111111111111111111E111111111111111111011111111"
        let body = ByteBuffer(string: #"{"Substrtexts": [{"text": \#(huge)}, null, {"x": "y"}]}"#)
        let response = try Self.refusal(
            of: Request(method: .POST, uri: "/predict", headers: ["Content-Type": "application/json"], body: body))
        let answer = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
        let detail = try #require((answer as? [String: Any])?["detail"] as? [[String: Any]])
        let input = try #require(detail.first?["input"] as? [String: Any])
        let texts = try #require(input["Substrtexts"] as? [Any])
        #expect((texts.first as? [String: Any])?["text"] as? String == huge)
        #expect(JSONValue.number("-1e400").truncatedForEcho() == .string("-1e400"))
        #expect(JSONValue.number("1e-400").truncatedForEcho() == .number("1e-400"))
        #expect(JSONValue.number("1.5e300").truncatedForEcho() == .number("1.5e300"))
    }
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let error) = self { error } else { nil }
    }
}
