import Foundation
import Testing
import TestSupport
@testable import Tagifai
@testable import TagifaiMiniLM

/// The `minilm` recipe end to end with the real all-MiniLM-L6-v2: a head trained on a small
/// data set, the folder written, loaded back and tagging as training scored it. Runs where the
/// weights are (`TAGIFAI_MINILM_DIR`, else `.build/minilm` as `scripts/fetch-minilm` leaves them).
@Suite struct MiniLMRecipeTests {
    static let weights = MiniLMReferenceTests.modelDirectory
    static let available = FileManager.default.fileExists(atPath: weights + "/model.safetensors")

    @Test(.enabled(if: available, "needs the weights of scripts/fetch-minilm"))
    func trainsWritesAndLoadsAVerifiedFolder() throws {
        let records = ModelFixture.records(perTopic: 12)
        var args = HeadTrainingTests.args
        args.minFreq = 7
        args.cvFolds = 3
        let embedder = try MiniLMEmbedder(directory: Self.weights)
        var embeddings: [[Float]] = []
        let outcome = try Trainer.trainHead(records: records, args: args) { texts in
            embeddings = embedder.embed(texts, batchSize: 32)
            return embeddings
        }
        #expect(outcome.head.dimension == 384 && outcome.classes == ["fruit", "other", "rockets"])
        #expect(outcome.performance.overall.f1 > 0.9)

        let scratch = try ScratchFolder("minilm-recipe")
        let manifest = try MiniLMModelFolder.write(
            head: outcome.head,
            documents: .init(
                args: outcome.args, performance: outcome.performance, classes: outcome.classes,
                manifest: .init(formatVersion: 1, datasetSHA256: "fixture", datasetRows: records.count, createdAt: "now", modelVersion: "")),
            weights: Self.weights, to: scratch.url)
        #expect(manifest.files?.map(\.file) == MiniLMModelFolder.weightFiles)
        #expect(manifest.modelVersion == ModelManifest.version(of: manifest.files!))
        for file in MiniLMModelFolder.encoderFiles {
            let source = try FileManager.default.attributesOfItem(atPath: Self.weights + "/" + file)
            let copy = try FileManager.default.attributesOfItem(atPath: scratch.path("encoder/" + file))
            #expect(copy[.size] as? Int == source[.size] as? Int, "\(file)")
            if source[.deviceIdentifier] as? Int == copy[.deviceIdentifier] as? Int {
                #expect(copy[.systemFileNumber] as? Int == source[.systemFileNumber] as? Int, "\(file) is hard-linked")
            }
        }

        let tagger = try MiniLMTagger.load(from: scratch.url)
        let texts = records.map(\.text)
        let rule = ThresholdRule(threshold: outcome.args.threshold ?? 0, classes: outcome.classes)
        #expect(tagger.tags(for: texts) == embeddings.map { outcome.classes[rule.index(of: outcome.head.best($0))] })
        #expect(tagger.performance == outcome.performance)
    }
}
