import Foundation
import Testing
@testable import Tagifai

@Suite struct TrainingTests {
    @Test func separatesTwoObviousTopics() throws {
        let model = try ModelFixture.train()
        #expect(model.classes == ["fruit", "other", "rockets"])
        let fruit = model.probabilities("a ripe mango and a juicy peach from the orchard")
        let rocket = model.probabilities("the booster engine put the payload in orbit")
        #expect(fruit["fruit"]! > 0.8)
        #expect(rocket["rockets"]! > 0.8)
        #expect(model.performance.perClass["fruit"]!.numSamples > 0)
        #expect(model.performance.overall.f1 > 0.6)
    }

    @Test func sameSeedGivesTheSameModel() throws {
        let first = try ModelFixture.train(), second = try ModelFixture.train()
        #expect(first.manifest.modelVersion == second.manifest.modelVersion)
        #expect(first.args == second.args)
        #expect(first.performance == second.performance)
    }

    @Test func thresholdIsSetAndUsed() throws {
        let model = try ModelFixture.train()
        let threshold = try #require(model.args.threshold)
        #expect(threshold > 0 && threshold < 1)
        // A text with no known n-grams gets the prior only, below the threshold: tagged other.
        #expect(model.predict("zzzz qqqq") == "other")
    }

    @Test func rejectsArgumentsItCannotTrainWith() {
        var args = ModelFixture.args
        args.stem = true
        args.analyzer = "word"
        #expect(throws: TrainingError.self) { try ModelFixture.train(args) }
        args = ModelFixture.args
        args.minFreq = 1000
        #expect(throws: TrainingError.self) { try ModelFixture.train(args) }
    }
}
