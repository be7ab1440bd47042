/// Why a model could not be trained from the given data and arguments.
public enum TrainingError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The arguments cannot be trained with; each problem names its key.
    case invalidArgs([String])
    /// Too few rows, or too few per class, to split and train.
    case notEnoughData(String)
    /// Two different n-grams share a 64-bit hash, so the feature table would confuse them.
    case hashCollision(String, String)

    public var description: String {
        switch self {
        case .invalidArgs(let problems):
            return "invalid training arguments: " + problems.joined(separator: "; ")
        case .notEnoughData(let reason):
            return "not enough data to train: \(reason)"
        case .hashCollision(let first, let second):
            return "n-grams \"\(first)\" and \"\(second)\" have the same 64-bit hash: change ngram_max_range or report this data set"
        }
    }
}
