/// How raw tags become the model's classes.
enum Tagging {
    /// The class for rare and unknown tags.
    static let otherTag = "other"

    /// The classes for `tags` under `minFreq`: every tag with at least `minFreq` examples, plus
    /// `other`, sorted by name (the order of scikit-learn's label encoder).
    static func classes(of tags: [String], minFreq: Int) -> [String] {
        var counts: [String: Int] = [:]
        for tag in tags { counts[tag, default: 0] += 1 }
        let kept = counts.filter { $0.value >= minFreq && $0.key != otherTag }.map(\.key)
        return (kept + [otherTag]).sorted()
    }

    /// The index of `tag` among `classes`, with tags outside them counted as `other`.
    static func index(of tag: String, in classes: [String]) -> Int {
        classes.firstIndex(of: tag) ?? classes.firstIndex(of: otherTag)!
    }

    /// The class a text is tagged with: its most probable class, or `otherIndex` when that
    /// class's probability does not exceed `threshold` (the lesson's `custom_predict`).
    static func index(
        of best: (index: Int, probability: Double), threshold: Double, otherIndex: Int?
    ) -> Int {
        guard let otherIndex, best.probability <= threshold else { return best.index }
        return otherIndex
    }
}
