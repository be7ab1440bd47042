import Testing
@testable import TagifaiAPI

@Suite struct PredictPayloadTests {
    private let limits = PredictPayload.Limits(maxBatchSize: 3, maxTextLength: 5)

    private func issues(_ json: String) throws -> [ValidationIssue] {
        switch PredictPayload.validate(try JSONReader().read(json), limits: limits) {
        case .success: return []
        case .failure(let errors): return errors.issues
        }
    }

    @Test func acceptsTextsInOrderIgnoringExtraFields() throws {
        let body = try JSONReader().read(#"{"texts": [{"text": "b"}, {"text": "a", "x": 1}], "y": 2}"#)
        #expect(try PredictPayload.validate(body, limits: limits).get().texts == ["b", "a"])
    }

    @Test func theLastOfDuplicateKeysWins() throws {
        let body = try JSONReader().read(#"{"texts": [], "texts": [{"text": "a", "text": "b"}]}"#)
        #expect(try PredictPayload.validate(body, limits: limits).get().texts == ["b"])
    }

    @Test func emptyListUsesTheLessonsWording() throws {
        let found = try issues(#"{"texts": []}"#)
        #expect(found.count == 1)
        #expect(found.first?.type == "value_error")
        #expect(found.first?.loc == ["body", "texts"])
        #expect(found.first?.msg == "List of texts to classify cannot be empty.")
    }

    @Test func reportsEveryBadTextWithItsLocation() throws {
        let found = try issues(#"{"texts": [{"text": ""}, {"txt": "a"}, {"text": 5}]}"#)
        #expect(found.map(\.type) == ["string_too_short", "missing", "string_type"])
        #expect(found.map(\.loc) == [
            ["body", "texts", .integer(0), "text"], ["body", "texts", .integer(1), "text"],
            ["body", "texts", .integer(2), "text"],
        ])
        #expect(found.map(\.msg) == [
            "String should have at least 1 character", "Field required", "Input should be a valid string",
        ])
        #expect(found[0].ctx == .object(["min_length": .integer(1)]))
        #expect(found[1].input == .object(["txt": .string("a")]))
    }

    @Test func wrongShapesAreTypeErrors() throws {
        #expect(try issues("[1]").map(\.type) == ["model_attributes_type"])
        #expect(try issues("null").map(\.type) == ["missing"])
        #expect(try issues("{}").map(\.type) == ["missing"])
        #expect(try issues("{}").first?.loc == ["body", "texts"])
        #expect(try issues(#"{"texts": "abc"}"#).map(\.type) == ["list_type"])
        #expect(try issues(#"{"texts": ["abc"]}"#).first?.loc == ["body", "texts", .integer(0)])
        #expect(try issues(#"{"texts": [{"text": null}]}"#).map(\.type) == ["string_type"])
    }

    @Test func batchAndTextLimitsNameTheSetting() throws {
        let batch = try issues(#"{"texts": [{"text": "a"}, {"text": "a"}, {"text": "a"}, {"text": "a"}]}"#)
        #expect(batch.map(\.type) == ["too_long"])
        #expect(batch.first?.msg.contains("max_batch_size") == true)
        #expect(batch.first?.msg.contains("at most 3 items") == true)
        let long = try issues(#"{"texts": [{"text": "abcdef"}]}"#)
        #expect(long.map(\.type) == ["string_too_long"])
        #expect(long.first?.msg.contains("max_text_length") == true)
    }

    @Test func textLengthCountsCharactersNotBytes() throws {
        #expect(try issues(#"{"texts": [{"text": "机器学习🤖"}]}"#).isEmpty)
        #expect(try issues(#"{"texts": [{"text": "机器学习🤖é"}]}"#).map(\.type) == ["string_too_long"])
    }
}
