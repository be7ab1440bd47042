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
