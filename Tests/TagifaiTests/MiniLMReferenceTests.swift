import Foundation
import Testing
import TestSupport
@testable import TagifaiMiniLM

/// Our MiniLM against sentence-transformers on the shipped projects' texts: the same token ids and
/// embeddings at cosine ≥ 0.9999. Runs where the weights are (`TAGIFAI_MINILM_DIR`, else
/// `.build/minilm` as `scripts/fetch-minilm` leaves them) and a Python with sentence-transformers
/// (`TAGIFAI_MINILM_PYTHON`, else the venv `scripts/install-minilm-reference` makes, else python3);
/// the reference figures are computed by that Python in the same run, never stored.
@Suite struct MiniLMReferenceTests {
    static let modelDirectory = ProcessInfo.processInfo.environment["TAGIFAI_MINILM_DIR"]
        ?? PackageFiles.root.appendingPathComponent(".build/minilm").path

    static let python: String? = {
        let venv = PackageFiles.root.appendingPathComponent(".build/minilm-reference/bin/python").path
        let candidates = [ProcessInfo.processInfo.environment["TAGIFAI_MINILM_PYTHON"], venv, "/usr/bin/python3"].compactMap { $0 }
        return candidates.first { path in
            FileManager.default.isExecutableFile(atPath: path)
                && (try? runTool(path, ["-c", "import sentence_transformers"], environment: testEnvironment()).status) == 0
        }
    }()

    static let available = FileManager.default.fileExists(atPath: modelDirectory + "/model.safetensors") && python != nil

    /// How many of the projects' texts are compared (eight batches of 32); the reference script adds
    /// its edge cases after them.
    static let textCount = 256

    struct Reference: Decodable {
        let texts: [String]
        let ids: [[Int32]]
        let embeddings: [[Double]]
    }

    @Test(.enabled(if: available, "needs scripts/fetch-minilm and scripts/install-minilm-reference"))
    func matchesSentenceTransformers() throws {
        let result = try runTool(
            Self.python!,
            [
                PackageFiles.root.appendingPathComponent("Tests/Fixtures/minilm_reference.py").path,
                Self.modelDirectory,
                PackageFiles.root.appendingPathComponent("models/data/projects.csv").path,
                String(Self.textCount),
            ],
            environment: testEnvironment(["HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"]),
            timeout: .seconds(600)
        )
        #expect(result.status == 0, "\(result.stderr)")
        let reference = try JSONDecoder().decode(Reference.self, from: result.stdout)
        #expect(reference.texts.count > Self.textCount)

        let embedder = try MiniLMEmbedder(directory: Self.modelDirectory)
        let ours = embedder.tokenize(reference.texts)
        let differing = reference.texts.indices.filter { ours[$0] != reference.ids[$0] }
        for index in differing.prefix(5) {
            Issue.record("text \(index) \(reference.texts[index].prefix(80).debugDescription): ids \(ours[index].prefix(40)), reference \(reference.ids[index].prefix(40))")
        }
        var cosines: [Double] = []
        for start in stride(from: 0, to: reference.texts.count, by: 32) {
            let batch = Array(reference.texts[start..<min(start + 32, reference.texts.count)])
            for (offset, ours) in embedder.embed(batch).enumerated() {
                let theirs = reference.embeddings[start + offset]
                let dot = zip(ours, theirs).reduce(0.0) { $0 + Double($1.0) * $1.1 }
                let norms = (ours.reduce(0.0) { $0 + Double($1) * Double($1) } * theirs.reduce(0.0) { $0 + $1 * $1 }).squareRoot()
                cosines.append(dot / norms)
            }
        }
        let worst = cosines.enumerated().min { $0.element < $1.element }!
        #expect(worst.element >= 0.9999, "text \(worst.offset) (\(reference.texts[worst.offset].prefix(60))…) has cosine \(worst.element)")
        print("MiniLM: \(cosines.count) texts, \(differing.count) with other token ids, lowest cosine \(worst.element)")
    }
}
