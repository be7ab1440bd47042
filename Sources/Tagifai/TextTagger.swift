/// A loaded model of either tier, as serving, `predict` and `evaluate` use it: the folder's
/// documents and a function from texts (title + " " + description) to tags.
public protocol TextTagger: Sendable {
    /// The training arguments, `threshold` included (`args.json`).
    var args: TrainingArgs { get }
    /// The cross-validated or test-split scores (`performance.json`).
    var performance: Performance { get }
    /// The class names, in the order of the model's outputs (`labels.json`).
    var classes: [String] { get }
    /// Where the model came from (`manifest.json`).
    var manifest: ModelManifest { get }
    /// The tag of each text, in order, with the threshold rule applied.
    func tags(for texts: [String]) -> [String]
    /// Scores the model on labelled records; tags outside `classes` count as `other`.
    func evaluate(_ records: [ProjectRecord]) -> Performance
}

extension TextTagger {
    /// The tier's name: `"minilm"` for the transformer tier, `"linear"` otherwise.
    public var tier: String { args.usesMiniLM ? TrainingArgs.Features.minilm.rawValue : "linear" }

    /// Scores `tags(for:)` on the records.
    public func evaluate(_ records: [ProjectRecord]) -> Performance {
        let texts = records.map(\.text)
        let cleaner = TextCleaner(lower: args.lower)
        return PerformanceReport.performance(
            truth: records.map { Tagging.index(of: $0.tag, in: classes) },
            predicted: tags(for: texts).map { Tagging.index(of: $0, in: classes) }, classes: classes,
            cleanedTexts: texts.map { cleaner.clean($0) })
    }
}

extension TagifaiModel: TextTagger {
    public func tags(for texts: [String]) -> [String] {
        predict(texts)
    }

    public func evaluate(_ records: [ProjectRecord]) -> Performance {
        evaluate(records, applyingThreshold: true)
    }
}
