/// Layer normalisation over the last dimension: `(x − mean) / sqrt(variance + eps) · weight + bias`,
/// with the biased variance, as PyTorch's `LayerNorm`.
struct LayerNorm: Sendable {
    let weight: [Float]
    let bias: [Float]
    let epsilon: Float

    init(weight: [Float], bias: [Float], epsilon: Float) {
        precondition(weight.count == bias.count, "layer norm shapes disagree")
        self.weight = weight
        self.bias = bias
        self.epsilon = epsilon
    }

    /// Reads `name.weight` and `name.bias` from `file`.
    init(_ file: SafetensorsFile, _ name: String, width: Int, epsilon: Float) throws(SafetensorsError) {
        self.init(
            weight: try file.floats(name + ".weight", shape: [width]),
            bias: try file.floats(name + ".bias", shape: [width]),
            epsilon: epsilon
        )
    }

    /// Normalises each of `rows` rows of `values` in place.
    func apply(_ values: UnsafeMutablePointer<Float>, rows: Int) {
        let width = weight.count
        weight.withUnsafeBufferPointer { weight in
            bias.withUnsafeBufferPointer { bias in
                for row in 0..<rows {
                    let x = values + row * width
                    var sum: Float = 0
                    for i in 0..<width { sum += x[i] }
                    let mean = sum / Float(width)
                    var squares: Float = 0
                    for i in 0..<width {
                        let centred = x[i] - mean
                        squares += centred * centred
                    }
                    let scale = 1 / (squares / Float(width) + epsilon).squareRoot()
                    for i in 0..<width {
                        x[i] = (x[i] - mean) * scale * weight[i] + bias[i]
                    }
                }
            }
        }
    }
}
