/// Why a WordPiece vocabulary could not be loaded; each message names the file and the fix.
public enum TokenizerError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The vocabulary file is not there or cannot be read.
    case unreadable(file: String, reason: String)
    /// The vocabulary lacks a token the tokenizer needs (`[UNK]`, `[CLS]`, `[SEP]`, `[PAD]`).
    case missingToken(file: String, token: String)
    /// A config file of the model is missing a field or has a wrong one.
    case malformedConfig(file: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            return "vocabulary file \(file) cannot be read (\(reason)): fetch the model with scripts/fetch-minilm"
        case .missingToken(let file, let token):
            return "vocabulary file \(file) has no \(token) token: it is not a BERT WordPiece vocabulary; fetch the model again with scripts/fetch-minilm"
        case .malformedConfig(let file, let reason):
            return "model config \(file) is malformed: \(reason); fetch the model again with scripts/fetch-minilm"
        }
    }
}
