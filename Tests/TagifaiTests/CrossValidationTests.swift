import Foundation
import Testing
@testable import Tagifai

@Suite struct CrossValidationTests {
    @Test func foldsAllocateEachClassAsScikitLearnDoes() {
        // Sorted labels 0000111 dealt to 3 folds: fold 0 gets rows 0, 3, 6 (two 0s, one 1),
        // folds 1 and 2 one of each.
        let labels = [1, 0, 0, 1, 0, 1, 0]
        let folds = StratifiedKFold(labels: labels, classCount: 2, foldCount: 3, seed: 0)
        for (fold, expected) in [[2, 1], [1, 1], [1, 1]].enumerated() {
            let members = labels.indices.filter { folds.testFold[$0] == fold }
            #expect([0, 1].map { label in members.filter { labels[$0] == label }.count } == expected)
            let (train, test) = folds.split(fold)
            #expect(Set(train).union(test) == Set(labels.indices) && Set(train).isDisjoint(with: test))
        }
        #expect(StratifiedKFold(labels: labels, classCount: 2, foldCount: 3, seed: 0).testFold == folds.testFold)
    }

    @Test func foldsAreShuffledBySeedAndBalanced() {
        let labels = (0..<100).map { $0 % 7 == 0 ? 2 : $0 % 3 == 0 ? 1 : 0 }
        let first = StratifiedKFold(labels: labels, classCount: 3, foldCount: 5, seed: 0)
        let second = StratifiedKFold(labels: labels, classCount: 3, foldCount: 5, seed: 1)
        #expect(first.testFold != second.testFold)
        let sizes = (0..<5).map { fold in first.testFold.filter { $0 == fold }.count }
        #expect(sizes.max()! - sizes.min()! <= 1)
        for label in 0..<3 {
            let counts = (0..<5).map { fold in labels.indices.filter { labels[$0] == label && first.testFold[$0] == fold }.count }
            #expect(counts.max()! - counts.min()! <= 1)
        }
    }

    @Test func everyFoldIsScoredWithoutTheRowsItTests() throws {
        var args = ModelFixture.args
        args.classifier = TrainingArgs.Classifier.linearSVM.rawValue
        args.wordNgramMaxRange = 2
        args.sublinearTF = true
        let records = ModelFixture.records(mixed: 10)
        let report = try CrossValidation.run(records: records, args: args, folds: 4)
        #expect(report.argmax.count == 4 && report.thresholded.count == 4)
        #expect(report.argmax.reduce(0) { $0 + $1.overall.numSamples } == records.count)
        #expect(report.argmax.allSatisfy { $0.overall.f1 > 0.5 })
        let (mean, deviation) = CrossValidation.Report.meanAndDeviation([1, 2, 3, 4])
        #expect(mean == 2.5 && abs(deviation - 1.25.squareRoot()) < 1e-12)
    }

    @Test func tooFewRowsOfAClassForTheFoldsIsAnError() {
        var args = ModelFixture.args
        args.minFreq = 1
        let records = ModelFixture.records(perTopic: 3)
        #expect(throws: TrainingError.self) { try CrossValidation.run(records: records, args: args, folds: 5) }
    }

    @Test func cvEvaluationRefitsOnEveryRowAndSaysSo() throws {
        var args = ModelFixture.args
        args.classifier = TrainingArgs.Classifier.logisticRegression.rawValue
        args.c = 10
        args.evaluation = TrainingArgs.Evaluation.cv.rawValue
        args.cvFolds = 3
        let records = ModelFixture.records(mixed: 10)
        let outcome = try Trainer.train(records: records, args: args, dataset: .init(sha256: "fixture", rows: records.count))
        let summary = try #require(outcome.model.performance.crossValidation)
        #expect(summary.folds == 3)
        #expect(summary.method.contains("3-fold cross-validation"))
        #expect(outcome.model.performance.overall.numSamples == records.count)
        #expect(abs(summary.f1Mean - outcome.model.performance.overall.f1) < 1e-12)
        #expect(summary.thresholdRuleKept == (outcome.model.args.threshold! > 0))
        #expect(outcome.model.predict(ModelFixture.fruit.joined(separator: " ")) == "fruit")
        #expect(outcome.model.predict(ModelFixture.rockets.joined(separator: " ")) == "rockets")
    }
}
