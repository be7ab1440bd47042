import FoundationEssentials
import Glibc

/// A linear classifier trained by SGD on the multinomial log-loss with L2 regularisation.
///
/// Weights are kept as `scale * stored` so the L2 decay of every step costs one multiplication
/// instead of a pass over all weights, as scikit-learn's `SGDClassifier` does.
struct SoftmaxRegression {
    let classCount: Int
    let featureCount: Int
    private var stored: [Double]
    private var scale = 1.0
    private(set) var bias: [Double]

    init(classCount: Int, featureCount: Int) {
        self.classCount = classCount
        self.featureCount = featureCount
        stored = [Double](repeating: 0, count: classCount * featureCount)
        bias = [Double](repeating: 0, count: classCount)
    }

    /// The weight rows, one per class.
    var weights: [[Double]] {
        (0..<classCount).map { row in stored[(row * featureCount)..<((row + 1) * featureCount)].map { $0 * scale } }
    }

    /// The class probabilities of `vector`.
    func probabilities(_ vector: SparseVector) -> [Double] {
        var scores = bias
        for classIndex in 0..<classCount {
            let row = classIndex * featureCount
            var sum = 0.0
            for (index, value) in zip(vector.indices, vector.values) { sum += stored[row + Int(index)] * value }
            scores[classIndex] += sum * scale
        }
        scores.withUnsafeMutableBufferPointer { Softmax.normalize($0) }
        return scores
    }

    /// The mean log-loss over `vectors` with true classes `labels`.
    func logLoss(_ vectors: [SparseVector], _ labels: [Int]) -> Double {
        guard !vectors.isEmpty else { return 0 }
        let total = zip(vectors, labels).reduce(0.0) { sum, pair in
            sum - log(max(probabilities(pair.0)[pair.1], 1e-15))
        }
        return total / Double(vectors.count)
    }

    /// One SGD step on one example with step size `rate` and L2 strength `alpha`.
    mutating func step(_ vector: SparseVector, label: Int, rate: Double, alpha: Double) {
        let probabilities = probabilities(vector)
        scale *= 1 - rate * alpha
        if scale < 1e-9 { rescale() }
        for classIndex in 0..<classCount {
            let gradient = probabilities[classIndex] - (classIndex == label ? 1 : 0)
            let update = -rate * gradient / scale
            let row = classIndex * featureCount
            for (index, value) in zip(vector.indices, vector.values) { stored[row + Int(index)] += update * value }
            bias[classIndex] -= rate * gradient
        }
    }

    private mutating func rescale() {
        for index in stored.indices { stored[index] *= scale }
        scale = 1
    }
}
