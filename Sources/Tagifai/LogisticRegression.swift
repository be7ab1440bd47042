import FoundationEssentials
import Glibc

/// Multinomial logistic regression with L2 regularisation, solved to convergence by L-BFGS, as
/// scikit-learn's `LogisticRegression(solver="lbfgs", C=c)` solves it.
///
/// Minimises (1/S) Σ sᵢ·(−log softmax(W xᵢ + b)[yᵢ]) + ‖W‖² / (2·C·S), where sᵢ is row i's weight
/// and S their sum; the intercepts `b` are not penalised.
struct LogisticRegression {
    let classCount: Int
    let featureCount: Int
    /// The weight rows, one per class.
    private(set) var weights: [[Double]]
    private(set) var bias: [Double]
    /// The L-BFGS iterations the fit took.
    private(set) var iterations = 0

    /// Fits on `vectors` with classes `labels` and per-row weights `sampleWeights`.
    init(
        _ vectors: [SparseVector], _ labels: [Int], sampleWeights: [Double], classCount: Int, featureCount: Int,
        c: Double, tolerance: Double, maxIterations: Int
    ) {
        self.classCount = classCount
        self.featureCount = featureCount
        let solver = LBFGS(gradientTolerance: tolerance, maxIterations: maxIterations)
        let start = [Double](repeating: 0, count: classCount * (featureCount + 1))
        let result = solver.minimize(from: start) {
            Self.objective($0, vectors, labels, sampleWeights, classCount: classCount, featureCount: featureCount, c: c)
        }
        weights = (0..<classCount).map { Array(result.point[($0 * featureCount)..<(($0 + 1) * featureCount)]) }
        bias = Array(result.point[(classCount * featureCount)...])
        iterations = result.iterations
    }

    /// The objective's value and gradient at `point` (the weight rows, then the biases).
    static func objective(
        _ point: [Double], _ vectors: [SparseVector], _ labels: [Int], _ sampleWeights: [Double], classCount: Int,
        featureCount: Int, c: Double
    ) -> (value: Double, gradient: [Double]) {
        let total = sampleWeights.reduce(0, +)
        var gradient = [Double](repeating: 0, count: point.count)
        var value = 0.0
        var scores = [Double](repeating: 0, count: classCount)
        let biasOffset = classCount * featureCount
        for (row, vector) in vectors.enumerated() {
            for classIndex in 0..<classCount {
                var sum = point[biasOffset + classIndex]
                let base = classIndex * featureCount
                for (index, x) in zip(vector.indices, vector.values) { sum += point[base + Int(index)] * x }
                scores[classIndex] = sum
            }
            let largest = scores.max()!
            let logNormaliser = largest + log(scores.reduce(0) { $0 + exp($1 - largest) })
            let weight = sampleWeights[row] / total
            value += weight * (logNormaliser - scores[labels[row]])
            for classIndex in 0..<classCount {
                let residual = weight * (exp(scores[classIndex] - logNormaliser) - (classIndex == labels[row] ? 1 : 0))
                let base = classIndex * featureCount
                for (index, x) in zip(vector.indices, vector.values) { gradient[base + Int(index)] += residual * x }
                gradient[biasOffset + classIndex] += residual
            }
        }
        let penalty = 1 / (c * total)
        for index in 0..<biasOffset {
            value += 0.5 * penalty * point[index] * point[index]
            gradient[index] += penalty * point[index]
        }
        return (value, gradient)
    }
}
