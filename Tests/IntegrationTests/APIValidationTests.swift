import Foundation
import Testing
import TestSupport

/// `POST /predict`'s 422 answers, shaped as FastAPI and pydantic shape them, from the real binary.
@Suite(.timeLimit(.minutes(3))) struct APIValidationTests {
    /// The one issue of a 422 answer, after checking there is exactly one.
    private func onlyIssue(_ reply: RawHTTPClient.Reply, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        #expect(reply.status == 422, "\(reply.text)", sourceLocation: sourceLocation)
        #expect(reply.header("Content-Type") == "application/json", sourceLocation: sourceLocation)
        let detail = try reply.validationDetail()
        #expect(detail.count == 1, "\(reply.text)", sourceLocation: sourceLocation)
        return try #require(detail.first, sourceLocation: sourceLocation)
    }

    private func loc(_ issue: [String: Any]) -> [String] {
        (issue["loc"] as? [Any] ?? []).map { "\($0)" }
    }

    @Test func everyPydanticErrorOfTheLessonsSchema() throws {
        let server = try ServerProcess()
        let workers = try server.workersBeforeTraffic()

        let emptyList = try onlyIssue(server.predict(#"{"texts": []}"#))
        #expect(loc(emptyList) == ["body", "texts"])
        #expect((emptyList["msg"] as? String)?.contains("List of texts to classify cannot be empty.") == true, "\(emptyList)")

        let emptyText = try onlyIssue(server.predict(#"{"texts": [{"text": ""}]}"#))
        #expect(loc(emptyText) == ["body", "texts", "0", "text"])
        #expect(emptyText["type"] as? String == "string_too_short")

        let missingText = try onlyIssue(server.predict(#"{"texts": [{"text": "ok"}, {"txt": "typo"}]}"#))
        #expect(loc(missingText) == ["body", "texts", "1", "text"])
        #expect(missingText["type"] as? String == "missing")
        #expect(missingText["msg"] as? String == "Field required")

        let missingTexts = try onlyIssue(server.predict(#"{"text": "not in a list"}"#))
        #expect(loc(missingTexts) == ["body", "texts"])
        #expect(missingTexts["type"] as? String == "missing")

        let missingBody = try onlyIssue(server.predict(""))
        #expect(loc(missingBody) == ["body"])
        #expect(missingBody["type"] as? String == "missing")

        let number = try onlyIssue(server.predict(#"{"texts": [{"text": 42}]}"#))
        #expect(loc(number) == ["body", "texts", "0", "text"])
        #expect(number["type"] as? String == "string_type")

        let notAList = try onlyIssue(server.predict(#"{"texts": "a text"}"#))
        #expect(loc(notAList) == ["body", "texts"])
        #expect(notAList["type"] as? String == "list_type")

        let notAnObject = try onlyIssue(server.predict(#"{"texts": ["a text"]}"#))
        #expect(loc(notAnObject) == ["body", "texts", "0"])
        #expect(notAnObject["type"] as? String == "model_attributes_type")
        server.expectSameWorkers(workers)
    }

    @Test func everyInvalidTextIsReportedAtOnce() throws {
        let server = try ServerProcess()
        let reply = try server.predict(#"{"texts": [{"text": ""}, {"text": "fine"}, {"text": null}, {}]}"#)
        #expect(reply.status == 422)
        let detail = try reply.validationDetail()
        #expect(detail.map(loc) == [
            ["body", "texts", "0", "text"], ["body", "texts", "2", "text"], ["body", "texts", "3", "text"],
        ], "\(reply.text)")
    }

    @Test func malformedJSONIsJSONInvalidAtItsCharacterPosition() throws {
        let server = try ServerProcess()
        let trailingComma = try onlyIssue(server.predict(#"{"texts": [{"text": "a"},]}"#))
        #expect(trailingComma["type"] as? String == "json_invalid")
        #expect(loc(trailingComma) == ["body", "25"], "Python's json.loads puts this error at char 25")
        #expect(trailingComma["msg"] as? String == "JSON decode error")
        #expect((trailingComma["ctx"] as? [String: Any])?["error"] as? String == "Expecting value")

        let truncated = try onlyIssue(server.predict(#"{"texts": ["#))
        #expect(truncated["type"] as? String == "json_invalid")
        #expect(loc(truncated) == ["body", "11"])

        // Positions count characters, as Python does, not bytes.
        let afterNonASCII = try onlyIssue(server.predict(#"{"texts": [{"text": "é😀"} x"#))
        #expect(afterNonASCII["type"] as? String == "json_invalid")
        #expect(loc(afterNonASCII) == ["body", "26"])
        #expect((afterNonASCII["ctx"] as? [String: Any])?["error"] as? String == "Expecting ',' delimiter")
    }

    @Test func aNonJSONContentTypeIsNotReadAsJSON() throws {
        let server = try ServerProcess()
        let body = #"{"texts": [{"text": "Transfer learning with transformers."}]}"#
        let plain = try onlyIssue(server.request("POST", "/predict", body: body, headers: ["Content-Type": "text/plain"]))
        #expect(loc(plain) == ["body"])
        #expect(plain["type"] as? String == "model_attributes_type")
        let form = try onlyIssue(server.request(
            "POST", "/predict", body: "texts=a", headers: ["Content-Type": "application/x-www-form-urlencoded"]))
        #expect(loc(form) == ["body"])
        // JSON types with parameters and +json suffixes are JSON.
        for type in ["application/json; charset=utf-8", "Application/JSON", "application/vnd.api+json"] {
            let reply = try server.request("POST", "/predict", body: body, headers: ["Content-Type": type])
            #expect(reply.status == 200, "\(type): \(reply.text)")
        }
        // FastAPI reads a body without a Content-Type as JSON.
        #expect(try server.request("POST", "/predict", body: body).status == 200)
    }

    @Test func invalidUTF8IsRefusedWithAClearMessage() throws {
        let server = try ServerProcess()
        let workers = try server.workersBeforeTraffic()
        let bytes = Array(#"{"texts": [{"text": "caf"#.utf8) + [0xC3, 0x28, 0xFF] + Array(#""}]}"#.utf8)
        let issue = try onlyIssue(server.request(
            "POST", "/predict", bytes: bytes, headers: ["Content-Type": "application/json"]))
        #expect(issue["type"] as? String == "json_invalid")
        #expect((issue["msg"] as? String)?.contains("UTF-8") == true, "\(issue)")
        #expect(loc(issue).first == "body")
        server.expectSameWorkers(workers)
    }

    @Test func aBatchOverMaxBatchSizeIsRefusedNamingTheLimit() throws {
        let server = try ServerProcess(arguments: ["--set", "max_batch_size=3"])
        let texts = (1...4).map { #"{"text": "project \#($0)"}"# }
        let issue = try onlyIssue(server.predict(#"{"texts": [\#(texts.joined(separator: ","))]}"#))
        #expect(loc(issue) == ["body", "texts"])
        #expect(issue["type"] as? String == "too_long")
        let message = try #require(issue["msg"] as? String)
        #expect(message.contains("3") && message.contains("max_batch_size"), "\(message)")
        let atLimit = try server.predict(#"{"texts": [\#(texts.dropLast().joined(separator: ","))]}"#)
        #expect(atLimit.status == 200, "\(atLimit.text)")
    }

    @Test func aTextOverMaxTextLengthIsRefusedCountingCharacters() throws {
        let server = try ServerProcess(arguments: ["--set", "max_text_length=10"])
        let issue = try onlyIssue(server.predict(#"{"texts": [{"text": "ok"}, {"text": "eleven char"}]}"#))
        #expect(loc(issue) == ["body", "texts", "1", "text"])
        #expect(issue["type"] as? String == "string_too_long")
        #expect((issue["msg"] as? String)?.contains("max_text_length") == true, "\(issue)")
        // Ten characters of up to four bytes each are within the limit.
        let tenCharacters = try server.predict(#"{"texts": [{"text": "😀😀😀漢字漢字éèà"}]}"#)
        #expect(tenCharacters.status == 200, "\(tenCharacters.text)")
    }

    @Test func hostileBodiesAreAnsweredWithoutCrashingTheWorker() throws {
        let server = try ServerProcess()
        let workers = try server.workersBeforeTraffic()
        let bodies = [
            String(repeating: "[", count: 100_000),
            String(repeating: #"{"a":"#, count: 50_000),
            #"{"texts": [{"text": "\ud800"}]}"#,
            #"{"texts": [{"text": "a\u0000b"}]}"#,
            #"{"texts": 1e999999}"#,
            #"{"texts": [{"text": "x"}], "texts": []}"#,
            "\u{FEFF}" + #"{"texts": [{"text": "bom"}]}"#,
            "null", "[]", "\"texts\"", "-", "{\"texts\": [{\"text\": \"unterminated",
        ]
        for body in bodies {
            let reply = try server.predict(body)
            #expect([200, 422].contains(reply.status), "\(body.prefix(40)): \(reply.status) \(reply.text.prefix(200))")
            // The echoed input may hold numbers Foundation cannot represent (1e999999): check the shape only.
            #expect(reply.text.hasPrefix(reply.status == 200 ? #"{"message":"OK""# : #"{"detail":["#))
        }
        server.expectSameWorkers(workers)
    }
}
