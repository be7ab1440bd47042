import FoundationEssentials
import Tagifai

/// The bytes of a small file of the model folder (`vocab.txt`, the configs), read through
/// `ModelBytes` so a missing file and an unreadable one say so in the operating system's words
/// (FoundationEssentials' errors have no readable description without the full Foundation).
enum TextFileBytes {
    static func read(_ path: String) throws(TokenizerError) -> Data {
        do {
            let bytes = try ModelBytes(reading: URL(fileURLWithPath: path))
            return withExtendedLifetime(bytes) { Data(bytes.buffer) }
        } catch {
            switch error {
            case .missing: throw .unreadable(file: path, reason: "it does not exist")
            case .unreadable(_, let reason), .malformed(_, let reason): throw .unreadable(file: path, reason: reason)
            default: throw .unreadable(file: path, reason: error.description)
            }
        }
    }
}
