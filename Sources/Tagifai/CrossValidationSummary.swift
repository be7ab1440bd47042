/// How cross-validated scores were measured: the `cross_validation` section of `performance.json`.
public struct CrossValidationSummary: Codable, Sendable, Equatable {
    /// A sentence saying what the figures are.
    public var method: String
    public var folds: Int
    /// The weighted F1 of each fold under the shipped rule, and their mean and standard deviation.
    public var foldF1: [Double]
    public var f1Mean: Double
    public var f1Std: Double
    /// Each class's F1 standard deviation over the folds (its mean is in `class`).
    public var classF1Std: [String: Double]
    /// The mean weighted F1 by plain argmax and with the cross-fitted threshold rule.
    public var argmaxF1Mean: Double
    public var thresholdRuleF1Mean: Double
    /// Whether the model applies the threshold rule: only when cross-validation shows it helps.
    public var thresholdRuleKept: Bool

    enum CodingKeys: String, CodingKey {
        case method, folds
        case foldF1 = "fold_f1"
        case f1Mean = "f1_mean"
        case f1Std = "f1_std"
        case classF1Std = "class_f1_std"
        case argmaxF1Mean = "argmax_f1_mean"
        case thresholdRuleF1Mean = "threshold_rule_f1_mean"
        case thresholdRuleKept = "threshold_rule_kept"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(method, forKey: .method)
        try container.encode(folds, forKey: .folds)
        try container.encode(foldF1, forKey: .foldF1)
        try container.encode(f1Mean, forKey: .f1Mean)
        try container.encode(f1Std, forKey: .f1Std)
        var classes = container.nestedContainer(keyedBy: NameKey.self, forKey: .classF1Std)
        for name in classF1Std.keys.sorted() { try classes.encode(classF1Std[name], forKey: NameKey(name)) }
        try container.encode(argmaxF1Mean, forKey: .argmaxF1Mean)
        try container.encode(thresholdRuleF1Mean, forKey: .thresholdRuleF1Mean)
        try container.encode(thresholdRuleKept, forKey: .thresholdRuleKept)
    }
}

extension CrossValidation.Report {
    /// The folds' scores under `rule` as one `Performance`: `overall` and `class` are means over
    /// the folds (`num_samples` their totals), `slices` pooled over them, plus the summary.
    public func performance(thresholded rule: Bool) -> Performance {
        let folds = rule ? thresholded : argmax
        func mean(_ metrics: [Performance.Metrics]) -> Performance.Metrics {
            .init(
                precision: Self.mean(metrics.map(\.precision)), recall: Self.mean(metrics.map(\.recall)),
                f1: Self.mean(metrics.map(\.f1)), numSamples: metrics.reduce(0) { $0 + $1.numSamples })
        }
        func pooled(_ metrics: [Performance.Metrics]) -> Performance.Metrics {
            let total = metrics.reduce(0) { $0 + $1.numSamples }
            let accuracy = metrics.reduce(0.0) { $0 + $1.f1 * Double($1.numSamples) } / Double(max(total, 1))
            return .init(precision: accuracy, recall: accuracy, f1: accuracy, numSamples: total)
        }
        let perClass = Dictionary(uniqueKeysWithValues: classes.map { name in
            (name, mean(folds.compactMap { $0.perClass[name] }))
        })
        let sliceNames = Set(folds.flatMap(\.slices.keys))
        let slices = Dictionary(uniqueKeysWithValues: sliceNames.map { name in
            (name, pooled(folds.compactMap { $0.slices[name] }))
        })
        let f1 = Self.meanAndDeviation(folds.map(\.overall.f1))
        let summary = CrossValidationSummary(
            method: "stratified \(folds.count)-fold cross-validation (shuffled folds, seed \(CrossValidation.foldSeed)) "
                + "over all \(truth.count) rows: overall and class are means over the folds, slices are pooled over "
                + "them; the served model is refitted on all the rows",
            folds: folds.count, foldF1: folds.map(\.overall.f1), f1Mean: f1.mean, f1Std: f1.deviation,
            classF1Std: Dictionary(uniqueKeysWithValues: classes.map { name in
                (name, Self.meanAndDeviation(folds.compactMap { $0.perClass[name]?.f1 }).deviation)
            }),
            argmaxF1Mean: Self.mean(argmax.map(\.overall.f1)), thresholdRuleF1Mean: Self.mean(thresholded.map(\.overall.f1)),
            thresholdRuleKept: rule)
        var performance = Performance(overall: mean(folds.map(\.overall)), perClass: perClass, slices: slices)
        performance.crossValidation = summary
        return performance
    }
}
