import Foundation
import Testing
@testable import Tagifai

/// The transformer tier's recipe with a stand-in for the encoder: a head trained on embeddings,
/// cross-validated on vectors computed once.
@Suite struct HeadTrainingTests {
    static var args: TrainingArgs {
        var args = ModelFixture.args
        args.features = TrainingArgs.Features.minilm.rawValue
        args.classifier = TrainingArgs.Classifier.logisticRegression.rawValue
        args.c = 10
        args.evaluation = TrainingArgs.Evaluation.cv.rawValue
        args.cvFolds = 4
        return args
    }

    /// A unit vector of each text's fruit and rocket word counts and a constant.
    static func embed(_ text: String) -> [Float] {
        let words = text.split(separator: " ").map(String.init)
        let vector = [
            Float(words.filter(ModelFixture.fruit.contains).count), Float(words.filter(ModelFixture.rockets.contains).count), 1,
        ]
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return vector.map { $0 / norm }
    }

    @Test func embedsEveryTextOnceAndScoresTheHeadByCrossValidation() throws {
        let records = ModelFixture.records(mixed: 10)
        var calls: [[String]] = []
        let outcome = try Trainer.trainHead(records: records, args: Self.args) { texts in
            calls.append(texts)
            return texts.map(Self.embed)
        }
        #expect(calls == [records.map(\.text)])
        #expect(outcome.classes == ["fruit", "other", "rockets"])
        #expect(outcome.crossValidation.argmax.count == 4)
        #expect(outcome.performance.tier == "minilm")
        #expect(outcome.performance.crossValidation?.folds == 4)
        #expect(outcome.performance.overall.f1 > 0.9)
        #expect(outcome.args.threshold != nil)
        #expect(outcome.head.classCount == 3 && outcome.head.dimension == 3)
        #expect(outcome.head.best(Self.embed("apple banana cherry")).index == 0)
        #expect(outcome.head.best(Self.embed("rocket engine orbit")).index == 2)
    }

    @Test func crossValidationAloneEmbedsOnceToo() throws {
        let records = ModelFixture.records()
        var calls = 0
        let report = try CrossValidation.run(records: records, args: Self.args, folds: 3) { texts in
            calls += 1
            return texts.map(Self.embed)
        }
        #expect(calls == 1)
        #expect(report.argmax.count == 3)
        #expect(report.argmax.allSatisfy { $0.overall.f1 > 0.9 })
    }

    @Test func theFeaturesKeyIsWrittenOnlyForTheTransformerTier() throws {
        let lesson = String(decoding: try OrderedJSONEncoder().encode(TrainingArgs()), as: UTF8.self)
        #expect(!lesson.contains("features"))
        let minilm = String(decoding: try OrderedJSONEncoder().encode(Self.args), as: UTF8.self)
        #expect(minilm.contains(#""features":"minilm""#) || minilm.contains(#""features": "minilm""#))
        #expect(try JSONDecoder().decode(TrainingArgs.self, from: Data(minilm.utf8)) == Self.args)
    }

    @Test func theTransformerTierNamesWhatItNeeds() {
        var args = Self.args
        args.classifier = TrainingArgs.Classifier.sgd.rawValue
        args.evaluation = TrainingArgs.Evaluation.split.rawValue
        #expect(args.problems.contains { $0.contains("classifier") && $0.contains("logistic_regression") })
        #expect(args.problems.contains { $0.contains("evaluation") && $0.contains("\"cv\"") })
        args.features = "bert"
        #expect(args.problems.contains { $0.contains("features must be one of \"char_ngrams\", \"minilm\"") })
        #expect(Self.args.problems.isEmpty)
    }
}
