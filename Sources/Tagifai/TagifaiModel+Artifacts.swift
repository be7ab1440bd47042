import FoundationEssentials

extension TagifaiModel {
    /// The file names of a model folder.
    enum FileName {
        static let args = "args.json"
        static let performance = "performance.json"
        static let labels = "labels.json"
        static let manifest = "manifest.json"
        static let model = ModelFile.fileName
    }

    /// Loads the model in `directory` (`models/tagifai/`), reading `model.bin` whole and checking
    /// every part of it (header, table, weights) and its SHA-256 against `manifest.json`.
    ///
    /// - Throws: `ArtifactError` naming the file that is missing, truncated, of another format
    ///   version or malformed.
    public static func load(from directory: URL) throws(ArtifactError) -> TagifaiModel {
        try load(from: directory, files: ModelFileBytes())
    }

    /// Loads the model in `directory` as `load(from:)` does, taking `model.bin`'s bytes from `files`
    /// (a mapping shared by every worker, say).
    package static func load(from directory: URL, files: ModelFileBytes) throws(ArtifactError) -> TagifaiModel {
        let documents = try ModelFolder.readDocuments(from: directory)
        let (manifest, args, performance, classes) =
            (documents.manifest, documents.args, documents.performance, documents.classes)
        let argsURL = directory.appendingPathComponent(FileName.args)
        let labelsURL = directory.appendingPathComponent(FileName.labels)
        guard !args.usesMiniLM else {
            throw .malformed(
                file: argsURL.path,
                reason: "it names the minilm tier (features \"minilm\"), which this loader of the linear tier does not serve")
        }
        let modelURL = directory.appendingPathComponent(FileName.model)
        let scorer = try LinearScorer(bytes: files.bytes(of: modelURL), file: modelURL.path)
        let version = ModelManifest.version(of: scorer.bytes.buffer)
        guard version == manifest.modelVersion else {
            throw .versionMismatch(
                file: modelURL.path, manifest: directory.appendingPathComponent(FileName.manifest).path,
                expected: manifest.modelVersion, actual: version)
        }
        guard scorer.classCount == classes.count else {
            throw .malformed(
                file: modelURL.path,
                reason: "it has \(scorer.classCount) classes but \(labelsURL.path) names \(classes.count)")
        }
        let header = scorer.header
        guard header.ngramMaxLength == args.ngramMaxRange, header.lower == args.lower,
            header.wordNgramMaxLength == args.wordNgramMaxRange, header.sublinearTF == args.sublinearTF
        else {
            throw .malformed(
                file: modelURL.path,
                reason: "its n-gram ranges, case or tf setting disagree with \(argsURL.path) (retrain, or restore the "
                    + "args.json it was trained with)")
        }
        return TagifaiModel(scorer: scorer, args: args, performance: performance, classes: classes, manifest: manifest)
    }

    /// Writes the model's five files into `directory`, creating it if needed.
    public func save(to directory: URL) throws(ArtifactError) {
        try ModelFolder.create(directory)
        let model = Data(scorer.bytes.buffer)
        try ArtifactJSON.write(model, directory.appendingPathComponent(FileName.model))
        try ModelFolder.writeDocuments(
            .init(args: args, performance: performance, classes: classes, manifest: manifest), to: directory)
    }
}

/// `labels.json`: the lesson's label encoder, `{"class_to_index": {name: index}}`.
struct Labels: Codable {
    var classToIndex: [String: Int]

    init(classes: [String]) {
        classToIndex = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
    }

    enum CodingKeys: String, CodingKey {
        case classToIndex = "class_to_index"
    }

    /// Encodes the names in index order so the file reads like the model's outputs.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        var names = container.nestedContainer(keyedBy: NameKey.self, forKey: .classToIndex)
        for (name, index) in classToIndex.sorted(by: { $0.value < $1.value }) {
            try names.encode(index, forKey: NameKey(name))
        }
    }

    /// The class names in index order, checking the indices are exactly 0..<count.
    func classes(file: String) throws(ArtifactError) -> [String] {
        let ordered = classToIndex.sorted { $0.value < $1.value }
        guard ordered.map(\.value) == Array(0..<ordered.count), ordered.count >= 2 else {
            throw .malformed(file: file, reason: "class_to_index must map at least two names to 0, 1, 2, ...")
        }
        return ordered.map(\.key)
    }
}
