/// A linear classifier over dense feature vectors (the transformer tier's sentence embeddings):
/// `softmax(W x + b)`, one weight row per class, in `Float` as the model folder stores it.
public struct DenseHead: Sendable, Equatable {
    public let classCount: Int
    public let dimension: Int
    /// The weight rows, class after class (`classCount × dimension`, row-major).
    public let weights: [Float]
    public let bias: [Float]

    /// A head of `bias.count` classes; `weights` must hold one row of `dimension` values per class.
    public init(weights: [Float], bias: [Float], dimension: Int) {
        precondition(weights.count == bias.count * dimension, "dense head shapes disagree")
        self.weights = weights
        self.bias = bias
        self.dimension = dimension
        classCount = bias.count
    }

    /// The most probable class of `vector` and its probability (the first on a tie).
    public func best(_ vector: [Float]) -> (index: Int, probability: Double) {
        precondition(vector.count == dimension, "a vector of \(vector.count) values for a head of \(dimension)")
        var scores = [Double](repeating: 0, count: classCount)
        for classIndex in 0..<classCount {
            var sum = Double(bias[classIndex])
            let base = classIndex * dimension
            for index in 0..<dimension { sum += Double(weights[base + index]) * Double(vector[index]) }
            scores[classIndex] = sum
        }
        scores.withUnsafeMutableBufferPointer { Softmax.normalize($0) }
        var winner = 0
        for index in scores.indices where scores[index] > scores[winner] { winner = index }
        return (winner, scores[winner])
    }
}

/// The threshold rule of a trained model, for tiers that score outside `TagifaiModel`.
public struct ThresholdRule: Sendable {
    let threshold: Double
    let otherIndex: Int?

    /// The rule of `args.threshold` over `classes` (no `other` class: plain argmax).
    public init(threshold: Double, classes: [String]) {
        self.threshold = threshold
        otherIndex = classes.firstIndex(of: Tagging.otherTag)
    }

    /// The class index a text is tagged with, given its most probable class.
    public func index(of best: (index: Int, probability: Double)) -> Int {
        Tagging.index(of: best, threshold: threshold, otherIndex: otherIndex)
    }
}
