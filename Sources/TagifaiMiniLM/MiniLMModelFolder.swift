import FoundationEssentials
import Glibc
import Tagifai

/// The layout of a transformer-tier model folder: the documents every folder holds (`args.json`,
/// `performance.json`, `labels.json`, `manifest.json`), the head in `head.safetensors` (`weight`
/// F32[classes, 384] and `bias` F32[classes]), and the encoder's files under `encoder/`, each
/// named in `manifest.json`'s `files` with its SHA-256, so the folder is self-contained and its
/// loader can check every byte it serves.
public enum MiniLMModelFolder {
    public static let headFile = "head.safetensors"
    public static let encoderFolder = "encoder"
    /// The files of a weights folder (`scripts/fetch-minilm`) the encoder reads.
    public static let encoderFiles = [
        "model.safetensors", "vocab.txt", "config.json", "sentence_bert_config.json", "tokenizer_config.json",
    ]
    /// Every file of the folder's manifest, in order.
    static var weightFiles: [String] { [headFile] + encoderFiles.map { encoderFolder + "/" + $0 } }

    /// Writes the folder: the head, the encoder files (hard links to `weights` when the two are on
    /// one file system, copies otherwise) and the documents, the manifest naming each file's SHA-256.
    public static func write(
        head: DenseHead, documents: ModelFolder.Documents, weights: String, to directory: URL
    ) throws(ArtifactError) -> ModelManifest {
        let encoder = directory.appendingPathComponent(encoderFolder)
        try ModelFolder.create(encoder)
        let headBytes = SafetensorsWriter.encode([
            ("weight", [head.classCount, head.dimension], head.weights), ("bias", [head.classCount], head.bias),
        ])
        try ModelFolder.write(Data(headBytes), to: headFile, in: directory)
        for file in encoderFiles {
            try place(weights + "/" + file, at: encoder.appendingPathComponent(file).path)
        }
        var digests: [ModelManifest.FileDigest] = []
        for file in weightFiles {
            let url = directory.appendingPathComponent(file)
            let bytes = try ModelBytes(reading: url)
            digests.append(.init(file: file, sha256: withExtendedLifetime(bytes) { DigestHex.sha256(of: bytes.buffer) }))
        }
        var documents = documents
        documents.manifest.files = digests
        documents.manifest.modelVersion = ModelManifest.version(of: digests)
        try ModelFolder.writeDocuments(documents, to: directory)
        return documents.manifest
    }

    /// Hard-links `source` at `destination`, or copies it when a link cannot be made (another file
    /// system); an existing `destination` is replaced.
    static func place(_ source: String, at destination: String) throws(ArtifactError) {
        guard access(source, R_OK) == 0 else {
            throw .cannotWrite(
                file: destination,
                reason: "its source \(source) cannot be read (\(String(cString: strerror(errno)))); fetch the weights with scripts/fetch-minilm")
        }
        unlink(destination)
        if link(source, destination) == 0 { return }
        do {
            try FileManager.default.copyItem(atPath: source, toPath: destination)
        } catch {
            throw .cannotWrite(file: destination, reason: "copying \(source) failed: \(error)")
        }
    }
}
