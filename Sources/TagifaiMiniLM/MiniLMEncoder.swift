/// The BERT encoder of a MiniLM sentence-transformer with its pooling: token, position and
/// token-type embeddings with LayerNorm, the transformer layers, then the mean of the real tokens'
/// last hidden states, scaled to unit length.
public struct MiniLMEncoder: Sendable {
    public let configuration: MiniLMConfiguration
    /// The embedding tables, in place in the weights file (`FloatTensor`), as every layer's weights.
    let wordEmbeddings: FloatTensor
    let positionEmbeddings: FloatTensor
    let tokenTypeEmbeddings: FloatTensor
    let embeddingNorm: LayerNorm
    let layers: [EncoderLayer]

    /// Reads the weights from `file` (`model.safetensors` of the model), checking every tensor's shape.
    public init(weights file: SafetensorsFile, configuration c: MiniLMConfiguration) throws(SafetensorsError) {
        configuration = c
        wordEmbeddings = try file.tensor("embeddings.word_embeddings.weight", shape: [c.vocabularySize, c.hiddenSize])
        positionEmbeddings = try file.tensor("embeddings.position_embeddings.weight", shape: [c.maxPositions, c.hiddenSize])
        tokenTypeEmbeddings = try file.tensor("embeddings.token_type_embeddings.weight", shape: [c.tokenTypes, c.hiddenSize])
        embeddingNorm = try LayerNorm(file, "embeddings.LayerNorm", width: c.hiddenSize, epsilon: c.layerNormEpsilon)
        var layers: [EncoderLayer] = []
        for index in 0..<c.layers {
            layers.append(try EncoderLayer(file, index: index, configuration: c))
        }
        self.layers = layers
    }

    /// The unit-length sentence embedding of each id sequence, computed as one batch padded to the
    /// longest sequence. Every id must be below the vocabulary size and no sequence longer than
    /// `maxPositions` (the tokenizer guarantees both).
    public func embed(ids batch: [[Int32]]) -> [[Float]] {
        let width = configuration.hiddenSize
        let lengths = batch.map(\.count)
        let paddedLength = lengths.max() ?? 0
        guard paddedLength > 0 else { return batch.map { _ in [Float](repeating: 0, count: width) } }
        precondition(paddedLength <= configuration.maxPositions, "a sequence is longer than the model's positions")
        let rows = batch.count * paddedLength
        var hidden = [Float](repeating: 0, count: rows * width)
        hidden.withUnsafeMutableBufferPointer { hidden in
            let base = hidden.baseAddress!
            embedTokens(batch, paddedLength: paddedLength, into: base)
            embeddingNorm.apply(base, rows: rows)
            let workspace = EncoderWorkspace(
                rows: rows, hiddenSize: width, intermediateSize: configuration.intermediateSize, paddedLength: paddedLength
            )
            for layer in layers {
                layer.apply(base, lengths: lengths, paddedLength: paddedLength, workspace: workspace)
            }
        }
        return lengths.enumerated().map { sequence, length in
            Self.meanPooledUnitVector(hidden, first: sequence * paddedLength, length: length, width: width)
        }
    }

    /// Word + position + token type (0) embeddings of each row; padding rows get the `[PAD]` id 0's.
    private func embedTokens(_ batch: [[Int32]], paddedLength: Int, into hidden: UnsafeMutablePointer<Float>) {
        let width = configuration.hiddenSize
        for (sequence, ids) in batch.enumerated() {
            for position in 0..<paddedLength {
                let id = position < ids.count ? Int(ids[position]) : 0
                precondition(id >= 0 && id < configuration.vocabularySize, "token id \(id) is outside the vocabulary")
                let row = hidden + (sequence * paddedLength + position) * width
                for i in 0..<width {
                    row[i] = wordEmbeddings[id * width + i] + positionEmbeddings[position * width + i] + tokenTypeEmbeddings[i]
                }
            }
        }
    }

    /// The mean of rows `first ..< first + length` of `hidden`, divided by its L2 norm (at least 1e-12).
    static func meanPooledUnitVector(_ hidden: [Float], first: Int, length: Int, width: Int) -> [Float] {
        var mean = [Float](repeating: 0, count: width)
        for row in first..<(first + length) {
            for i in 0..<width { mean[i] += hidden[row * width + i] }
        }
        let count = Float(max(length, 1))
        var squares: Float = 0
        for i in 0..<width {
            mean[i] /= count
            squares += mean[i] * mean[i]
        }
        let norm = max(squares.squareRoot(), 1e-12)
        return mean.map { $0 / norm }
    }
}
