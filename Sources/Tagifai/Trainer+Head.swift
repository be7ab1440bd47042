extension Trainer {
    /// A `DenseHead` trained on embeddings, with the recipe's threshold and cross-validated scores.
    public struct HeadOutcome: Sendable {
        public var head: DenseHead
        /// The recipe with the fitted `threshold` (0 when cross-validation dropped the rule).
        public var args: TrainingArgs
        public var classes: [String]
        /// The cross-validated scores under the rule the model ships with (`performance.json`).
        public var performance: Performance
        public var thresholdFit: ThresholdFit
        public var crossValidation: CrossValidation.Report
    }

    /// The transformer tier's recipe (`features: "minilm"`, `evaluation: "cv"`): embeds every
    /// row's text (title + " " + description) once with `embed`, scores a logistic regression head
    /// by `cv_folds`-fold cross-validation on those embeddings, keeps the threshold rule only if
    /// it helps (as `refit` does for the linear tier), and refits the head on every row.
    public static func trainHead(
        records: [ProjectRecord], args: TrainingArgs, embed: ([String]) -> [[Float]]
    ) throws(TrainingError) -> HeadOutcome {
        let (data, vectors) = try embedded(records, args: args, embed: embed)
        let report = try CrossValidation.run(data, args: args, folds: args.cvFolds, vectors: vectors)
        let thresholdFit = ThresholdFit(
            best: report.outOfFold, truth: report.truth, classes: data.classes, quantile: args.thresholdQuantile)
        var fitted = args
        fitted.threshold = report.thresholdHelps ? thresholdFit.threshold : 0
        var performance = report.performance(thresholded: report.thresholdHelps)
        performance.tier = TrainingArgs.Features.minilm.rawValue
        return HeadOutcome(
            head: fitHead(vectors, data.labels, rows: Array(data.rows.indices), classCount: data.classes.count, args: args),
            args: fitted, classes: data.classes, performance: performance, thresholdFit: thresholdFit,
            crossValidation: report)
    }

    /// The prepared rows (after `subset`, in file order) and each one's embedding as a dense vector.
    static func embedded(
        _ records: [ProjectRecord], args: TrainingArgs, embed: ([String]) -> [[Float]]
    ) throws(TrainingError) -> (Prepared, [SparseVector]) {
        var unused = SeededGenerator(seed: args.seed)
        let data = try prepare(records, args: args, shuffled: false, generator: &unused)
        let embeddings = embed(data.rows.map(\.text))
        precondition(embeddings.count == data.rows.count, "one embedding per text")
        let dimension = embeddings.first?.count ?? 0
        let indices = (0..<dimension).map { Int32($0) }
        return (data, embeddings.map { SparseVector(indices: indices, values: $0.map { Double($0) }) })
    }

    /// The logistic regression head (C, class_weight, tol, max_iter of `args`) fitted on `rows`.
    static func fitHead(
        _ vectors: [SparseVector], _ labels: [Int], rows: [Int], classCount: Int, args: TrainingArgs
    ) -> DenseHead {
        let dimension = vectors.first?.indices.count ?? 0
        let trainLabels = rows.map { labels[$0] }
        let classWeights = classWeights(trainLabels, classCount: classCount, args: args)
        let classifier = LogisticRegression(
            rows.map { vectors[$0] }, trainLabels, sampleWeights: trainLabels.map { classWeights[$0] },
            classCount: classCount, featureCount: dimension, c: args.c, tolerance: args.tol, maxIterations: args.maxIter)
        return DenseHead(
            weights: classifier.weights.flatMap { $0.map { Float($0) } }, bias: classifier.bias.map { Float($0) },
            dimension: dimension)
    }
}

extension CrossValidation {
    /// Cross-validates a head over embeddings (`features: "minilm"`, `tagifai train --cv K`):
    /// `embed` is called once, with every row's text, and the folds reuse its vectors.
    public static func run(
        records: [ProjectRecord], args: TrainingArgs, folds: Int, embed: ([String]) -> [[Float]]
    ) throws(TrainingError) -> Report {
        let (data, vectors) = try Trainer.embedded(records, args: args, embed: embed)
        return try run(data, args: args, folds: folds, vectors: vectors)
    }

    /// Each fold's head is fitted on the other folds' vectors and scores its rows in `Float`, as
    /// the served model does.
    static func run(_ data: Trainer.Prepared, args: TrainingArgs, folds: Int, vectors: [SparseVector]) throws(TrainingError) -> Report {
        let floats = vectors.map { $0.values.map { Float($0) } }
        return try run(data, args: args, folds: folds) { train throws(TrainingError) in
            let head = Trainer.fitHead(vectors, data.labels, rows: train, classCount: data.classes.count, args: args)
            return { head.best(floats[$0]) }
        }
    }
}
