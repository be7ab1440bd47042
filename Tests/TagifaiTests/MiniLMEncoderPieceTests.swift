import Foundation
import Testing
@testable import TagifaiMiniLM

/// The encoder's pieces on inputs small enough that the expected values are their formulas.
@Suite struct MiniLMEncoderPieceTests {
    func close(_ a: [Float], _ b: [Double], tolerance: Double = 1e-5) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs(Double($0) - $1) <= tolerance * max(1, abs($1)) }
    }

    @Test func layerNormCentresScalesAndShifts() {
        let norm = LayerNorm(weight: [1, 2, 1, 1], bias: [0, 0, 0.5, 0], epsilon: 1e-12)
        var values: [Float] = [1, 2, 3, 4, 10, 10, 10, 10]
        values.withUnsafeMutableBufferPointer { norm.apply($0.baseAddress!, rows: 2) }
        let scale = 1 / 1.25.squareRoot()  // mean 2.5, biased variance 1.25
        #expect(close(Array(values[0..<4]), [-1.5 * scale, 2 * -0.5 * scale, 0.5 * scale + 0.5, 1.5 * scale]))
        #expect(close(Array(values[4..<8]), [0, 0, 0.5, 0]))  // a constant row is all bias
    }

    @Test func geluIsTheErfForm() {
        let inputs: [Float] = [-3, -1, -0.5, 0, 0.5, 1, 3]
        var values = inputs
        values.withUnsafeMutableBufferPointer { GELU.apply($0.baseAddress!, count: $0.count) }
        #expect(close(values, inputs.map { 0.5 * Double($0) * (1 + erf(Double($0) / 2.0.squareRoot())) }, tolerance: 1e-6))
    }

    /// The eight-lane `erf` within 5e-7 of the double-precision one from -12 to 12 in steps of 0.001.
    @Test func erfStaysWithinItsBoundEverywhere() {
        let inputs = (0..<24_001).map { Float(-12 + Double($0) * 0.001) }
        let worst = stride(from: 0, to: inputs.count - 8, by: 8).map { start in
            let lanes = GELU.erf(SIMD8(inputs[start..<start + 8]))
            return (0..<8).map { abs(Double(lanes[$0]) - erf(Double(inputs[start + $0]))) }.max()!
        }.max()!
        #expect(worst < 5e-7)
    }

    /// Counts that are no multiple of eight: the last values take the short path and get what the
    /// eight-lane path gives them.
    @Test func geluGivesTheSameValuesWhateverTheCount() {
        let inputs: [Float] = (0..<16).map { Float($0) * 0.37 - 3 }
        var whole = inputs
        whole.withUnsafeMutableBufferPointer { GELU.apply($0.baseAddress!, count: 16) }
        for count in [1, 7, 9, 13] {
            var part = inputs
            part.withUnsafeMutableBufferPointer { GELU.apply($0.baseAddress!, count: count) }
            #expect(Array(part[..<count]) == Array(whole[..<count]) && Array(part[count...]) == Array(inputs[count...]))
        }
    }

    @Test func softmaxSumsToOneAndSurvivesLargeValues() {
        var values: [Float] = [1, 2, 3, 1000, 1001]
        values.withUnsafeMutableBufferPointer { ScaledDotProductAttention.softmax($0.baseAddress!, count: 3) }
        let sum = exp(1.0) + exp(2.0) + exp(3.0)
        #expect(close(Array(values[0..<3]), [exp(1.0) / sum, exp(2.0) / sum, exp(3.0) / sum]))
        values.withUnsafeMutableBufferPointer { ScaledDotProductAttention.softmax($0.baseAddress! + 3, count: 2) }
        #expect(close(Array(values[3..<5]), [1 / (1 + exp(1.0)), exp(1.0) / (1 + exp(1.0))]))
    }

    /// Two heads of size 2 over rows of stride 5 (one unused column), two real rows of three.
    @Test func attentionMixesValuesByScaledDotProductsPerHead() {
        let stride = 5
        let q: [Float] = [1, 0, 0, 2, 9, 0, 1, 1, 1, 9, 7, 7, 7, 7, 7]
        let k: [Float] = [1, 1, 2, 0, 9, 0, 2, 0, 1, 9, 7, 7, 7, 7, 7]
        let v: [Float] = [1, 2, 3, 4, 9, 5, 6, 7, 8, 9, 7, 7, 7, 7, 7]
        var context = [Float](repeating: -1, count: 15)
        var scores = [Float](repeating: 0, count: 9)
        context.withUnsafeMutableBufferPointer { context in
            scores.withUnsafeMutableBufferPointer { scores in
                ScaledDotProductAttention.attend(
                    queries: q, keys: k, values: v, length: 2, heads: 2, headSize: 2, stride: stride,
                    context: context.baseAddress!, scores: scores.baseAddress!
                )
            }
        }
        for head in 0..<2 {
            for row in 0..<2 {
                let logits = (0..<2).map { key in
                    (0..<2).reduce(0.0) { $0 + Double(q[row * stride + head * 2 + $1] * k[key * stride + head * 2 + $1]) } / 2.0.squareRoot()
                }
                let weights = logits.map { exp($0) / logits.map(exp).reduce(0, +) }
                let expected = (0..<2).map { column in
                    (0..<2).reduce(0.0) { $0 + weights[$1] * Double(v[$1 * stride + head * 2 + column]) }
                }
                #expect(close(Array(context[(row * stride + head * 2)..<(row * stride + head * 2 + 2)]), expected))
            }
        }
        #expect(context[4] == -1 && context[10...].allSatisfy { $0 == -1 })  // neither the spare column nor the padding row is written
    }

    @Test func denseLayerMultipliesByTheTransposedWeightAndAddsTheBias() {
        let layer = DenseLayer(weight: [1, 2, 3, 4, 5, 6], bias: [0.5, -1], inputs: 3, outputs: 2)
        let input: [Float] = [1, 0, -1, 2, 1, 0]
        var output = [Float](repeating: 0, count: 4)
        output.withUnsafeMutableBufferPointer { layer.apply(input, rows: 2, into: $0.baseAddress!) }
        let expected: [Float] = [-1.5, -3, 4.5, 12]  // [1·1 − 3 + 0.5, 4 − 6 − 1, 2 + 2 + 0.5, 8 + 5 − 1]
        #expect(output == expected)
    }

    @Test func poolingAveragesTheRealRowsAndScalesToUnitLength() {
        let hidden: [Float] = [9, 9, 1, 2, 3, 6, 9, 9]
        let pooled = MiniLMEncoder.meanPooledUnitVector(hidden, first: 1, length: 2, width: 2)
        let norm = (4.0 + 16.0).squareRoot()
        #expect(close(pooled, [2 / norm, 4 / norm]))
        #expect(MiniLMEncoder.meanPooledUnitVector([0, 0], first: 0, length: 1, width: 2) == [0, 0])
    }
}
