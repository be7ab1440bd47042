extension TagifaiModel {
    /// Scores the model on labelled records; tags outside `classes` count as `other`.
    ///
    /// With `applyingThreshold` false, each text gets its most probable class (plain argmax), which
    /// shows what the threshold rule costs.
    public func evaluate(_ records: [ProjectRecord], applyingThreshold: Bool = true) -> Performance {
        let cleaner = TextCleaner(lower: args.lower)
        let texts = records.map(\.text)
        return PerformanceReport.performance(
            truth: records.map { Tagging.index(of: $0.tag, in: classes) },
            predicted: texts.map { predictedIndex($0, applyingThreshold: applyingThreshold) },
            classes: classes,
            cleanedTexts: texts.map { cleaner.clean($0) })
    }
}
