import FoundationEssentials

/// The trained TagIfAI classifier: tags a project's text as one of its `classes`.
///
/// Load it once per process with `load(from:)`; `predict` is safe to call from many threads at
/// once (the model holds no mutable state, and the weights are a private copy of the file, read once).
public final class TagifaiModel: Sendable {
    /// The training arguments, `threshold` included (`args.json`).
    public let args: TrainingArgs
    /// The scores on the held-out test split, or cross-validated (`performance.json`).
    public let performance: Performance
    /// The class names, in the order of the model's outputs (`labels.json`).
    public let classes: [String]
    /// Where the model came from (`manifest.json`).
    public let manifest: ModelManifest
    let scorer: LinearScorer
    private let threshold: Double
    private let otherIndex: Int?

    init(scorer: LinearScorer, args: TrainingArgs, performance: Performance, classes: [String], manifest: ModelManifest) {
        self.scorer = scorer
        self.args = args
        self.performance = performance
        self.classes = classes
        self.manifest = manifest
        threshold = args.threshold ?? 0
        otherIndex = classes.firstIndex(of: Tagging.otherTag)
    }

    /// The tag of one raw text (title + " " + description).
    ///
    /// The most probable class, or `other` when its probability does not exceed `args.threshold`
    /// (the lesson's `custom_predict`) or when none of the text's n-grams is in the vocabulary (an empty text, say).
    public func predict(_ text: String) -> String {
        classes[predictedIndex(text)]
    }

    /// The tag of each raw text, in order.
    public func predict(_ texts: [String]) -> [String] {
        texts.map { predict($0) }
    }

    /// The probability of each class for one raw text, before the threshold rule.
    public func probabilities(_ text: String) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: zip(classes, scorer.probabilities(text)))
    }

    func predictedIndex(_ text: String, applyingThreshold: Bool = true) -> Int {
        let best = scorer.best(text)
        return applyingThreshold ? Tagging.index(of: best, threshold: threshold, otherIndex: otherIndex) : best.index
    }
}
