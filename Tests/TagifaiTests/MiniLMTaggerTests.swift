import Foundation
import Testing
import TestSupport
@testable import Tagifai
@testable import TagifaiMiniLM

/// The transformer tier's loader on small folders written here: a tiny encoder (hidden size 4,
/// one layer) of made-up weights, a head, and the manifest's hashes; then the folder damaged.
@Suite struct MiniLMTaggerTests {
    static let classes = ["computer-vision", "natural-language-processing", "other"]
    static let vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "image", "text", "pixel", "word"]
    static let (hidden, intermediate, positions) = (4, 8, 16)

    /// `count` made-up weights, different for every tensor (`seed`).
    static func values(_ count: Int, seed: Int) -> [Float] {
        (0..<count).map { Float(sin(Double($0 * 7 + seed * 13 + 1))) / 2 }
    }

    /// A head that picks the largest of the embedding's first three values.
    static func headWeights(width: Int) -> [Float] {
        (0..<classes.count).flatMap { row in (0..<width).map { $0 == row ? Float(8) : 0 } }
    }

    static func encoderTensors() -> [(name: String, shape: [Int], values: [Float])] {
        var tensors: [(name: String, shape: [Int], values: [Float])] = []
        func add(_ name: String, _ shape: [Int]) {
            tensors.append((name, shape, values(shape.reduce(1, *), seed: tensors.count)))
        }
        func norm(_ name: String) {
            tensors.append((name + ".weight", [hidden], [Float](repeating: 1, count: hidden)))
            tensors.append((name + ".bias", [hidden], [Float](repeating: 0, count: hidden)))
        }
        add("embeddings.word_embeddings.weight", [vocabulary.count, hidden])
        add("embeddings.position_embeddings.weight", [positions, hidden])
        add("embeddings.token_type_embeddings.weight", [2, hidden])
        norm("embeddings.LayerNorm")
        let layer = "encoder.layer.0"
        for part in ["attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"] {
            add("\(layer).\(part).weight", [hidden, hidden])
            add("\(layer).\(part).bias", [hidden])
        }
        norm("\(layer).attention.output.LayerNorm")
        add("\(layer).intermediate.dense.weight", [intermediate, hidden])
        add("\(layer).intermediate.dense.bias", [intermediate])
        add("\(layer).output.dense.weight", [hidden, intermediate])
        add("\(layer).output.dense.bias", [hidden])
        norm("\(layer).output.LayerNorm")
        return tensors
    }

    /// Writes a complete folder whose head is `headWidth` wide, the manifest naming every file's hash.
    static func writeFolder(_ scratch: ScratchFolder, headWidth: Int = hidden) throws -> URL {
        let folder = scratch.url.appendingPathComponent("model")
        let encoder = folder.appendingPathComponent("encoder")
        try FileManager.default.createDirectory(at: encoder, withIntermediateDirectories: true)
        let files: [String: String] = [
            "config.json": """
                {"vocab_size": \(vocabulary.count), "hidden_size": \(hidden), "num_hidden_layers": 1, "num_attention_heads": 2,
                 "intermediate_size": \(intermediate), "max_position_embeddings": \(positions), "type_vocab_size": 2,
                 "layer_norm_eps": 1e-12, "hidden_act": "gelu"}
                """,
            "sentence_bert_config.json": #"{"max_seq_length": 8}"#,
            "tokenizer_config.json": #"{"do_lower_case": true}"#,
            "vocab.txt": vocabulary.joined(separator: "\n") + "\n",
        ]
        for (name, text) in files { try Data(text.utf8).write(to: encoder.appendingPathComponent(name)) }
        try Data(SafetensorsWriter.encode(encoderTensors())).write(to: encoder.appendingPathComponent("model.safetensors"))
        let head = SafetensorsWriter.encode([
            ("weight", [classes.count, headWidth], headWeights(width: headWidth)),
            ("bias", [classes.count], [0.1, -0.1, 0]),
        ])
        try Data(head).write(to: folder.appendingPathComponent("head.safetensors"))
        let digests = try MiniLMModelFolder.weightFiles.map { file in
            ModelManifest.FileDigest(
                file: file, sha256: DigestHex.sha256(of: try Data(contentsOf: folder.appendingPathComponent(file))))
        }
        var args = TrainingArgs()
        args.features = "minilm"
        args.classifier = "logistic_regression"
        args.evaluation = "cv"
        args.threshold = 0
        let performance = Performance(overall: .init(precision: 1, recall: 1, f1: 1, numSamples: 3), perClass: [:], slices: [:])
        let manifest = ModelManifest(
            formatVersion: ModelManifest.currentFormatVersion, datasetSHA256: "fixture", datasetRows: 3,
            createdAt: "2026-01-01T00:00:00Z", modelVersion: ModelManifest.version(of: digests), files: digests)
        try ModelFolder.writeDocuments(
            .init(args: args, performance: performance, classes: classes, manifest: manifest), to: folder)
        return folder
    }

    @Test func safetensorsWrittenHereReadBack() throws {
        let bytes = SafetensorsWriter.encode([("w", [2, 3], [1, 2, 3, 4, 5, -6.5]), ("b", [2], [0.25, 1e-3])])
        let file = try SafetensorsFile(path: "written.safetensors", contents: bytes)
        #expect(try file.floats("w", shape: [2, 3]) == [1, 2, 3, 4, 5, -6.5])
        #expect(try file.floats("b", shape: [2]) == [0.25, 1e-3])
        let headerLength = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect((8 + headerLength) % 8 == 0)
    }

    @Test func loadsAFolderAndTagsWithItsEncoderHeadAndThreshold() throws {
        let scratch = try ScratchFolder("minilm-tagger")
        let folder = try Self.writeFolder(scratch)
        let tagger = try MiniLMTagger.load(from: folder)
        #expect(tagger.classes == Self.classes && tagger.tier == "minilm")
        let texts = ["Image pixel", "text word word", "", "unknown words", "pixel", "word image text", "text", "image"]
        let embedder = try MiniLMEmbedder(directory: folder.appendingPathComponent("encoder").path)
        let head = DenseHead(
            weights: Self.headWeights(width: Self.hidden), bias: [0.1, -0.1, 0], dimension: Self.hidden)
        let expected = embedder.embed(texts).map { Self.classes[head.best($0).index] }
        #expect(tagger.tags(for: texts) == expected)
        #expect(Set(expected).count > 1, "the made-up weights should tell some texts apart")
    }

    /// Texts of different lengths embedded as one batch (their rows packed one after another) get the
    /// embeddings each gets alone: no row of one text leaks into another's attention or pooling.
    @Test func aBatchOfDifferentLengthsEmbedsEachTextAsAlone() throws {
        let scratch = try ScratchFolder("minilm-tagger")
        let embedder = try MiniLMEmbedder(directory: Self.writeFolder(scratch).appendingPathComponent("encoder").path)
        let texts = ["pixel", "text word word image pixel", "", "image text", "word word word word word word word"]
        let together = embedder.embed(texts)
        #expect(Set(texts.map { embedder.tokenize([$0])[0].count }).count == texts.count, "every text a different length")
        for (text, (embedding, inPairs)) in zip(texts, zip(together, embedder.embed(texts, batchSize: 2))) {
            let alone = embedder.embed([text])[0]
            #expect(zip(alone, embedding).allSatisfy { abs($0 - $1) < 1e-6 }, "\(text): \(alone) alone, \(embedding) in the batch")
            #expect(zip(alone, inPairs).allSatisfy { abs($0 - $1) < 1e-6 }, "\(text): \(inPairs) in batches of two")
        }
    }

    @Test func refusesAMissingWeightFileByName() throws {
        let scratch = try ScratchFolder("minilm-tagger")
        let folder = try Self.writeFolder(scratch)
        let head = folder.appendingPathComponent("head.safetensors")
        try FileManager.default.removeItem(at: head)
        #expect(throws: ArtifactError.missing(file: head.path)) { try MiniLMTagger.load(from: folder) }
    }

    @Test func refusesAFileWhoseHashDiffersFromTheManifest() throws {
        let scratch = try ScratchFolder("minilm-tagger")
        let folder = try Self.writeFolder(scratch)
        let vocabulary = folder.appendingPathComponent("encoder/vocab.txt")
        let expected = DigestHex.sha256(of: try Data(contentsOf: vocabulary))
        try Data((Self.vocabulary + ["extra"]).joined(separator: "\n").utf8).write(to: vocabulary)
        let actual = DigestHex.sha256(of: try Data(contentsOf: vocabulary))
        #expect(throws: ArtifactError.digestMismatch(
            file: vocabulary.path, manifest: folder.appendingPathComponent("manifest.json").path, expected: expected,
            actual: actual)) { try MiniLMTagger.load(from: folder) }
    }

    @Test func refusesAHeadOfTheWrongShape() throws {
        let scratch = try ScratchFolder("minilm-tagger")
        let folder = try Self.writeFolder(scratch, headWidth: Self.hidden + 1)
        let head = folder.appendingPathComponent("head.safetensors").path
        do {
            _ = try MiniLMTagger.load(from: folder)
            Issue.record("a head 5 wide for an encoder of 4 loaded")
        } catch {
            guard case .malformed(let file, let reason) = error else { throw error }
            #expect(file == head)
            #expect(reason.contains("expected F32[3, 4], found F32[3, 5]"), "\(reason)")
        }
    }

    @Test func refusesAManifestThatDoesNotNameTheWeights() throws {
        let scratch = try ScratchFolder("minilm-tagger")
        let folder = try Self.writeFolder(scratch)
        var documents = try ModelFolder.readDocuments(from: folder)
        documents.manifest.files = nil
        try ModelFolder.writeDocuments(documents, to: folder)
        do {
            _ = try MiniLMTagger.load(from: folder)
            Issue.record("a manifest without files loaded")
        } catch {
            guard case .malformed(let file, let reason) = error else { throw error }
            #expect(file == folder.appendingPathComponent("manifest.json").path)
            #expect(reason.contains("head.safetensors"))
        }
    }

    @Test func theLinearLoaderRefusesATransformerFolderByName() throws {
        let scratch = try ScratchFolder("minilm-tagger")
        let folder = try Self.writeFolder(scratch)
        #expect(ModelFolder.holdsMiniLM(folder))
        do {
            _ = try TagifaiModel.load(from: folder)
            Issue.record("the linear loader took a minilm folder")
        } catch {
            #expect(error.description.contains("minilm"))
        }
    }
}
