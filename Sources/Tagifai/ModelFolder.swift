import FoundationEssentials

/// The JSON documents every model folder holds, whatever its tier: `manifest.json`, `args.json`,
/// `performance.json` and `labels.json`.
public enum ModelFolder {
    /// The folder's documents, read and checked.
    public struct Documents: Sendable {
        public var args: TrainingArgs
        public var performance: Performance
        public var classes: [String]
        public var manifest: ModelManifest

        public init(args: TrainingArgs, performance: Performance, classes: [String], manifest: ModelManifest) {
            self.args = args
            self.performance = performance
            self.classes = classes
            self.manifest = manifest
        }
    }

    /// Reads the documents of `directory`, checking the manifest's format version, that `args.json`
    /// has a threshold and that `labels.json` numbers its classes 0, 1, 2, ...
    public static func readDocuments(from directory: URL) throws(ArtifactError) -> Documents {
        let manifestURL = directory.appendingPathComponent(TagifaiModel.FileName.manifest)
        let manifest = try ArtifactJSON.read(ModelManifest.self, manifestURL)
        guard manifest.formatVersion == ModelManifest.currentFormatVersion else {
            throw .unsupportedVersion(
                file: manifestURL.path, found: manifest.formatVersion, supported: ModelManifest.currentFormatVersion)
        }
        let argsURL = directory.appendingPathComponent(TagifaiModel.FileName.args)
        let args = try ArtifactJSON.read(TrainingArgs.self, argsURL)
        guard args.threshold != nil else { throw .malformed(file: argsURL.path, reason: "it has no threshold") }
        let performance = try ArtifactJSON.read(
            Performance.self, directory.appendingPathComponent(TagifaiModel.FileName.performance))
        let labelsURL = directory.appendingPathComponent(TagifaiModel.FileName.labels)
        let classes = try ArtifactJSON.read(Labels.self, labelsURL).classes(file: labelsURL.path)
        return Documents(args: args, performance: performance, classes: classes, manifest: manifest)
    }

    /// Whether the folder's `args.json` names the transformer tier (`features: "minilm"`); false
    /// when it cannot be read, so the linear loader reports what is wrong with the folder.
    public static func holdsMiniLM(_ directory: URL) -> Bool {
        let argsURL = directory.appendingPathComponent(TagifaiModel.FileName.args)
        return (try? ArtifactJSON.read(TrainingArgs.self, argsURL))?.usesMiniLM ?? false
    }

    /// Writes the four documents into `directory`, creating it if needed.
    public static func writeDocuments(_ documents: Documents, to directory: URL) throws(ArtifactError) {
        try create(directory)
        try ArtifactJSON.write(documents.args, directory.appendingPathComponent(TagifaiModel.FileName.args))
        try ArtifactJSON.write(
            documents.performance, directory.appendingPathComponent(TagifaiModel.FileName.performance))
        try ArtifactJSON.write(
            Labels(classes: documents.classes), directory.appendingPathComponent(TagifaiModel.FileName.labels))
        try ArtifactJSON.write(documents.manifest, directory.appendingPathComponent(TagifaiModel.FileName.manifest))
    }

    /// Writes `data` to `file` in `directory` (atomically, by a rename).
    public static func write(_ data: Data, to file: String, in directory: URL) throws(ArtifactError) {
        try ArtifactJSON.write(data, directory.appendingPathComponent(file))
    }

    /// Creates `directory` and its parents if they are missing.
    public static func create(_ directory: URL) throws(ArtifactError) {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(file: directory.path, reason: "\(error)")
        }
    }
}
