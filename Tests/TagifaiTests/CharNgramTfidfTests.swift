import Testing
@testable import Tagifai

@Suite struct CharNgramTfidfTests {
    private func ngrams(_ padded: String, maxLength: Int) -> [String] {
        let bytes = Array(padded.utf8)
        var found: [String] = []
        bytes.withUnsafeBufferPointer { buffer in
            CharNgrams.forEach(in: buffer.baseAddress!, count: buffer.count, maxLength: maxLength) { start, length in
                found.append(String(decoding: buffer[start..<(start + length)], as: UTF8.self))
            }
        }
        return found
    }

    @Test func wordBoundedNgramsPadEachWordWithOneSpace() {
        #expect(ngrams(" ab ", maxLength: 3) == [" a", "ab", "b ", " ab", "ab "])
    }

    @Test func aPaddedWordShorterThanTheLongestLengthCountsOnceWhole() {
        // scikit-learn's char_wb on "ab" with ngram_range=(2, 8): ' a', 'ab', 'b ', ' ab', 'ab ', ' ab '.
        #expect(ngrams(" ab ", maxLength: 8) == [" a", "ab", "b ", " ab", "ab ", " ab "])
        #expect(ngrams(" a x ", maxLength: 8) == [" a", "a ", " a ", " x", "x ", " x "])
    }

    /// Scoring hashes n-grams by extending each window's prefix; it must see exactly the n-grams,
    /// each as often, that `forEach` gives (the order differs, and scoring sorts them anyway).
    @Test(arguments: [2, 3, 4, 6, 8])
    func forEachHashGivesTheHashesOfForEachsNgrams(maxLength: Int) {
        for padded in [" ab ", " a x ", " transfer learning with transformers ", " é ünïcode wörds ", " x "] {
            let bytes = Array(padded.utf8)
            var expected: [UInt64] = [], hashed: [UInt64] = []
            bytes.withUnsafeBufferPointer { buffer in
                CharNgrams.forEach(in: buffer.baseAddress!, count: buffer.count, maxLength: maxLength) { start, length in
                    expected.append(CharNgrams.hash(buffer.baseAddress!, start: start, length: length))
                }
                CharNgrams.forEachHash(in: buffer.baseAddress!, count: buffer.count, maxLength: maxLength) { hashed.append($0) }
            }
            #expect(hashed.sorted() == expected.sorted(), "\(padded) up to \(maxLength)")
        }
    }

    @Test func smoothIdfAndL2NormMatchHandComputedValues() throws {
        // Corpus "x", "x y" with bigrams: ' x' and 'x ' are in both documents (idf = ln(3/3) + 1 = 1),
        // ' y' and 'y ' in one (idf = ln(3/2) + 1 = 1.405465). "x y" has tf 1 for all four, so its
        // norm is sqrt(2 + 2 * 1.405465^2) = 2.439398 and its values 0.409937 and 0.576152.
        let vocabulary = try TfidfVocabulary(documents: [Array(" x ".utf8), Array(" x y ".utf8)], maxLength: 2)
        #expect(vocabulary.count == 4)
        #expect(abs(vocabulary.idf[0] - 1) < 1e-12)
        #expect(abs(vocabulary.idf[2] - 1.4054651081) < 1e-9)
        let vector = vocabulary.vector(Array(" x y ".utf8))
        #expect(vector.indices == [0, 1, 2, 3])
        let expected = [0.4099371460, 0.4099371460, 0.5761523552, 0.5761523552]
        for (value, want) in zip(vector.values, expected) { #expect(abs(value - want) < 1e-9) }
        let single = vocabulary.vector(Array(" x ".utf8))
        #expect(single.values.allSatisfy { abs($0 - 0.7071067812) < 1e-9 })
    }

    @Test func repeatedNgramsCountAsTermFrequency() throws {
        let vocabulary = try TfidfVocabulary(documents: [Array(" x x ".utf8)], maxLength: 2)
        let vector = vocabulary.vector(Array(" x x ".utf8))
        #expect(vector.indices == [0, 1])
        #expect(vector.values.allSatisfy { abs($0 - 0.7071067812) < 1e-9 })
        #expect(vocabulary.vector(Array(" unseen ".utf8)).indices.isEmpty)
    }

    @Test func helpersMatchTheirReferences() {
        #expect(DigestHex.sha256(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(DigestHex.sha256(of: [UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Quantile.value([1, 2, 3, 4, 5], at: 0.25) == 2)
        #expect(Quantile.value([0, 1], at: 0.25) == 0.25)
    }
}
