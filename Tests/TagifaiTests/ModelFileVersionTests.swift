import Foundation
import Testing
@testable import Tagifai

/// Format version 2 (word n-grams, sublinear tf) next to version 1 (the lesson's char n-grams).
@Suite struct ModelFileVersionTests {
    static func header(wordFeatures: Int = 2, sublinear: Bool = true) -> ModelFile.Header {
        ModelFile.Header(
            classCount: 2, featureCount: 5, tableCapacity: ModelFile.tableCapacity(featureCount: 5), ngramMaxLength: 3,
            lower: true, wordNgramMaxLength: 2, wordFeatureCount: wordFeatures, sublinearTF: sublinear)
    }

    static func bytes(_ header: ModelFile.Header = header()) -> [UInt8] {
        ModelFile.encode(
            hashes: [11, 22, 33, 44, 55], idf: [1, 2, 3, 4, 5], weights: [[1, 0, 1, 0, 1], [0, 1, 0, 1, 0]],
            bias: [0.5, -0.5], header: header)
    }

    static func word(_ bytes: [UInt8], _ index: Int) -> UInt32 {
        bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 8 + 4 * index, as: UInt32.self) }
    }

    @Test func aModelWithWordNgramsIsVersionTwoAndReadsBack() throws {
        let bytes = Self.bytes()
        #expect(Self.word(bytes, 0) == 2)
        #expect(Self.word(bytes, 5) == 3, "lowercase and sublinear tf flags")
        #expect(Self.word(bytes, 6) == 2 && Self.word(bytes, 7) == 2)
        let scorer = try LinearScorer(bytes: ModelBytes(copying: bytes), file: "v2/model.bin")
        #expect(scorer.header == Self.header())
    }

    @Test func aCharOnlyModelIsStillWrittenAsVersionOne() {
        let lesson = ModelFileValidationTests.validBytes()
        #expect(Self.word(lesson, 0) == 1)
        #expect(Self.word(lesson, 6) == 0 && Self.word(lesson, 7) == 0)
    }

    @Test func aNewerVersionIsRefusedNamingBoth() {
        var bytes = Self.bytes()
        ModelFileValidationTests.setWord(&bytes, at: 8, 3)
        ModelFileValidationTests.expectRefused(bytes, saying: "format version 3")
    }

    /// A header word at `offset` set to `value`, and the refusal it must give.
    @Test(arguments: [
        (8, 1, "its flags word is 3, but only 1 of its bits are defined in version 1"),
        (28, 7, "its flags word is 7, but only 3 of its bits are defined in version 2"),
        (32, 9, "its word n-gram fields (longest 9, 2 features) do not fit 0...4"),
        (36, 6, "(longest 2, 6 features) do not fit 0...4 and its 5 features"),
    ] as [(Int, UInt32, String)])
    func inconsistentVersionTwoFieldsAreRefused(offset: Int, value: UInt32, reason: String) {
        var bytes = Self.bytes()
        ModelFileValidationTests.setWord(&bytes, at: offset, value)
        ModelFileValidationTests.expectRefused(bytes, saying: reason)
    }

    @Test func aVersionTwoHeaderLabelledVersionOneIsRefused() {
        var bytes = Self.bytes(Self.header(sublinear: false))
        ModelFileValidationTests.setWord(&bytes, at: 8, 1)
        ModelFileValidationTests.expectRefused(
            bytes, saying: "says format version 1, but its header fields (word n-grams 2, sublinear tf false) are those of version 2")
    }

    @Test func aVersionOneFileWithWordFieldsIsRefused() {
        var bytes = ModelFileValidationTests.validBytes()
        ModelFileValidationTests.setWord(&bytes, at: 36, 1)
        ModelFileValidationTests.expectRefused(bytes, saying: "(longest 0, 1 features)")
        ModelFileValidationTests.setWord(&bytes, at: 28, 2)
        ModelFileValidationTests.expectRefused(bytes, saying: "only 1 of its bits are defined in version 1")
    }

    @Test func theScorerGivesTheSoftmaxOfTheTrainedWeightsOverBothBlocks() throws {
        let records = ModelFixture.records(mixed: 6)
        var args = ModelFixture.args
        args.wordNgramMaxRange = 2
        args.sublinearTF = true
        args.classifier = TrainingArgs.Classifier.logisticRegression.rawValue
        var generator = SeededGenerator(seed: 1)
        let data = try Trainer.prepare(records, args: args, shuffled: false, generator: &generator)
        let vocabulary = try TfidfVocabulary(
            documents: data.padded, settings: .init(charMaxLength: 4, wordMaxLength: 2, sublinearTF: true))
        let scorer = try Trainer.fitScorer(data, train: Array(data.rows.indices), args: args, generator: &generator)
        #expect(scorer.header.wordFeatureCount == vocabulary.wordCount && vocabulary.wordCount > 0)
        let model = LogisticRegression(
            data.padded.map(vocabulary.vector), data.labels, sampleWeights: data.labels.map { _ in 1 },
            classCount: data.classes.count, featureCount: vocabulary.count, c: args.c, tolerance: args.tol,
            maxIterations: args.maxIter)
        for text in ["apple apple rocket engine", "orbit launch", "ripe mango juicy peach harvest"] {
            let vector = vocabulary.vector(TextCleaner().paddedWords(text))
            let scores = (0..<data.classes.count).map { k in
                zip(vector.indices, vector.values).reduce(model.bias[k]) { $0 + model.weights[k][Int($1.0)] * $1.1 }
            }
            let expected = scores.map { exp($0) / scores.map { exp($0) }.reduce(0, +) }
            for (got, want) in zip(scorer.probabilities(text), expected) { #expect(abs(got - want) < 1e-5, "\(text)") }
        }
    }

    @Test func theLessonsArgsEncodeWithoutTheNewKeys() throws {
        let lesson = String(decoding: try JSONEncoder().encode(TrainingArgs()), as: UTF8.self)
        for key in ["word_ngram_max_range", "sublinear_tf", "classifier", "\"C\"", "evaluation"] {
            #expect(!lesson.contains(key))
        }
        var args = TrainingArgs()
        args.classifier = "linear_svm"
        args.c = 0.5
        let changed = try JSONDecoder().decode(TrainingArgs.self, from: JSONEncoder().encode(args))
        #expect(changed == args)
        args.classifier = "forest"
        args.classWeight = "even"
        args.cvFolds = 1
        #expect(args.problems.contains { $0.contains("classifier must be one of \"sgd\", \"logistic_regression\", \"linear_svm\"") })
        #expect(args.problems.contains { $0.contains("class_weight must be \"balanced\" or null") })
        #expect(args.problems.contains { $0.contains("cv_folds must be at least 2") })
    }
}
