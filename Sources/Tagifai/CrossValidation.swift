import FoundationEssentials

/// Stratified K-fold cross-validation of a recipe (`tagifai train --cv K`, `tagifai tune`).
///
/// Every fold fits the vocabulary and the classifier on the other folds and scores its own rows
/// with the encoded `model.bin`, as serving would. The threshold rule is judged cross-fitted:
/// fold k's threshold is chosen (as training chooses it) on the out-of-fold predictions of the
/// other folds, then applied to fold k, so no fold's labels pick its own threshold.
public enum CrossValidation {
    /// The folds' seed: every recipe is judged on the same folds (scikit-learn's `random_state=0`).
    public static let foldSeed: UInt64 = 0

    /// The scores of each fold, by plain argmax and with the cross-fitted threshold rule.
    public struct Report: Sendable {
        /// The class names, in the model's order.
        public var classes: [String]
        /// Each fold's weighted scores and per-class scores by plain argmax.
        public var argmax: [Performance]
        /// Each fold's scores with the threshold rule (threshold chosen on the other folds).
        public var thresholded: [Performance]
        /// Each row's most probable class and its probability, predicted by the model that did
        /// not see it.
        var outOfFold: [(index: Int, probability: Double)]
        /// Each row's true class.
        var truth: [Int]

        /// Whether the threshold rule raised the mean weighted F1 over the folds.
        public var thresholdHelps: Bool {
            Self.mean(thresholded.map(\.overall.f1)) > Self.mean(argmax.map(\.overall.f1)) + ThresholdFit.tieTolerance
        }

        /// The folds' scores under the rule the model ships with.
        public var chosen: [Performance] { thresholdHelps ? thresholded : argmax }

        /// The mean and (population) standard deviation of `values`, as numpy's `mean` and `std`.
        public static func meanAndDeviation(_ values: [Double]) -> (mean: Double, deviation: Double) {
            let mean = Self.mean(values)
            let variance = values.isEmpty ? 0 : values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
            return (mean, variance.squareRoot())
        }

        static func mean(_ values: [Double]) -> Double {
            values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
        }
    }

    /// Cross-validates the recipe `args` on `records` (in file order, after `subset`) over
    /// `folds` stratified folds.
    public static func run(records: [ProjectRecord], args: TrainingArgs, folds: Int) throws(TrainingError) -> Report {
        var unused = SeededGenerator(seed: args.seed)
        let data = try Trainer.prepare(records, args: args, shuffled: false, generator: &unused)
        return try run(data, args: args, folds: folds)
    }

    static func run(_ data: Trainer.Prepared, args: TrainingArgs, folds: Int) throws(TrainingError) -> Report {
        try run(data, args: args, folds: folds) { train throws(TrainingError) in
            var generator = SeededGenerator(seed: args.seed)
            let scorer = try Trainer.fitScorer(data, train: train, args: args, generator: &generator)
            return { scorer.best(data.rows[$0].text) }
        }
    }

    /// Cross-validates a recipe whose fold models `fit` makes: given a fold's training rows, it
    /// returns how that fold's model scores a row (its most probable class and probability).
    static func run(
        _ data: Trainer.Prepared, args: TrainingArgs, folds: Int,
        fit: ([Int]) throws(TrainingError) -> (Int) -> (index: Int, probability: Double)
    ) throws(TrainingError) -> Report {
        guard folds >= 2 else { throw .invalidArgs(["the number of folds must be at least 2 (got \(folds))"]) }
        var counts = [Int](repeating: 0, count: data.classes.count)
        for label in data.labels { counts[label] += 1 }
        guard let smallest = counts.min(), smallest >= folds else {
            throw .notEnoughData(
                "every class needs at least \(folds) rows for \(folds) folds; the smallest has \(counts.min() ?? 0)")
        }
        let kfold = StratifiedKFold(labels: data.labels, classCount: data.classes.count, foldCount: folds, seed: foldSeed)
        var outOfFold = [(index: Int, probability: Double)](repeating: (0, 0), count: data.rows.count)
        for fold in 0..<folds {
            let (train, test) = kfold.split(fold)
            let best = try fit(train)
            for row in test { outOfFold[row] = best(row) }
        }
        let cleaner = TextCleaner(lower: args.lower)
        let cleaned = data.rows.map { cleaner.clean($0.text) }
        var argmax: [Performance] = [], thresholded: [Performance] = []
        for fold in 0..<folds {
            let (train, test) = kfold.split(fold)
            let fit = ThresholdFit(
                best: train.map { outOfFold[$0] }, truth: train.map { data.labels[$0] }, classes: data.classes,
                quantile: args.thresholdQuantile)
            let otherIndex = data.classes.firstIndex(of: Tagging.otherTag)
            func performance(_ predicted: [Int]) -> Performance {
                PerformanceReport.performance(
                    truth: test.map { data.labels[$0] }, predicted: predicted, classes: data.classes,
                    cleanedTexts: test.map { cleaned[$0] })
            }
            argmax.append(performance(test.map { outOfFold[$0].index }))
            thresholded.append(performance(test.map {
                Tagging.index(of: outOfFold[$0], threshold: fit.threshold, otherIndex: otherIndex)
            }))
        }
        return Report(
            classes: data.classes, argmax: argmax, thresholded: thresholded, outOfFold: outOfFold, truth: data.labels)
    }
}
