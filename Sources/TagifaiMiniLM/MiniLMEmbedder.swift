/// all-MiniLM-L6-v2 as sentence-transformers runs it: BERT WordPiece tokenization, the encoder,
/// mean pooling and L2 normalisation, from the folder `scripts/fetch-minilm` fills.
public struct MiniLMEmbedder: Sendable {
    public let tokenizer: BertTokenizer
    public let encoder: MiniLMEncoder

    /// Loads `vocab.txt`, `model.safetensors` and the configs from `directory`.
    public init(directory: String) throws(MiniLMError) {
        try self.init(directory: directory) { () throws(SafetensorsError) in
            try SafetensorsFile(path: directory + "/model.safetensors")
        }
    }

    /// Loads the tokenizer files and configs from `directory` and the encoder from `weights`.
    init(directory: String, weights: () throws(SafetensorsError) -> SafetensorsFile) throws(MiniLMError) {
        let configuration: MiniLMConfiguration
        do throws(TokenizerError) {
            configuration = try MiniLMConfiguration(directory: directory)
            let vocabularyFile = directory + "/vocab.txt"
            tokenizer = try BertTokenizer(
                vocabulary: try WordPieceVocabulary(path: vocabularyFile),
                lowercase: configuration.lowercase,
                maxLength: configuration.maxSequenceLength,
                vocabularyFile: vocabularyFile
            )
            guard tokenizer.vocabulary.count == configuration.vocabularySize else {
                throw .malformedConfig(
                    file: directory + "/config.json",
                    reason: "vocab_size is \(configuration.vocabularySize) but \(vocabularyFile) has \(tokenizer.vocabulary.count) tokens"
                )
            }
        } catch {
            throw .tokenizer(error)
        }
        do throws(SafetensorsError) {
            encoder = try MiniLMEncoder(weights: try weights(), configuration: configuration)
        } catch {
            throw .weights(error)
        }
    }

    /// The token ids of each text, as the model sees them.
    public func tokenize(_ texts: [String]) -> [[Int32]] {
        texts.map(tokenizer.encode)
    }

    /// The unit-length embedding of each text, the batch padded to its longest text.
    public func embed(_ texts: [String]) -> [[Float]] {
        encoder.embed(ids: tokenize(texts))
    }

    /// The embedding of each text, in order, computed in batches of at most `batchSize` texts of
    /// similar token counts (sorted by length, so little of each batch is padding).
    public func embed(_ texts: [String], batchSize: Int) -> [[Float]] {
        let ids = tokenize(texts)
        let order = ids.indices.sorted { (ids[$0].count, $0) < (ids[$1].count, $1) }
        var embeddings = [[Float]](repeating: [], count: texts.count)
        for start in stride(from: 0, to: order.count, by: max(batchSize, 1)) {
            let batch = Array(order[start..<min(start + max(batchSize, 1), order.count)])
            for (index, vector) in zip(batch, encoder.embed(ids: batch.map { ids[$0] })) { embeddings[index] = vector }
        }
        return embeddings
    }
}
