import Foundation
import TestSupport
import Testing
@testable import Tagifai

/// A loaded model keeps answering from the weights it loaded, whatever is written over its
/// file afterwards; `model.bin` must also be the file `manifest.json` names.
@Suite struct ModelReplacementTests {
    private func savedModel(in scratch: ScratchFolder) throws -> URL {
        let folder = scratch.url.appendingPathComponent("model")
        try ModelFixture.train().save(to: folder)
        return folder
    }

    /// Writes `bytes` over the file at `url` in place (same inode), as `cp` does.
    private func overwriteInPlace(_ url: URL, with bytes: [UInt8]) throws {
        let fd = open(url.path, O_WRONLY | O_TRUNC)
        #expect(fd >= 0)
        defer { close(fd) }
        #expect(write(fd, bytes, bytes.count) == bytes.count)
    }

    @Test func predictionsSurviveTheFileBeingTruncatedAndRewrittenInPlace() throws {
        let scratch = try ScratchFolder("replace")
        let folder = try savedModel(in: scratch)
        let model = try TagifaiModel.load(from: folder)
        let texts = ModelFixture.records().map(\.text) + ["", "rocket apple", "zzzz"]
        let before = texts.map { model.probabilities($0) }
        let url = folder.appendingPathComponent("model.bin")
        let original = try [UInt8](Data(contentsOf: url))

        try overwriteInPlace(url, with: [])
        #expect(texts.map { model.probabilities($0) } == before)
        try overwriteInPlace(url, with: original.map { ~$0 })
        #expect(texts.map { model.probabilities($0) } == before)
        try overwriteInPlace(url, with: Array(original.prefix(100)))
        #expect(texts.map { model.probabilities($0) } == before)
    }

    @Test func aModelFileOtherThanTheManifestNamesIsRefused() throws {
        let scratch = try ScratchFolder("replace")
        let folder = try savedModel(in: scratch)
        let expected = try TagifaiModel.load(from: folder).manifest.modelVersion
        var args = ModelFixture.args
        args.numEpochs = 3
        let other = try ModelFixture.train(args)
        #expect(other.manifest.modelVersion != expected)
        let url = folder.appendingPathComponent("model.bin")
        try Data(other.scorer.bytes.buffer).write(to: url)
        #expect(
            throws: ArtifactError.versionMismatch(
                file: url.path, manifest: folder.appendingPathComponent("manifest.json").path, expected: expected,
                actual: other.manifest.modelVersion)
        ) { try TagifaiModel.load(from: folder) }
    }
}
