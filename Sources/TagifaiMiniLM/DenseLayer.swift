import COpenBLAS

/// A fully connected layer, `y = x·Wᵀ + b`, with PyTorch's weight layout (`[outputs, inputs]`, row-major).
///
/// The product runs on OpenBLAS's `sgemm` rather than our own loops. Measured on one core here
/// (AMD EPYC, CPU time): the encoder's products for 32 texts of 32 tokens took 0.27 s with OpenBLAS
/// (80 GFLOP/s, its AVX2/FMA kernels chosen at run time) and 0.75 s with a packed 6×8
/// `SIMD8<Float>` Swift kernel (28 GFLOP/s: Swift code is built for baseline x86-64, without AVX
/// or FMA); a whole `embed` of 32 project texts (32 tokens on average, padded to 50) took 19 ms a
/// text with OpenBLAS and 42 ms with the Swift kernel.
struct DenseLayer: Sendable {
    let inputs: Int
    let outputs: Int
    /// The weights in place in the weights file (`FloatTensor`), never copied.
    let weight: FloatTensor
    let bias: FloatTensor

    init(weight: [Float], bias: [Float], inputs: Int, outputs: Int) {
        self.init(weight: FloatTensor(weight), bias: FloatTensor(bias), inputs: inputs, outputs: outputs)
    }

    init(weight: FloatTensor, bias: FloatTensor, inputs: Int, outputs: Int) {
        precondition(weight.count == inputs * outputs && bias.count == outputs, "dense layer shapes disagree")
        self.weight = weight
        self.bias = bias
        self.inputs = inputs
        self.outputs = outputs
    }

    /// Reads `name.weight` and `name.bias` from `file`.
    init(_ file: SafetensorsFile, _ name: String, inputs: Int, outputs: Int) throws(SafetensorsError) {
        self.init(
            weight: try file.tensor(name + ".weight", shape: [outputs, inputs]),
            bias: try file.tensor(name + ".bias", shape: [outputs]),
            inputs: inputs,
            outputs: outputs
        )
    }

    /// Writes `rows × outputs` values to `output` from `rows × inputs` values of `input`.
    func apply(_ input: UnsafePointer<Float>, rows: Int, into output: UnsafeMutablePointer<Float>) {
        guard rows > 0 else { return }
        for row in 0..<rows {
            (output + row * outputs).update(from: bias.base, count: outputs)
        }
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans,
            Int32(rows), Int32(outputs), Int32(inputs),
            1, input, Int32(inputs), weight.base, Int32(inputs),
            1, output, Int32(outputs)
        )
    }
}
