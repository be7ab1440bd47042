import Foundation
import HTTPWorker
import NIOCore
import Tagifai
import Testing
@testable import TagifaiAPI

@Suite struct ModelRouteTests {
    private func router(_ model: TagifaiModel) throws -> APIFixture {
        var fixture = APIFixture()
        fixture.router = Router()
        try TagifaiAPI(model: model, settings: APISettings()).register(in: &fixture.router)
        return fixture
    }

    private func keys(_ value: JSONValue?) -> [String] {
        guard case .object(let members)? = value else { return [] }
        return members.map(\.key)
    }

    @Test func argsAreEveryTrainingArgumentInTheFilesOrder() throws {
        let api = try router(TinyModel.trained)
        let args = try APIFixture.json(api.call(.GET, "/args"))["data"]?["args"]
        // Keys beyond the lesson's appear only when the recipe changes them; this one changes none.
        let written = try #require(
            JSONSerialization.jsonObject(with: JSONEncoder().encode(TinyModel.trained.args)) as? [String: Any])
        #expect(keys(args) == TrainingArgs.keyNames.filter { written[$0] != nil })
        #expect(keys(args).count == 14)
        #expect(args?["ngram_max_range"] == .number("3"))
        #expect(args?["subset"] == .null)
        let one = try APIFixture.json(api.call(.GET, "/args/num_epochs"))["data"]
        #expect(one == .object(["num_epochs": .number("3")]))
    }

    @Test func performanceKeepsTheLessonsKeyOrder() throws {
        let api = try router(TinyModel.trained)
        let performance = try APIFixture.json(api.call(.GET, "/performance"))["data"]?["performance"]
        #expect(keys(performance) == ["overall", "class", "slices"])
        #expect(keys(performance?["overall"]) == ["precision", "recall", "f1", "num_samples"])
        #expect(keys(performance?["class"]) == TinyModel.trained.classes.sorted())
        let overall = try APIFixture.json(api.call(.GET, "/performance?filter=overall"))["data"]?["performance"]
        #expect(overall == performance?["overall"])
    }

    @Test func predictAnswersWithTheModelsTags() throws {
        let model = TinyModel.trained
        let api = try router(model)
        let body = #"{"texts": [{"text": "camera image segmentation"}, {"text": "语言 translation of sentences 🤖"}]}"#
        let response = api.call(.POST, "/predict", body: body)
        #expect(response.status == .ok)
        guard case .array(let predictions)? = try APIFixture.json(response)["data"]?["predictions"] else {
            Issue.record("no predictions")
            return
        }
        let texts = ["camera image segmentation", "语言 translation of sentences 🤖"]
        #expect(predictions.map { $0["input_text"] } == texts.map { .string($0) })
        #expect(predictions.map { $0["predicted_tag"] } == model.predict(texts).map { .string($0) })
    }

    @Test(.enabled(if: TinyModel.committed != nil, "models/tagifai is not committed"))
    func openAPIExampleShowsTheCommittedModelsAnswers() throws {
        let model = try #require(TinyModel.committed)
        let api = try router(model)
        let schemas = try APIFixture.json(api.call(.GET, "/openapi.json"))["components"]?["schemas"]
        let example = schemas?["PredictResponse"]?["properties"]?["data"]?["properties"]?["predictions"]?["example"]
        let tags = model.predict(OpenAPIDocument.exampleTexts)
        #expect(example == .array(zip(OpenAPIDocument.exampleTexts, tags).map {
            .object(["input_text": .string($0), "predicted_tag": .string($1)])
        }))
        #expect(schemas?["Prediction"]?["properties"]?["predicted_tag"]?["enum"] == .array(model.classes.map { .string($0) }))
    }
}
