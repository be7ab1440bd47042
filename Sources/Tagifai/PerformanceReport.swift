/// Computes `Performance` from true and predicted classes, the way the lesson's `get_metrics` does.
enum PerformanceReport {
    /// The recipe's data slices: a name and whether a (cleaned text, true class) belongs to it.
    static let slices: [(name: String, contains: @Sendable (String, String) -> Bool)] = [
        ("nlp_cnn", { text, tag in
            tag == "natural-language-processing"
                && (text.split(separator: " ").contains { $0 == "cnn" || $0 == "cnns" } || text.contains("convolution"))
        }),
        ("short_text", { text, _ in text.split(separator: " ").count < 8 }),
    ]

    /// Weighted overall scores, per-class scores and micro-averaged scores per non-empty slice.
    static func performance(truth: [Int], predicted: [Int], classes: [String], cleanedTexts: [String]) -> Performance {
        let (overall, perClass) = scores(truth: truth, predicted: predicted, classes: classes)
        var sliceMetrics: [String: Performance.Metrics] = [:]
        for slice in slices {
            let members = truth.indices.filter { slice.contains(cleanedTexts[$0], classes[truth[$0]]) }
            guard !members.isEmpty else { continue }
            let accuracy = Double(members.filter { truth[$0] == predicted[$0] }.count) / Double(members.count)
            sliceMetrics[slice.name] = .init(precision: accuracy, recall: accuracy, f1: accuracy, numSamples: members.count)
        }
        return Performance(overall: overall, perClass: perClass, slices: sliceMetrics)
    }

    /// The scores weighted by class support, and each class's own scores.
    static func scores(
        truth: [Int], predicted: [Int], classes: [String]
    ) -> (overall: Performance.Metrics, perClass: [String: Performance.Metrics]) {
        var perClass: [String: Performance.Metrics] = [:]
        var overall = Performance.Metrics(precision: 0, recall: 0, f1: 0, numSamples: truth.count)
        for (classIndex, name) in classes.enumerated() {
            let metrics = classMetrics(classIndex, truth: truth, predicted: predicted)
            perClass[name] = metrics
            let weight = truth.isEmpty ? 0 : Double(metrics.numSamples) / Double(truth.count)
            overall.precision += weight * metrics.precision
            overall.recall += weight * metrics.recall
            overall.f1 += weight * metrics.f1
        }
        return (overall, perClass)
    }

    private static func classMetrics(_ classIndex: Int, truth: [Int], predicted: [Int]) -> Performance.Metrics {
        var truePositives = 0, falsePositives = 0, falseNegatives = 0
        for (actual, guess) in zip(truth, predicted) {
            if guess == classIndex && actual == classIndex { truePositives += 1 }
            else if guess == classIndex { falsePositives += 1 }
            else if actual == classIndex { falseNegatives += 1 }
        }
        let precision = ratio(truePositives, truePositives + falsePositives)
        let recall = ratio(truePositives, truePositives + falseNegatives)
        let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
        return .init(precision: precision, recall: recall, f1: f1, numSamples: truePositives + falseNegatives)
    }

    private static func ratio(_ numerator: Int, _ denominator: Int) -> Double {
        denominator == 0 ? 0 : Double(numerator) / Double(denominator)
    }
}
