/// Why the MiniLM model folder could not be loaded: its tokenizer files or its weights.
public enum MiniLMError: Error, CustomStringConvertible, Equatable, Sendable {
    case tokenizer(TokenizerError)
    case weights(SafetensorsError)

    public var description: String {
        switch self {
        case .tokenizer(let error): return error.description
        case .weights(let error): return error.description
        }
    }
}
