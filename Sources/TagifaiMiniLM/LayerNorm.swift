/// Layer normalisation over the last dimension: `(x − mean) / sqrt(variance + eps) · weight + bias`,
/// with the biased variance, as PyTorch's `LayerNorm`.
struct LayerNorm: Sendable {
    let weight: FloatTensor
    let bias: FloatTensor
    let epsilon: Float

    init(weight: [Float], bias: [Float], epsilon: Float) {
        self.init(weight: FloatTensor(weight), bias: FloatTensor(bias), epsilon: epsilon)
    }

    init(weight: FloatTensor, bias: FloatTensor, epsilon: Float) {
        precondition(weight.count == bias.count, "layer norm shapes disagree")
        self.weight = weight
        self.bias = bias
        self.epsilon = epsilon
    }

    /// Reads `name.weight` and `name.bias` from `file`.
    init(_ file: SafetensorsFile, _ name: String, width: Int, epsilon: Float) throws(SafetensorsError) {
        self.init(
            weight: try file.tensor(name + ".weight", shape: [width]),
            bias: try file.tensor(name + ".bias", shape: [width]),
            epsilon: epsilon
        )
    }

    /// Normalises each of `rows` rows of `values` in place.
    func apply(_ values: UnsafeMutablePointer<Float>, rows: Int) {
        let (width, weight, bias) = (weight.count, weight.base, bias.base)
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
