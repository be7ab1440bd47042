/// Why a model folder could not be loaded or written; each message names the file and the fix.
public enum ArtifactError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A file the model needs is not in the folder.
    case missing(file: String)
    /// A file exists but could not be read.
    case unreadable(file: String, reason: String)
    /// A file is shorter (or longer) than its header says.
    case truncated(file: String, expectedBytes: Int, actualBytes: Int)
    /// A file was written by a format version this build does not read.
    case unsupportedVersion(file: String, found: Int, supported: Int)
    /// A file's content does not make sense (bad magic, bad JSON, counts that disagree).
    case malformed(file: String, reason: String)
    /// `model.bin` is not the file `manifest.json` describes: its SHA-256 does not start with `model_version`.
    case versionMismatch(file: String, manifest: String, expected: String, actual: String)
    /// A weight file is not the one `manifest.json`'s `files` names: its SHA-256 differs.
    case digestMismatch(file: String, manifest: String, expected: String, actual: String)
    /// A file could not be written.
    case cannotWrite(file: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let file):
            return "model file \(file) is missing: train a model with `tagifai train --out DIR` or pass --model with the folder that holds it"
        case .unreadable(let file, let reason):
            return "model file \(file) cannot be read (\(reason)): check its permissions"
        case .truncated(let file, let expected, let actual):
            return "model file \(file) is \(actual) bytes but its header describes \(expected): the file is truncated or damaged, retrain or copy it again"
        case .unsupportedVersion(let file, let found, let supported):
            return "model file \(file) has format version \(found) but this tagifai reads version \(supported): retrain the model with this build"
        case .malformed(let file, let reason):
            return "model file \(file) is malformed: \(reason); retrain the model or restore the file"
        case .versionMismatch(let file, let manifest, let expected, let actual):
            return "model file \(file) has SHA-256 \(actual)…, but \(manifest) gives model_version \(expected): "
                + "the files come from different trainings or the model is damaged; copy the whole model folder again"
        case .digestMismatch(let file, let manifest, let expected, let actual):
            return "model file \(file) has SHA-256 \(actual), but \(manifest) gives \(expected): the file was changed or "
                + "damaged after training; copy the whole model folder again or retrain it"
        case .cannotWrite(let file, let reason):
            return "cannot write model file \(file): \(reason)"
        }
    }
}
