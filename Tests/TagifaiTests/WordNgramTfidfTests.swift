import Foundation
import Testing
@testable import Tagifai

@Suite struct WordNgramTfidfTests {
    private func wordNgrams(_ padded: String, maxLength: Int) -> [String] {
        let bytes = Array(padded.utf8)
        var found: [String] = []
        bytes.withUnsafeBufferPointer { buffer in
            WordNgrams.forEach(in: buffer.baseAddress!, count: buffer.count, maxLength: maxLength) { hash, tokens in
                let key = WordNgrams.key(buffer.baseAddress!, tokens: tokens)
                #expect(key.first == WordNgrams.marker)
                key.withUnsafeBufferPointer { #expect(CharNgrams.hash($0.baseAddress!, start: 0, length: $0.count) == hash) }
                found.append(String(decoding: key.dropFirst(), as: UTF8.self))
            }
        }
        return found
    }

    @Test func tokensAreWordsOfTwoOrMoreCharactersAndNgramsJoinConsecutiveTokens() {
        // scikit-learn's word analyser with token_pattern \b\w\w+\b drops "c" before pairing.
        #expect(wordNgrams(" ab c de fg ", maxLength: 2) == ["ab", "de", "ab de", "fg", "de fg"])
        #expect(wordNgrams(" ab de fg ", maxLength: 3) == ["ab", "de", "ab de", "fg", "de fg", "ab de fg"])
        #expect(wordNgrams(" a b ", maxLength: 2).isEmpty)
        #expect(wordNgrams(" ab ", maxLength: 0).isEmpty)
    }

    /// "apple apple pie" and "pie crust", words 1-2 and char bigrams, sublinear tf.
    private func vocabulary(minDF: Int = 1) throws -> TfidfVocabulary {
        try TfidfVocabulary(
            documents: [Array(" apple apple pie ".utf8), Array(" pie crust ".utf8)],
            settings: .init(charMaxLength: 2, wordMaxLength: 2, sublinearTF: true, minDF: minDF))
    }

    @Test func wordFeaturesComeFirstInOrderOfAppearance() throws {
        let vocabulary = try vocabulary()
        #expect(vocabulary.wordCount == 6)
        let words = ["apple", "apple apple", "pie", "apple pie", "crust", "pie crust"].map { key in
            ([WordNgrams.marker] + Array(key.utf8)).withUnsafeBufferPointer {
                CharNgrams.hash($0.baseAddress!, start: 0, length: $0.count)
            }
        }
        #expect(Array(vocabulary.hashes.prefix(6)) == words)
    }

    @Test func sublinearTfIdfOfEachBlockMatchesHandComputedValues() throws {
        // n = 2 texts. Word block of "apple apple pie": apple tf 2, df 1 -> (1 + ln 2)(1 + ln 1.5);
        // "apple apple" and "apple pie" tf 1, df 1 -> 1 + ln 1.5; pie tf 1, df 2 -> ln(3/3) + 1 = 1.
        let vocabulary = try vocabulary()
        let vector = vocabulary.vector(Array(" apple apple pie ".utf8))
        let rare = 1 + log(1.5)
        let raw = [(1 + log(2.0)) * rare, rare, 1, rare]
        let norm = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
        #expect(Array(vector.indices.prefix(4)) == [0, 1, 2, 3])
        for (value, want) in zip(vector.values.prefix(4), raw.map { $0 / norm }) { #expect(abs(value - want) < 1e-12) }
        // Char block: each block has norm 1. "e " ends both "apple"s and "pie" (tf 3), " p" starts
        // "pie" (tf 1); both are in the two texts, so idf 1 and their ratio is (1 + ln 3) / 1.
        #expect(abs(vector.values.dropFirst(4).reduce(0) { $0 + $1 * $1 } - 1) < 1e-12)
        #expect(abs(vector.values.prefix(4).reduce(0) { $0 + $1 * $1 } - 1) < 1e-12)
        func value(_ start: Int) -> Double {
            let hash = Array(" pie ".utf8).withUnsafeBufferPointer { CharNgrams.hash($0.baseAddress!, start: start, length: 2) }
            let index = Int32(vocabulary.hashes.firstIndex(of: hash)!)
            return vector.values[vector.indices.firstIndex(of: index)!]
        }
        #expect(abs(value(3) / value(0) - (1 + log(3.0))) < 1e-12)
    }

    @Test func minDfKeepsOnlyNgramsInEnoughTexts() throws {
        let vocabulary = try vocabulary(minDF: 2)
        // Only "pie" among the words; " p", "pi", "ie", "e " among the char bigrams.
        #expect(vocabulary.wordCount == 1)
        #expect(vocabulary.count == 5)
        #expect(vocabulary.idf.allSatisfy { abs($0 - 1) < 1e-12 })
    }
}
