/// One transformer layer of BERT: multi-head self-attention, its output projection, residual and
/// LayerNorm; then the intermediate projection with GELU, the output projection, residual and LayerNorm.
struct EncoderLayer: Sendable {
    let query: DenseLayer
    let key: DenseLayer
    let value: DenseLayer
    let attentionOutput: DenseLayer
    let attentionNorm: LayerNorm
    let intermediate: DenseLayer
    let output: DenseLayer
    let outputNorm: LayerNorm
    let heads: Int

    /// Reads layer `index` (`encoder.layer.N.*`) from `file`.
    init(_ file: SafetensorsFile, index: Int, configuration c: MiniLMConfiguration) throws(SafetensorsError) {
        let name = "encoder.layer.\(index)"
        let hidden = c.hiddenSize
        query = try DenseLayer(file, name + ".attention.self.query", inputs: hidden, outputs: hidden)
        key = try DenseLayer(file, name + ".attention.self.key", inputs: hidden, outputs: hidden)
        value = try DenseLayer(file, name + ".attention.self.value", inputs: hidden, outputs: hidden)
        attentionOutput = try DenseLayer(file, name + ".attention.output.dense", inputs: hidden, outputs: hidden)
        attentionNorm = try LayerNorm(file, name + ".attention.output.LayerNorm", width: hidden, epsilon: c.layerNormEpsilon)
        intermediate = try DenseLayer(file, name + ".intermediate.dense", inputs: hidden, outputs: c.intermediateSize)
        output = try DenseLayer(file, name + ".output.dense", inputs: c.intermediateSize, outputs: hidden)
        outputNorm = try LayerNorm(file, name + ".output.LayerNorm", width: hidden, epsilon: c.layerNormEpsilon)
        heads = c.heads
    }

    /// Transforms `hidden` (the rows of `sequences`, packed) in place.
    func apply(_ hidden: UnsafeMutablePointer<Float>, sequences: PackedSequences, workspace: EncoderWorkspace) {
        let rows = sequences.rows
        let width = query.outputs
        query.apply(hidden, rows: rows, into: workspace.queries)
        key.apply(hidden, rows: rows, into: workspace.keys)
        value.apply(hidden, rows: rows, into: workspace.values)
        for (sequence, length) in sequences.lengths.enumerated() {
            let first = sequences.firstRows[sequence] * width
            ScaledDotProductAttention.attend(
                queries: workspace.queries + first, keys: workspace.keys + first, values: workspace.values + first,
                length: length, heads: heads, headSize: width / heads, stride: width,
                context: workspace.context + first, scores: workspace.scores
            )
        }
        attentionOutput.apply(workspace.context, rows: rows, into: workspace.queries)
        addResidual(workspace.queries, into: hidden, count: rows * width)
        attentionNorm.apply(hidden, rows: rows)

        intermediate.apply(hidden, rows: rows, into: workspace.intermediate)
        GELU.apply(workspace.intermediate, count: rows * intermediate.outputs)
        output.apply(workspace.intermediate, rows: rows, into: workspace.queries)
        addResidual(workspace.queries, into: hidden, count: rows * width)
        outputNorm.apply(hidden, rows: rows)
    }

    private func addResidual(_ values: UnsafePointer<Float>, into hidden: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { hidden[i] += values[i] }
    }
}
