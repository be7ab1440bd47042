import Foundation
import Testing
@testable import Tagifai

/// The two classifiers beyond the lesson's, checked against their optimality conditions and a
/// case solved by hand.
@Suite struct LinearClassifierTests {
    private static func vector(_ pairs: [(Int32, Double)]) -> SparseVector {
        SparseVector(indices: pairs.map(\.0), values: pairs.map(\.1))
    }

    /// Three classes over four features, overlapping so no weight can grow without bound.
    private static let vectors = [
        vector([(0, 1), (1, 0.5)]), vector([(0, 0.8), (2, 0.6)]), vector([(1, 1)]),
        vector([(1, 0.7), (2, 0.7)]), vector([(2, 1), (3, 0.3)]), vector([(0, 0.3), (3, 1)]),
        vector([(0, 0.6), (1, 0.8)]), vector([(3, 0.9), (2, 0.4)]),
    ]
    private static let labels = [0, 0, 1, 1, 2, 2, 1, 2]

    @Test func logisticRegressionStopsWhereItsGradientIsZero() {
        let weights: [Double] = [1, 2, 1, 1, 0.5, 1, 2, 1]
        let c = 5.0
        let model = LogisticRegression(
            Self.vectors, Self.labels, sampleWeights: weights, classCount: 3, featureCount: 4, c: c, tolerance: 1e-9,
            maxIterations: 500)
        // KKT written out independently of the solver: with r = sᵢ(pᵢ − e_yᵢ) summed over rows,
        // Σ r = 0 for the unpenalised biases and W / C + Σ r xᵢ = 0 for the weights.
        var biasGradient = [Double](repeating: 0, count: 3)
        var weightGradient = model.weights.map { $0.map { $0 / c } }
        for (row, vector) in Self.vectors.enumerated() {
            var scores = model.bias
            for k in 0..<3 { for (i, x) in zip(vector.indices, vector.values) { scores[k] += model.weights[k][Int(i)] * x } }
            let total = scores.map { exp($0) }.reduce(0, +)
            for k in 0..<3 {
                let residual = weights[row] * (exp(scores[k]) / total - (k == Self.labels[row] ? 1 : 0))
                biasGradient[k] += residual
                for (i, x) in zip(vector.indices, vector.values) { weightGradient[k][Int(i)] += residual * x }
            }
        }
        #expect(biasGradient.allSatisfy { abs($0) < 1e-6 }, "\(biasGradient)")
        #expect(weightGradient.joined().allSatisfy { abs($0) < 1e-6 }, "\(weightGradient)")
        #expect(model.weights.joined().contains { abs($0) > 0.1 })
    }

    @Test func logisticRegressionGradientMatchesFiniteDifferences() {
        let point = (0..<15).map { Double($0 % 5) * 0.1 - 0.2 }
        let sampleWeights = [Double](repeating: 1, count: Self.vectors.count)
        func value(_ point: [Double]) -> Double {
            LogisticRegression.objective(point, Self.vectors, Self.labels, sampleWeights, classCount: 3, featureCount: 4, c: 2).value
        }
        let gradient = LogisticRegression.objective(
            point, Self.vectors, Self.labels, sampleWeights, classCount: 3, featureCount: 4, c: 2).gradient
        for index in point.indices {
            var up = point, down = point
            up[index] += 1e-6
            down[index] -= 1e-6
            #expect(abs((value(up) - value(down)) / 2e-6 - gradient[index]) < 1e-7)
        }
    }

    @Test func linearSVMSolvesTheSymmetricCaseByHand() {
        // x = +1 (class 1) and x = −1 (class 0), C = 1. By symmetry the bias is 0, and
        // ½w² + 2C(1 − w)² is least at w = 4C / (1 + 4C) = 0.8; αᵢ = 2C(1 − w) = 0.4.
        var generator = SeededGenerator(seed: 1)
        let model = LinearSVM(
            [Self.vector([(0, 1)]), Self.vector([(0, -1)])], [1, 0], classWeights: [1, 1], classCount: 2, featureCount: 1,
            c: 1, tolerance: 1e-10, maxPasses: 10_000, generator: &generator)
        #expect(abs(model.weights[1][0] - 0.8) < 1e-8)
        #expect(abs(model.bias[1]) < 1e-8)
        #expect(abs(model.weights[0][0] + 0.8) < 1e-8)
        #expect(model.duals[1].allSatisfy { abs($0 - 0.4) < 1e-8 })
    }

    @Test func linearSVMDualIsFeasibleAndMatchesItsPrimal() {
        var generator = SeededGenerator(seed: 3)
        let c = 0.7
        let classWeights = [1.0, 2.0, 0.5]
        let model = LinearSVM(
            Self.vectors, Self.labels, classWeights: classWeights, classCount: 3, featureCount: 4, c: c,
            tolerance: 1e-10, maxPasses: 100_000, generator: &generator)
        for k in 0..<3 {
            let alpha = model.duals[k]
            #expect(alpha.allSatisfy { $0 >= 0 })
            // w = Σ αᵢyᵢx̂ᵢ (the bias is the weight of the appended constant 1).
            var w = [Double](repeating: 0, count: 5)
            for (row, vector) in Self.vectors.enumerated() {
                let sign = Self.labels[row] == k ? 1.0 : -1.0
                for (i, x) in zip(vector.indices, vector.values) { w[Int(i)] += alpha[row] * sign * x }
                w[4] += alpha[row] * sign
            }
            #expect(zip(w, model.weights[k] + [model.bias[k]]).allSatisfy { abs($0 - $1) < 1e-8 })
            // Optimality of the squared hinge: αᵢ = 2Cᵢ·max(0, 1 − yᵢ w·x̂ᵢ).
            for (row, vector) in Self.vectors.enumerated() {
                let sign = Self.labels[row] == k ? 1.0 : -1.0
                let cost = Self.labels[row] == k ? c * classWeights[k] : c
                var margin = w[4]
                for (i, x) in zip(vector.indices, vector.values) { margin += w[Int(i)] * x }
                #expect(abs(alpha[row] - 2 * cost * max(0, 1 - sign * margin)) < 1e-6)
            }
        }
    }

    @Test func balancedClassWeightsFollowScikitLearn() {
        var args = TrainingArgs()
        #expect(Trainer.classWeights([0, 0, 0, 1], classCount: 2, args: args) == [1, 1])
        args.classWeight = "balanced"
        // n / (classes · count): 4 / (2 · 3) and 4 / (2 · 1).
        #expect(Trainer.classWeights([0, 0, 0, 1], classCount: 2, args: args) == [4.0 / 6, 2])
    }
}
