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

    /// The unit-length embedding of each text, the texts computed as one batch.
    public func embed(_ texts: [String]) -> [[Float]] {
        encoder.embed(ids: tokenize(texts))
    }

    /// The embedding of each text, in order, computed in batches of at most `batchSize` texts.
    public func embed(_ texts: [String], batchSize: Int) -> [[Float]] {
        let ids = tokenize(texts)
        let size = max(batchSize, 1)
        return stride(from: 0, to: ids.count, by: size).flatMap { start in
            encoder.embed(ids: Array(ids[start..<min(start + size, ids.count)]))
        }
    }
}
