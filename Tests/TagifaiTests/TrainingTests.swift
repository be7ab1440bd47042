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

    @Test func argmaxScoresTheSameTestSplitWithoutTheThreshold() throws {
        let records = ModelFixture.records()
        let outcome = try Trainer.train(records: records, args: ModelFixture.args, dataset: .init(sha256: "", rows: records.count))
        #expect(outcome.argmaxPerformance.overall.numSamples == outcome.model.performance.overall.numSamples)
        #expect(outcome.argmaxPerformance.perClass["fruit"]?.f1 == 1)
        #expect(outcome.argmaxPerformance.perClass["rockets"]?.f1 == 1)
    }

    @Test func sameSeedGivesTheSameModel() throws {
        let first = try ModelFixture.train(), second = try ModelFixture.train()
        #expect(first.manifest.modelVersion == second.manifest.modelVersion)
        #expect(first.args == second.args)
        #expect(first.performance == second.performance)
    }

    @Test func theLessonsQuartileThresholdIsSetAndUsed() throws {
        var args = ModelFixture.args
        args.thresholdQuantile = 0.25
        let model = try ModelFixture.train(args)
        let threshold = try #require(model.args.threshold)
        #expect(threshold > 0 && threshold < 1)
        // A text with no known n-grams gets the prior only, below the threshold: tagged other.
        #expect(model.predict("zzzz qqqq") == "other")
    }

    @Test func aTextWithNothingLeftToScoreIsTaggedOtherWhateverTheThreshold() throws {
        let model = try ModelFixture.train()
        #expect(model.args.thresholdQuantile == nil)
        #expect(model.predict(["", "!!! ???", "the of and"]) == ["other", "other", "other"])
    }

    /// Seeds on which the mixed fixture's validation split has unsure `other` texts.
    @Test(arguments: [1, 3] as [UInt64])
    func theTunedThresholdBeatsArgmaxAndTheQuartileOnValidation(seed: UInt64) throws {
        let records = ModelFixture.records(mixed: 30)
        var args = ModelFixture.args
        args.seed = seed
        let tuned = try Trainer.train(records: records, args: args, dataset: .init(sha256: "", rows: records.count))
        args.thresholdQuantile = 0.25
        let quartile = try Trainer.train(records: records, args: args, dataset: .init(sha256: "", rows: records.count))
        let fit = tuned.thresholdFit
        try #require(fit.threshold > 0, "the fixture no longer has unsure other texts on validation: \(fit)")
        #expect(fit.validationF1 > fit.validationArgmaxF1)
        #expect(fit.validationF1 >= quartile.thresholdFit.validationF1)
        #expect(tuned.model.args.threshold == fit.threshold)
        #expect(tuned.model.args.thresholdQuantile == nil)
    }

    @Test func theThresholdRuleChangesOnlyTheThreshold() throws {
        var quartile = ModelFixture.args
        quartile.thresholdQuantile = 0.25
        let tuned = try ModelFixture.train(), lessons = try ModelFixture.train(quartile)
        #expect(tuned.manifest.modelVersion == lessons.manifest.modelVersion)
        #expect(lessons.args.thresholdQuantile == 0.25)
        var recorded = lessons.args
        recorded.thresholdQuantile = nil
        recorded.threshold = tuned.args.threshold
        #expect(recorded == tuned.args)
    }

    @Test(arguments: [-0.1, 1.5, .nan, .infinity])
    func refusesAThresholdQuantileOutsideZeroToOne(quantile: Double) {
        var args = ModelFixture.args
        args.thresholdQuantile = quantile
        #expect(args.problems.count == 1)
        #expect(args.problems.first?.hasPrefix("threshold_quantile must be a number from 0 to 1") == true)
        #expect(throws: TrainingError.invalidArgs(args.problems)) { try ModelFixture.train(args) }
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

@Suite struct LargeInputTests {
    @Test func aVeryLongTextIsTaggedWithoutExhaustingTheStack() throws {
        let model = try ModelFixture.train()
        let text = String(repeating: "rocket booster orbit ", count: 100_000)
        let tag = try #require(Thread.runOnSmallStack { model.predict(text) })
        // Repeating a text scales its TF-IDF vector, which L2 normalisation undoes.
        #expect(tag == model.predict("rocket booster orbit"))
    }
}

/// The result of a call made on another thread.
private final class ResultBox: @unchecked Sendable {
    var value: String?
}

extension Thread {
    /// Runs `body` on a thread with a 512 KiB stack, like a server's event-loop thread, and waits.
    static func runOnSmallStack(_ body: @escaping @Sendable () -> String) -> String? {
        let box = ResultBox()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.value = body()
            done.signal()
        }
        thread.stackSize = 512 * 1024
        thread.start()
        done.wait()
        return box.value
    }
}
