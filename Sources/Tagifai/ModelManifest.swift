/// What a model folder holds and where it came from: `manifest.json`.
public struct ModelManifest: Codable, Sendable, Equatable {
    /// The artifact format version this build writes and reads.
    public static let currentFormatVersion = 1

    /// The artifact format version the folder was written with.
    public var formatVersion: Int
    /// The SHA-256 (hex) of the CSV file the model was trained on.
    public var datasetSHA256: String
    /// How many data rows that CSV held.
    public var datasetRows: Int
    /// When training finished, ISO 8601 in UTC.
    public var createdAt: String
    /// A short version string for logs and Prometheus labels: the first 12 hex digits of
    /// `model.bin`'s SHA-256, so retraining the same recipe on the same data gives the same one.
    public var modelVersion: String
    /// The folder's weight files and their SHA-256, checked when the folder loads: the transformer
    /// tier's head and encoder files. Absent for the linear tier, whose `model_version` is
    /// `model.bin`'s own hash.
    public var files: [FileDigest]? = nil

    /// One file of the folder (a path relative to it) and its SHA-256 in hex.
    public struct FileDigest: Codable, Sendable, Equatable {
        public var file: String
        public var sha256: String

        public init(file: String, sha256: String) {
            self.file = file
            self.sha256 = sha256
        }
    }

    public init(
        formatVersion: Int, datasetSHA256: String, datasetRows: Int, createdAt: String, modelVersion: String,
        files: [FileDigest]? = nil
    ) {
        self.formatVersion = formatVersion
        self.datasetSHA256 = datasetSHA256
        self.datasetRows = datasetRows
        self.createdAt = createdAt
        self.modelVersion = modelVersion
        self.files = files
    }

    /// The `model_version` of a folder whose weights are `files`: the first 12 hex digits of the
    /// SHA-256 of their `sha256  file` lines, so the same weights give the same version.
    public static func version(of files: [FileDigest]) -> String {
        let lines = files.map { "\($0.sha256)  \($0.file)\n" }.joined()
        return String(DigestHex.sha256(of: Array(lines.utf8)).prefix(12))
    }

    /// The `model_version` of a `model.bin` holding `bytes`: its SHA-256's first 12 hex digits.
    static func version(of bytes: UnsafeRawBufferPointer) -> String {
        String(DigestHex.sha256(of: bytes).prefix(12))
    }

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version"
        case datasetSHA256 = "dataset_sha256"
        case datasetRows = "dataset_rows"
        case createdAt = "created_at"
        case modelVersion = "model_version"
        case files
    }
}
