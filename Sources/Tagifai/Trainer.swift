import FoundationEssentials
import Glibc

/// Trains a `TagifaiModel` with a recipe of `TrainingArgs`.
///
/// The lesson's steps: shuffle, take `subset`, map rare tags to `other`, split 70/15/15 by class,
/// fit char n-gram TF-IDF on the training split, oversample every class to the largest, run SGD
/// on the log-loss, choose `threshold` on the validation split (`ThresholdFit`), and score the
/// test split with the threshold rule. Other recipes change the features and the classifier
/// (`Trainer+Fit.swift`) or score by cross-validation and refit on every row.
public enum Trainer {
    /// The losses after one epoch.
    public struct EpochProgress: Sendable {
        public var epoch: Int
        public var trainLoss: Double
        public var validationLoss: Double
    }

    /// The file the records came from: its SHA-256 and row count, kept in the manifest.
    public struct DatasetFingerprint: Sendable {
        public var sha256: String
        public var rows: Int

        public init(sha256: String, rows: Int) {
            self.sha256 = sha256
            self.rows = rows
        }
    }

    /// A trained model, how its threshold was chosen, and its test-split scores without the
    /// threshold rule.
    public struct Outcome: Sendable {
        /// The model; its `performance` applies the threshold rule, as the lesson reports it.
        public var model: TagifaiModel
        /// The threshold and the validation split's weighted F1 with and without it.
        public var thresholdFit: ThresholdFit
        /// The same test split scored by plain argmax.
        public var argmaxPerformance: Performance
        /// The cross-validation the scores come from (`evaluation: "cv"`), nil for a split.
        public var crossValidation: CrossValidation.Report? = nil
    }

    /// Trains on `records` with `args`, calling `progress` after each SGD epoch.
    ///
    /// With `evaluation: "split"` (the lesson) it scores the model on the held-out test split;
    /// with `"cv"` it scores the recipe by cross-validation and refits on every row
    /// (`Trainer+Refit.swift`).
    public static func train(
        records: [ProjectRecord], args: TrainingArgs, dataset: DatasetFingerprint,
        progress: @escaping (EpochProgress) -> Void = { _ in }
    ) throws(TrainingError) -> Outcome {
        if args.evaluation == TrainingArgs.Evaluation.cv.rawValue {
            return try refit(records: records, args: args, dataset: dataset)
        }
        var generator = SeededGenerator(seed: args.seed)
        let data = try prepare(records, args: args, shuffled: args.shuffle, generator: &generator)
        let (rows, classes, labels) = (data.rows, data.classes, data.labels)
        let split = StratifiedSplit(labels: labels, classCount: classes.count)
        guard Set(split.train.map { labels[$0] }).count == classes.count, !split.validation.isEmpty, !split.test.isEmpty
        else {
            throw .notEnoughData("each class needs examples in the train, validation and test splits (\(rows.count) rows)")
        }
        let scorer = try fitScorer(
            data, train: split.train, validation: split.validation, args: args, generator: &generator, progress: progress)
        let validationLabels = split.validation.map { labels[$0] }
        let thresholdFit = ThresholdFit(
            best: split.validation.map { scorer.best(rows[$0].text) }, truth: validationLabels, classes: classes,
            quantile: args.thresholdQuantile)
        var fitted = args
        fitted.threshold = thresholdFit.threshold
        let manifest = self.manifest(for: scorer, dataset: dataset)
        let unscored = TagifaiModel(scorer: scorer, args: fitted, performance: .empty, classes: classes, manifest: manifest)
        let test = split.test.map { rows[$0] }
        return Outcome(
            model: TagifaiModel(
                scorer: scorer, args: fitted, performance: unscored.evaluate(test), classes: classes, manifest: manifest),
            thresholdFit: thresholdFit,
            argmaxPerformance: unscored.evaluate(test, applyingThreshold: false))
    }

    /// The manifest of a freshly trained `model.bin`.
    static func manifest(for scorer: LinearScorer, dataset: DatasetFingerprint) -> ModelManifest {
        ModelManifest(
            formatVersion: ModelManifest.currentFormatVersion, datasetSHA256: dataset.sha256,
            datasetRows: dataset.rows, createdAt: Date().formatted(.iso8601),
            modelVersion: ModelManifest.version(of: scorer.bytes.buffer))
    }

    /// Runs `num_epochs` passes of SGD in a seeded order, reporting both losses after each when
    /// there is a `progress` to report to.
    static func fit(
        _ vectors: [SparseVector], _ labels: [Int], validation: ([SparseVector], [Int]), classCount: Int,
        featureCount: Int, args: TrainingArgs, generator: inout SeededGenerator, progress: ((EpochProgress) -> Void)?
    ) -> SoftmaxRegression {
        var classifier = SoftmaxRegression(classCount: classCount, featureCount: featureCount)
        var order = Array(vectors.indices)
        for epoch in 0..<args.numEpochs {
            let rate = args.learningRate / pow(Double(epoch + 1), args.powerT)
            generator.shuffle(&order)
            for index in order {
                classifier.step(vectors[index], label: labels[index], rate: rate, alpha: args.alpha)
            }
            progress?(EpochProgress(
                epoch: epoch + 1, trainLoss: classifier.logLoss(vectors, labels),
                validationLoss: classifier.logLoss(validation.0, validation.1)))
        }
        return classifier
    }

    /// The training rows with each class topped up to the largest class by drawing its own rows
    /// again at random (imbalanced-learn's `RandomOverSampler(sampling_strategy="all")`).
    static func oversample(
        _ rows: [Int], labels: [Int], classCount: Int, generator: inout SeededGenerator
    ) -> [Int] {
        let byClass = (0..<classCount).map { label in rows.filter { labels[$0] == label } }
        let largest = byClass.map(\.count).max() ?? 0
        var result = rows
        for members in byClass where !members.isEmpty {
            for _ in members.count..<largest { result.append(members[generator.next(below: members.count)]) }
        }
        return result
    }
}
