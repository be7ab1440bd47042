import FoundationEssentials
import Glibc

/// The n-gram vocabulary and smoothed idf fitted on the training texts, as scikit-learn's
/// `TfidfVectorizer(analyzer="char_wb", ngram_range=(2, n))` fits them, optionally unioned
/// (`FeatureUnion`) with a `TfidfVectorizer(analyzer="word", ngram_range=(1, m))`.
///
/// Word features come first (indices `0..<wordCount`), then char features; each block's part of
/// a vector is L2-normalised on its own, as each vectoriser of a union normalises its output.
struct TfidfVocabulary {
    /// What the vocabulary reads and how it weighs counts.
    struct Settings: Equatable {
        var charMaxLength: Int
        var wordMaxLength = 0
        var sublinearTF = false
        var minDF = 1
    }

    let settings: Settings
    private(set) var hashes: [UInt64] = []
    private(set) var idf: [Double] = []
    /// How many of the features (the first ones) are word n-grams.
    private(set) var wordCount = 0
    private var indexOfHash: [UInt64: Int32] = [:]

    var count: Int { hashes.count }
    var maxLength: Int { settings.charMaxLength }

    /// Fits on padded cleaned texts with char n-grams up to `maxLength` only (the lesson).
    init(documents: [[UInt8]], maxLength: Int) throws(TrainingError) {
        try self.init(documents: documents, settings: Settings(charMaxLength: maxLength))
    }

    /// Fits on padded cleaned texts; idf = ln((1 + n) / (1 + df)) + 1, n-grams found in fewer
    /// than `minDF` texts dropped.
    ///
    /// - Throws: `TrainingError.hashCollision` if two different n-grams share a hash.
    init(documents: [[UInt8]], settings: Settings) throws(TrainingError) {
        self.settings = settings
        var keys: [[UInt8]] = []
        var keyHashes: [UInt64] = []
        var isWord: [Bool] = []
        var documentFrequency: [Int] = []
        var lastDocument: [Int] = []
        var seen: [UInt64: Int] = [:]
        var collision: (String, String)?
        for (documentIndex, document) in documents.enumerated() {
            Self.forEachNgram(document, settings) { hash, word, key in
                if let index = seen[hash] {
                    if keys[index] != key() {
                        collision = (String(decoding: keys[index], as: UTF8.self), String(decoding: key(), as: UTF8.self))
                    }
                    if lastDocument[index] != documentIndex {
                        lastDocument[index] = documentIndex
                        documentFrequency[index] += 1
                    }
                } else {
                    seen[hash] = keys.count
                    keys.append(key())
                    keyHashes.append(hash)
                    isWord.append(word)
                    documentFrequency.append(1)
                    lastDocument.append(documentIndex)
                }
            }
            if let collision { throw .hashCollision(collision.0, collision.1) }
        }
        let documentCount = Double(documents.count)
        for word in [true, false] {
            for index in keys.indices where isWord[index] == word && documentFrequency[index] >= settings.minDF {
                indexOfHash[keyHashes[index]] = Int32(hashes.count)
                hashes.append(keyHashes[index])
                idf.append(log((1 + documentCount) / (1 + Double(documentFrequency[index]))) + 1)
                if word { wordCount += 1 }
            }
        }
    }

    /// Calls `body(hash, isWord, key)` for every n-gram of a padded cleaned text, word n-grams
    /// first; `key()` gives the bytes the hash covers.
    private static func forEachNgram(
        _ document: [UInt8], _ settings: Settings, _ body: (UInt64, Bool, () -> [UInt8]) -> Void
    ) {
        document.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress!
            WordNgrams.forEach(in: base, count: buffer.count, maxLength: settings.wordMaxLength) { hash, tokens in
                body(hash, true) { WordNgrams.key(base, tokens: tokens) }
            }
            CharNgrams.forEach(in: base, count: buffer.count, maxLength: settings.charMaxLength) { start, length in
                body(CharNgrams.hash(base, start: start, length: length), false) { Array(buffer[start..<(start + length)]) }
            }
        }
    }

    /// The TF-IDF vector of a padded cleaned text, each block L2-normalised; unknown n-grams are
    /// ignored.
    func vector(_ document: [UInt8]) -> SparseVector {
        var found: [Int32] = []
        Self.forEachNgram(document, settings) { hash, _, _ in
            if let index = indexOfHash[hash] { found.append(index) }
        }
        found.sort()
        var vector = SparseVector()
        var position = 0
        while position < found.count {
            let index = found[position]
            var termCount = 1
            while position + termCount < found.count && found[position + termCount] == index { termCount += 1 }
            vector.indices.append(index)
            vector.values.append(Self.termWeight(termCount, sublinear: settings.sublinearTF) * idf[Int(index)])
            position += termCount
        }
        let split = vector.indices.firstIndex { $0 >= Int32(wordCount) } ?? vector.indices.count
        for block in [0..<split, split..<vector.indices.count] {
            let norm = vector.values[block].reduce(0) { $0 + $1 * $1 }.squareRoot()
            if norm > 0 { for index in block { vector.values[index] /= norm } }
        }
        return vector
    }

    /// A term count's weight: the count, or `1 + ln(count)` with sublinear tf.
    @inline(__always)
    static func termWeight(_ count: Int, sublinear: Bool) -> Double {
        // A term seen once weighs 1 either way (log 1 is 0), and most terms of a text are seen once.
        count == 1 ? 1 : sublinear ? 1 + log(Double(count)) : Double(count)
    }
}
