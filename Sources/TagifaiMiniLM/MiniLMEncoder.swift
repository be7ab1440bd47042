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

    /// The unit-length sentence embedding of each id sequence, computed as one batch. The sequences'
    /// rows lie one after another with no padding: the dense layers take every real row at once and
    /// attention runs per sequence, so a batch costs what its tokens cost, however their lengths vary.
    /// Every id must be below the vocabulary size and no sequence longer than `maxPositions` (the
    /// tokenizer guarantees both).
    public func embed(ids batch: [[Int32]]) -> [[Float]] {
        let width = configuration.hiddenSize
        let sequences = PackedSequences(lengths: batch.map(\.count))
        guard sequences.rows > 0 else { return batch.map { _ in [Float](repeating: 0, count: width) } }
        precondition(sequences.longest <= configuration.maxPositions, "a sequence is longer than the model's positions")
        var hidden = [Float](repeating: 0, count: sequences.rows * width)
        hidden.withUnsafeMutableBufferPointer { hidden in
            let base = hidden.baseAddress!
            embedTokens(batch, into: base)
            embeddingNorm.apply(base, rows: sequences.rows)
            let workspace = EncoderWorkspace(
                rows: sequences.rows, hiddenSize: width, intermediateSize: configuration.intermediateSize,
                longest: sequences.longest
            )
            for layer in layers {
                layer.apply(base, sequences: sequences, workspace: workspace)
            }
        }
        return sequences.lengths.indices.map { sequence in
            Self.meanPooledUnitVector(hidden, first: sequences.firstRows[sequence], length: sequences.lengths[sequence], width: width)
        }
    }

    /// Word + position + token type (0) embeddings of each token's row.
    private func embedTokens(_ batch: [[Int32]], into hidden: UnsafeMutablePointer<Float>) {
        let width = configuration.hiddenSize
        var row = hidden
        for ids in batch {
            for (position, id) in ids.enumerated() {
                let id = Int(id)
                precondition(id >= 0 && id < configuration.vocabularySize, "token id \(id) is outside the vocabulary")
                for i in 0..<width {
                    row[i] = wordEmbeddings[id * width + i] + positionEmbeddings[position * width + i] + tokenTypeEmbeddings[i]
                }
                row += width
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

/// Where each sequence of a batch lies in rows packed one after another.
struct PackedSequences {
    let lengths: [Int]
    /// The first row of each sequence.
    let firstRows: [Int]
    let rows: Int
    let longest: Int

    init(lengths: [Int]) {
        self.lengths = lengths
        var firstRows: [Int] = []
        firstRows.reserveCapacity(lengths.count)
        var rows = 0
        for length in lengths {
            firstRows.append(rows)
            rows += length
        }
        self.firstRows = firstRows
        self.rows = rows
        longest = lengths.max() ?? 0
    }
}
