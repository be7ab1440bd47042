import Foundation
import TestSupport
import Testing
@testable import Tagifai

@Suite struct ArtifactTests {
    private func savedModel(in scratch: ScratchFolder) throws -> (TagifaiModel, URL) {
        let model = try ModelFixture.train()
        let folder = scratch.url.appendingPathComponent("model")
        try model.save(to: folder)
        return (model, folder)
    }

    @Test func saveThenLoadGivesIdenticalPredictions() throws {
        let scratch = try ScratchFolder("artifacts")
        let (trained, folder) = try savedModel(in: scratch)
        let loaded = try TagifaiModel.load(from: folder)
        let texts = ModelFixture.records().map(\.text) + ["", "zzzz", "rocket apple", "Ünïcödé rocket launch"]
        #expect(loaded.predict(texts) == trained.predict(texts))
        for text in texts { #expect(loaded.probabilities(text) == trained.probabilities(text)) }
        #expect(loaded.args == trained.args)
        #expect(loaded.performance == trained.performance)
        #expect(loaded.classes == trained.classes)
        #expect(loaded.manifest == trained.manifest)
    }

    @Test func aMissingFileIsNamed() throws {
        let scratch = try ScratchFolder("artifacts")
        let (_, folder) = try savedModel(in: scratch)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("model.bin"))
        #expect(throws: ArtifactError.missing(file: folder.appendingPathComponent("model.bin").path)) {
            try TagifaiModel.load(from: folder)
        }
    }

    @Test func aTruncatedModelIsReportedNotMapped() throws {
        let scratch = try ScratchFolder("artifacts")
        let (_, folder) = try savedModel(in: scratch)
        let url = folder.appendingPathComponent("model.bin")
        let bytes = try Data(contentsOf: url)
        try bytes.prefix(bytes.count - 10).write(to: url)
        #expect(throws: ArtifactError.truncated(file: url.path, expectedBytes: bytes.count, actualBytes: bytes.count - 10)) {
            try TagifaiModel.load(from: folder)
        }
        try bytes.prefix(20).write(to: url)
        #expect(throws: ArtifactError.truncated(file: url.path, expectedBytes: 64, actualBytes: 20)) {
            try TagifaiModel.load(from: folder)
        }
    }

    @Test func anotherFormatVersionIsRefused() throws {
        let scratch = try ScratchFolder("artifacts")
        let (_, folder) = try savedModel(in: scratch)
        let url = folder.appendingPathComponent("model.bin")
        var bytes = try Data(contentsOf: url)
        bytes[8] = 9
        try bytes.write(to: url)
        #expect(throws: ArtifactError.unsupportedVersion(file: url.path, found: 9, supported: 2)) {
            try TagifaiModel.load(from: folder)
        }
        bytes[0] = 0
        try bytes.write(to: url)
        let error = #expect(throws: ArtifactError.self) { try TagifaiModel.load(from: folder) }
        #expect(error?.description.contains("magic") == true)
    }

    @Test func malformedJSONNamesTheFile() throws {
        let scratch = try ScratchFolder("artifacts")
        let (_, folder) = try savedModel(in: scratch)
        let url = folder.appendingPathComponent("labels.json")
        try Data("{\"class_to_index\": {\"a\": 0, \"b\": 5}}".utf8).write(to: url)
        let error = #expect(throws: ArtifactError.self) { try TagifaiModel.load(from: folder) }
        #expect(error?.description.contains(url.path) == true)
    }

    @Test func performanceEncodesTheLessonKeys() throws {
        let performance = Performance(
            overall: .init(precision: 1, recall: 0.5, f1: 0.6, numSamples: 3),
            perClass: ["b": .init(precision: 1, recall: 1, f1: 1, numSamples: 1), "a": .init(precision: 0, recall: 0, f1: 0, numSamples: 2)],
            slices: [:])
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(performance)) as! [String: Any]
        #expect(Set(object.keys) == ["overall", "class", "slices"])
        #expect((object["overall"] as! [String: Any])["num_samples"] as? Int == 3)
        #expect(try JSONDecoder().decode(Performance.self, from: JSONEncoder().encode(performance)) == performance)
    }
}

@Suite struct ArtifactJSONTests {
    @Test func decodingFailuresNameTheKey() {
        func summary(_ json: String) -> String {
            do {
                _ = try JSONDecoder().decode(ModelManifest.self, from: Data(json.utf8))
                return "decoded"
            } catch {
                return ArtifactJSON.summary(of: error)
            }
        }
        #expect(summary("{\"format_version\": 1}").contains("\"dataset_sha256\" is missing"))
        #expect(summary("{\"format_version\": \"one\"}") == "\"format_version\" should be Int")
        #expect(summary("not json").hasPrefix("the top level"))
    }
}
