import FoundationEssentials
import Tagifai

/// The transformer tier, loaded for serving: all-MiniLM-L6-v2 sentence embeddings of each text
/// under the logistic regression head, with the threshold rule of `args.json`.
///
/// Loading reads every weight file of the folder through `ModelBytes` and checks its SHA-256
/// against `manifest.json`'s `files` before using it. `tags(for:)` holds no mutable state and is
/// safe to call from many threads at once.
public final class MiniLMTagger: TextTagger {
    public let args: TrainingArgs
    public let performance: Performance
    public let classes: [String]
    public let manifest: ModelManifest
    let embedder: MiniLMEmbedder
    let head: DenseHead
    let rule: ThresholdRule

    /// Texts embedded at once: the encoder pads a batch to its longest text.
    static let batchSize = 32

    init(documents: ModelFolder.Documents, embedder: MiniLMEmbedder, head: DenseHead) {
        args = documents.args
        performance = documents.performance
        classes = documents.classes
        manifest = documents.manifest
        self.embedder = embedder
        self.head = head
        rule = ThresholdRule(threshold: documents.args.threshold ?? 0, classes: documents.classes)
    }

    /// Loads the folder `tagifai train` wrote with a `features: "minilm"` recipe.
    ///
    /// - Throws: `ArtifactError` naming the file that is missing, unreadable, not the one the
    ///   manifest names (SHA-256), or of the wrong shape.
    public static func load(from directory: URL) throws(ArtifactError) -> MiniLMTagger {
        try load(from: directory, files: ModelFileBytes())
    }

    /// Loads the folder as `load(from:)` does, taking the bytes of the files `files` holds from
    /// memory (the weights a supervisor shares with every worker), still checked against the manifest.
    package static func load(from directory: URL, files: ModelFileBytes) throws(ArtifactError) -> MiniLMTagger {
        let documents = try ModelFolder.readDocuments(from: directory)
        let manifestPath = directory.appendingPathComponent("manifest.json").path
        guard documents.args.usesMiniLM else {
            throw .malformed(
                file: directory.appendingPathComponent("args.json").path,
                reason: "its features are \"\(documents.args.features)\", not \"minilm\": the folder holds the linear tier")
        }
        let bytes = try verifiedFiles(documents.manifest, in: directory, manifestPath: manifestPath, files: files)
        let headPath = directory.appendingPathComponent(MiniLMModelFolder.headFile).path
        let encoderPath = directory.appendingPathComponent(MiniLMModelFolder.encoderFolder).path
        let width: Int
        do {
            width = try MiniLMConfiguration(directory: encoderPath).hiddenSize
        } catch {
            throw .malformed(file: encoderPath, reason: error.description)
        }
        let head: DenseHead
        do {
            let file = try SafetensorsFile(path: headPath, bytes: bytes[MiniLMModelFolder.headFile]!)
            let classCount = documents.classes.count
            head = DenseHead(
                weights: try file.floats("weight", shape: [classCount, width]),
                bias: try file.floats("bias", shape: [classCount]), dimension: width)
        } catch {
            throw .malformed(
                file: headPath,
                reason: "\(error.description) (labels.json names \(documents.classes.count) classes, the encoder gives \(width) values)")
        }
        let embedder: MiniLMEmbedder
        do {
            embedder = try MiniLMEmbedder(directory: encoderPath) { () throws(SafetensorsError) in
                try SafetensorsFile(path: encoderPath + "/model.safetensors", bytes: bytes["encoder/model.safetensors"]!)
            }
        } catch {
            throw .malformed(file: encoderPath, reason: error.description)
        }
        return MiniLMTagger(documents: documents, embedder: embedder, head: head)
    }

    /// Reads each file the manifest names and checks its SHA-256; every weight file must be named.
    static func verifiedFiles(
        _ manifest: ModelManifest, in directory: URL, manifestPath: String, files: ModelFileBytes
    ) throws(ArtifactError) -> [String: ModelBytes] {
        let digests = manifest.files ?? []
        var bytes: [String: ModelBytes] = [:]
        for file in MiniLMModelFolder.weightFiles {
            guard let digest = digests.first(where: { $0.file == file }) else {
                throw .malformed(
                    file: manifestPath,
                    reason: "its files do not name \(file) with its sha256; retrain the folder with tagifai train")
            }
            let url = directory.appendingPathComponent(file)
            let read = try files.bytes(of: url)
            let actual = withExtendedLifetime(read) { DigestHex.sha256(of: read.buffer) }
            guard actual == digest.sha256 else {
                throw .digestMismatch(file: url.path, manifest: manifestPath, expected: digest.sha256, actual: actual)
            }
            bytes[file] = read
        }
        return bytes
    }

    /// The tag of each text (title + " " + description), in order.
    public func tags(for texts: [String]) -> [String] {
        embedder.embed(texts, batchSize: Self.batchSize).map { classes[rule.index(of: head.best($0))] }
    }
}
