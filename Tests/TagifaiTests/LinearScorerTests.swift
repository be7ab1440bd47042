import Testing
@testable import Tagifai

@Suite struct LinearScorerTests {
    /// A char n-gram model whose features are the n-grams of `text`, with one weight row per bias:
    /// row `k` is a fixed row of varied weights times `k % 4 + 1`, so row `k + 4` repeats row `k`.
    private static func scorer(knowing text: String, bias: [Float]) throws -> LinearScorer {
        var hashes: Set<UInt64> = []
        let padded = TextCleaner().paddedWords(text)
        padded.withUnsafeBufferPointer { buffer in
            CharNgrams.forEachHash(in: buffer.baseAddress!, count: buffer.count, maxLength: 4) { hashes.insert($0) }
        }
        let features = hashes.sorted()
        let base = features.indices.map { Float($0 % 11) * 0.173 - 0.8 }
        let bytes = ModelFile.encode(
            hashes: features, idf: features.indices.map { Float($0 % 5) * 0.25 + 1 },
            weights: bias.indices.map { row in base.map { $0 * Float(row % 4 + 1) } }, bias: bias, ngramMaxLength: 4,
            lower: true)
        return try LinearScorer(bytes: ModelBytes(copying: bytes), file: "six/model.bin")
    }

    /// Classes past the fourth are summed in memory, the first four in registers: a class whose weights
    /// and bias repeat another's, four places on, must get the very same probability.
    @Test func aClassPastTheFourthScoresLikeTheClassItRepeats() throws {
        let text = "Rocket engines and ripe mangoes, rocket launch and orbit"
        let scorer = try Self.scorer(knowing: text, bias: [0.1, -0.2, 0.3, 0.05, 0.1, -0.2])
        let probabilities = scorer.probabilities(text)
        #expect(probabilities.count == 6)
        #expect(probabilities[4] == probabilities[0])
        #expect(probabilities[5] == probabilities[1])
        #expect(Set(probabilities[0..<4]).count == 4, "the text's n-grams move the scores apart")
        #expect(abs(probabilities.reduce(0, +) - 1) < 1e-12)
    }
}
