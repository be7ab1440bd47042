/// The threshold chosen on the validation split, and that split's weighted F1 with and without it.
public struct ThresholdFit: Sendable, Equatable {
    /// The winning probability at or below which a text is tagged `other`.
    public var threshold: Double
    /// The validation split's weighted F1 with the threshold rule.
    public var validationF1: Double
    /// The validation split's weighted F1 by plain argmax, without the threshold rule.
    public var validationArgmaxF1: Double

    /// Two weighted F1 values closer than this are a tie: different confusion matrices with the
    /// same score can still differ in the last bits of their sums.
    static let tieTolerance = 1e-12

    /// Chooses the threshold from each validation text's most probable class (`best`) and its true
    /// class (`truth`, indices into `classes`).
    ///
    /// With a `quantile`, the threshold is that quantile of the winning probabilities (0.25 is the
    /// lesson's rule). Without one, each candidate (0, then every distinct winning probability) is
    /// tried with the `other` rule and the one with the best weighted F1 kept, the lower on a tie;
    /// 0 sends no text to `other`, so the result never scores below plain argmax on validation.
    init(best: [(index: Int, probability: Double)], truth: [Int], classes: [String], quantile: Double?) {
        let otherIndex = classes.firstIndex(of: Tagging.otherTag)
        func weightedF1(_ threshold: Double) -> Double {
            let predicted = best.map { Tagging.index(of: $0, threshold: threshold, otherIndex: otherIndex) }
            return PerformanceReport.scores(truth: truth, predicted: predicted, classes: classes).overall.f1
        }
        let probabilities = best.map(\.probability)
        if let quantile {
            threshold = Quantile.value(probabilities, at: quantile)
            validationF1 = weightedF1(threshold)
        } else {
            (threshold, validationF1) = (0, weightedF1(0))
            for candidate in Set(probabilities).sorted() where candidate > 0 {
                let f1 = weightedF1(candidate)
                if f1 > validationF1 + Self.tieTolerance { (threshold, validationF1) = (candidate, f1) }
            }
        }
        validationArgmaxF1 = PerformanceReport.scores(truth: truth, predicted: best.map(\.index), classes: classes)
            .overall.f1
    }
}
