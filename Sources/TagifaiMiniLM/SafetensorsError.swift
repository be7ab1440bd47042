/// Why a safetensors weights file could not be read; each message names the file, the tensor at fault
/// where there is one, and the fix.
public enum SafetensorsError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file is not there.
    case missing(file: String)
    /// The file exists but could not be read.
    case unreadable(file: String, reason: String)
    /// The 8-byte length or the JSON header is wrong.
    case malformedHeader(file: String, reason: String)
    /// A tensor's entry in the header is wrong (unknown dtype, bad shape, range outside the data).
    case malformedTensor(file: String, tensor: String, reason: String)
    /// The model needs a tensor the file does not hold.
    case missingTensor(file: String, tensor: String)
    /// A tensor has another dtype or shape than the model needs.
    case unexpectedTensor(file: String, tensor: String, expected: String, found: String)

    public var description: String {
        let fix = "fetch the model again with scripts/fetch-minilm"
        switch self {
        case .missing(let file):
            return "safetensors file \(file) is missing: \(fix) or point TAGIFAI_MINILM_DIR at the folder that holds it"
        case .unreadable(let file, let reason):
            return "safetensors file \(file) cannot be read (\(reason)): check its permissions"
        case .malformedHeader(let file, let reason):
            return "safetensors file \(file) has a malformed header: \(reason); \(fix)"
        case .malformedTensor(let file, let tensor, let reason):
            return "safetensors file \(file), tensor \"\(tensor)\": \(reason); \(fix)"
        case .missingTensor(let file, let tensor):
            return "safetensors file \(file) has no tensor \"\(tensor)\": it is not the weights of this model; \(fix)"
        case .unexpectedTensor(let file, let tensor, let expected, let found):
            return "safetensors file \(file), tensor \"\(tensor)\": expected \(expected), found \(found): it is not the weights of this model; \(fix)"
        }
    }
}
