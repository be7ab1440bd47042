import Foundation

/// The n-gram vocabulary and smoothed idf fitted on the training texts, as scikit-learn's
/// `TfidfVectorizer(analyzer="char_wb", ngram_range=(2, n))` fits them.
struct TfidfVocabulary {
    let maxLength: Int
    private(set) var hashes: [UInt64] = []
    private(set) var idf: [Double] = []
    private var indexOfHash: [UInt64: Int32] = [:]

    var count: Int { hashes.count }

    /// Fits on padded cleaned texts; idf = ln((1 + n) / (1 + df)) + 1.
    ///
    /// - Throws: `TrainingError.hashCollision` if two different n-grams share a hash.
    init(documents: [[UInt8]], maxLength: Int) throws(TrainingError) {
        self.maxLength = maxLength
        var ngrams: [[UInt8]] = []
        var documentFrequency: [Int] = []
        var lastDocument: [Int] = []
        var collision: (String, String)?
        for (documentIndex, document) in documents.enumerated() {
            document.withUnsafeBufferPointer { buffer in
                let base = buffer.baseAddress!
                CharNgrams.forEach(in: base, count: buffer.count, maxLength: maxLength) { start, length in
                    let hash = CharNgrams.hash(base, start: start, length: length)
                    if let index = indexOfHash[hash] {
                        if !ngrams[Int(index)].elementsEqual(buffer[start..<(start + length)]) {
                            collision = (
                                String(decoding: ngrams[Int(index)], as: UTF8.self),
                                String(decoding: buffer[start..<(start + length)], as: UTF8.self)
                            )
                        }
                        if lastDocument[Int(index)] != documentIndex {
                            lastDocument[Int(index)] = documentIndex
                            documentFrequency[Int(index)] += 1
                        }
                    } else {
                        indexOfHash[hash] = Int32(hashes.count)
                        hashes.append(hash)
                        ngrams.append(Array(buffer[start..<(start + length)]))
                        documentFrequency.append(1)
                        lastDocument.append(documentIndex)
                    }
                }
            }
            if let collision { throw .hashCollision(collision.0, collision.1) }
        }
        let documentCount = Double(documents.count)
        idf = documentFrequency.map { log((1 + documentCount) / (1 + Double($0))) + 1 }
    }

    /// The L2-normalised TF-IDF vector of a padded cleaned text; unknown n-grams are ignored.
    func vector(_ document: [UInt8]) -> SparseVector {
        var found: [Int32] = []
        document.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress!
            CharNgrams.forEach(in: base, count: buffer.count, maxLength: maxLength) { start, length in
                if let index = indexOfHash[CharNgrams.hash(base, start: start, length: length)] {
                    found.append(index)
                }
            }
        }
        found.sort()
        var vector = SparseVector()
        var position = 0
        while position < found.count {
            let index = found[position]
            var termCount = 1
            while position + termCount < found.count && found[position + termCount] == index { termCount += 1 }
            vector.indices.append(index)
            vector.values.append(Double(termCount) * idf[Int(index)])
            position += termCount
        }
        let norm = vector.values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm > 0 { vector.values = vector.values.map { $0 / norm } }
        return vector
    }
}
