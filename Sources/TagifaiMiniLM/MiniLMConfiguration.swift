import FoundationEssentials

/// The shapes of a BERT-style sentence encoder, read from the model folder's `config.json`
/// (the encoder), `sentence_bert_config.json` (the sequence length sentence-transformers uses)
/// and `tokenizer_config.json` (lower-casing).
public struct MiniLMConfiguration: Equatable, Sendable {
    public var vocabularySize: Int
    public var hiddenSize: Int
    public var layers: Int
    public var heads: Int
    public var intermediateSize: Int
    public var maxPositions: Int
    public var tokenTypes: Int
    public var layerNormEpsilon: Float
    /// The most token ids one text becomes, `[CLS]` and `[SEP]` included.
    public var maxSequenceLength: Int
    public var lowercase: Bool

    public var headSize: Int { hiddenSize / heads }

    private struct EncoderFile: Decodable {
        let vocab_size: Int
        let hidden_size: Int
        let num_hidden_layers: Int
        let num_attention_heads: Int
        let intermediate_size: Int
        let max_position_embeddings: Int
        let type_vocab_size: Int
        let layer_norm_eps: Double
        let hidden_act: String
    }

    private struct SentenceFile: Decodable {
        let max_seq_length: Int?
    }

    private struct TokenizerFile: Decodable {
        let do_lower_case: Bool?
    }

    /// Reads the three config files of the model folder `directory`.
    public init(directory: String) throws(TokenizerError) {
        let encoder = try Self.decode(EncoderFile.self, directory, "config.json")
        let sentence = try Self.decode(SentenceFile.self, directory, "sentence_bert_config.json")
        let tokenizer = try Self.decode(TokenizerFile.self, directory, "tokenizer_config.json")
        let file = directory + "/config.json"
        guard encoder.hidden_act == "gelu" else {
            throw .malformedConfig(file: file, reason: "hidden_act is \"\(encoder.hidden_act)\"; this encoder implements \"gelu\" (erf)")
        }
        guard encoder.num_attention_heads > 0, encoder.hidden_size % encoder.num_attention_heads == 0 else {
            throw .malformedConfig(file: file, reason: "hidden_size \(encoder.hidden_size) is not a multiple of num_attention_heads \(encoder.num_attention_heads)")
        }
        vocabularySize = encoder.vocab_size
        hiddenSize = encoder.hidden_size
        layers = encoder.num_hidden_layers
        heads = encoder.num_attention_heads
        intermediateSize = encoder.intermediate_size
        maxPositions = encoder.max_position_embeddings
        tokenTypes = encoder.type_vocab_size
        layerNormEpsilon = Float(encoder.layer_norm_eps)
        maxSequenceLength = min(sentence.max_seq_length ?? encoder.max_position_embeddings, encoder.max_position_embeddings)
        lowercase = tokenizer.do_lower_case ?? true
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ directory: String, _ name: String) throws(TokenizerError) -> T {
        let path = directory + "/" + name
        let data = try TextFileBytes.read(path)
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw .malformedConfig(file: path, reason: "\(error)")
        }
    }
}
