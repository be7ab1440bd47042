extension Trainer {
    /// `evaluation: "cv"`: scores the recipe by `cv_folds`-fold cross-validation, keeps the
    /// threshold rule only if it raised the cross-validated F1 (choosing the threshold on all the
    /// out-of-fold predictions), and refits the recipe on every row.
    static func refit(
        records: [ProjectRecord], args: TrainingArgs, dataset: DatasetFingerprint
    ) throws(TrainingError) -> Outcome {
        var generator = SeededGenerator(seed: args.seed)
        let data = try prepare(records, args: args, shuffled: false, generator: &generator)
        let report = try CrossValidation.run(data, args: args, folds: args.cvFolds)
        let thresholdFit = ThresholdFit(
            best: report.outOfFold, truth: report.truth, classes: data.classes, quantile: args.thresholdQuantile)
        var fitted = args
        fitted.threshold = report.thresholdHelps ? thresholdFit.threshold : 0
        generator = SeededGenerator(seed: args.seed)
        let scorer = try fitScorer(data, train: Array(data.rows.indices), args: args, generator: &generator)
        let model = TagifaiModel(
            scorer: scorer, args: fitted, performance: report.performance(thresholded: report.thresholdHelps),
            classes: data.classes, manifest: manifest(for: scorer, dataset: dataset))
        return Outcome(
            model: model, thresholdFit: thresholdFit, argmaxPerformance: report.performance(thresholded: false),
            crossValidation: report)
    }
}
