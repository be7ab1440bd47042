extension TagifaiModel {
    /// Scores the model on labelled records; tags outside `classes` count as `other`.
    public func evaluate(_ records: [ProjectRecord]) -> Performance {
        let cleaner = TextCleaner(lower: args.lower)
        let texts = records.map(\.text)
        return PerformanceReport.performance(
            truth: records.map { Tagging.index(of: $0.tag, in: classes) },
            predicted: texts.map { predictedIndex($0) },
            classes: classes,
            cleanedTexts: texts.map { cleaner.clean($0) })
    }
}
