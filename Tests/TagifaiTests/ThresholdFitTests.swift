import Testing
@testable import Tagifai

@Suite struct ThresholdFitTests {
    typealias Best = (index: Int, probability: Double)
    static let classes = ["a", "b", "other"]
    static let other = 2

    /// Confident right answers, plus two unsure texts that are really `other`.
    static let unsureOthers: (best: [Best], truth: [Int]) = (
        best: Array(repeating: (0, 0.95), count: 4) + Array(repeating: (1, 0.9), count: 4)
            + [(0, 0.45), (1, 0.5), (0, 0.6)],
        truth: Array(repeating: 0, count: 4) + Array(repeating: 1, count: 4) + [other, other, 0])

    private func weightedF1(_ best: [Best], _ truth: [Int], threshold: Double) -> Double {
        let predicted = best.map { Tagging.index(of: $0, threshold: threshold, otherIndex: Self.other) }
        return PerformanceReport.scores(truth: truth, predicted: predicted, classes: Self.classes).overall.f1
    }

    @Test func tuningSendsTheUnsureOthersToOtherAndKeepsTheRest() {
        let (best, truth) = Self.unsureOthers
        let fit = ThresholdFit(best: best, truth: truth, classes: Self.classes, quantile: nil)
        // 0.5 tags both unsure texts `other`; 0.6 would also lose the right but unsure `a`.
        #expect(fit.threshold == 0.5)
        #expect(fit.validationF1 == 1)
        #expect(fit.validationArgmaxF1 < 1)
        #expect(fit.validationF1 == weightedF1(best, truth, threshold: fit.threshold))
    }

    @Test(arguments: 1...20 as ClosedRange<UInt64>)
    func tunedThresholdIsTheLowestBestCandidateAndNeverBelowArgmax(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        var best: [Best] = [], truth: [Int] = []
        for _ in 0..<60 {
            let label = generator.next(below: 3)
            let probability = 0.34 + Double(generator.next(below: 66)) / 100
            // The less sure the model, the likelier it is wrong; `other` is never its winner.
            let wrong = label == Self.other ? generator.next(below: 2) : 1 - label
            let right = label != Self.other && Double(generator.next(below: 100)) / 100 < probability
            best.append((right ? label : wrong, probability))
            truth.append(label)
        }
        let fit = ThresholdFit(best: best, truth: truth, classes: Self.classes, quantile: nil)
        #expect(fit.validationF1 >= fit.validationArgmaxF1)
        #expect(fit.validationArgmaxF1 == weightedF1(best, truth, threshold: 0))
        for candidate in [0] + best.map(\.probability) {
            let f1 = weightedF1(best, truth, threshold: candidate)
            #expect(f1 <= fit.validationF1 + ThresholdFit.tieTolerance, "threshold \(candidate) scores better")
            if candidate < fit.threshold {
                #expect(f1 < fit.validationF1 - ThresholdFit.tieTolerance, "lower threshold \(candidate) ties")
            }
        }
    }

    @Test func aTieKeepsTheLowerThreshold() {
        // Past 0.3 the only text left to move is already tagged `other`: 0.35 scores the same.
        let best: [Best] = [(0, 0.9), (0, 0.9), (1, 0.9), (1, 0.9), (0, 0.3), (Self.other, 0.35)]
        let truth = [0, 0, 1, 1, Self.other, Self.other]
        let fit = ThresholdFit(best: best, truth: truth, classes: Self.classes, quantile: nil)
        #expect(weightedF1(best, truth, threshold: 0.35) == weightedF1(best, truth, threshold: 0.3))
        #expect(fit.threshold == 0.3)
    }

    @Test func withoutAnOtherClassNoThresholdHelpsSoItStaysZero() {
        let best: [Best] = [(0, 0.6), (1, 0.7), (0, 0.8)]
        let fit = ThresholdFit(best: best, truth: [1, 1, 0], classes: ["a", "b"], quantile: nil)
        #expect(fit.threshold == 0)
        #expect(fit.validationF1 == fit.validationArgmaxF1)
    }

    @Test func aQuantileIsNumPysLinearQuantileOfTheWinningProbabilities() {
        let best: [Best] = [(0, 0.4), (1, 0.1), (0, 0.3), (1, 0.2)]
        let truth = [0, 1, 0, 1]
        // numpy.quantile([0.1, 0.2, 0.3, 0.4], q): 0.175 at the lesson's 0.25, the ends at 0 and 1.
        let quartile = ThresholdFit(best: best, truth: truth, classes: Self.classes, quantile: 0.25)
        #expect(abs(quartile.threshold - 0.175) < 1e-12)
        #expect(quartile.validationF1 == weightedF1(best, truth, threshold: quartile.threshold))
        #expect(ThresholdFit(best: best, truth: truth, classes: Self.classes, quantile: 0).threshold == 0.1)
        #expect(ThresholdFit(best: best, truth: truth, classes: Self.classes, quantile: 1).threshold == 0.4)
    }
}
