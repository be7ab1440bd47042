import FoundationEssentials

/// Scores text against the weights of a `model.bin`, held in memory the process owns.
struct LinearScorer: Sendable {
    let bytes: ModelBytes
    let header: ModelFile.Header
    let cleaner: TextCleaner

    /// Checks all of `bytes` as a model file named `file`.
    init(bytes: ModelBytes, file: String) throws(ArtifactError) {
        self.bytes = bytes
        header = try ModelFile.validate(bytes, file: file)
        cleaner = TextCleaner(lower: header.lower)
    }

    var classCount: Int { header.classCount }

    /// The class probabilities (softmax of the linear scores) of a raw text.
    func probabilities(_ text: String) -> [Double] {
        [Double](unsafeUninitializedCapacity: classCount) { buffer, count in
            probabilities(text, into: buffer)
            count = classCount
        }
    }

    /// Writes the class probabilities of a raw text into `output` (`classCount` values); returns how
    /// many of the text's n-grams the vocabulary knows.
    @discardableResult
    func probabilities(_ text: String, into output: UnsafeMutableBufferPointer<Double>) -> Int {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: cleaner.upperBound(text)) { cleaned in
            let count = cleaner.writePaddedWords(text, into: cleaned.baseAddress!)
            return probabilities(padded: UnsafePointer(cleaned.baseAddress!), count: count, into: output)
        }
    }

    /// The most probable class of a raw text and the model's confidence in it: its probability,
    /// or 0 when none of the text's n-grams is in the vocabulary (the scores are then the biases
    /// alone, no evidence about the text), so such a text falls to the `other` rule.
    func best(_ text: String) -> (index: Int, probability: Double) {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: classCount) { output in
            let known = probabilities(text, into: output)
            var best = 0
            for index in 1..<classCount where output[index] > output[best] { best = index }
            return (best, known == 0 ? 0 : output[best])
        }
    }

    /// The feature index of an n-gram hash, or nil when the n-gram is not in the vocabulary.
    @inline(__always)
    private func feature(of hash: UInt64) -> UInt32? {
        let table = (bytes.base + header.tableOffset).assumingMemoryBound(to: UInt32.self)
        let hashes = (bytes.base + header.hashesOffset).assumingMemoryBound(to: UInt64.self)
        let mask = header.tableCapacity - 1
        var slot = ModelFile.slot(of: hash, mask: mask)
        while true {
            let entry = table[slot]
            if entry == 0 { return nil }
            if hashes[Int(entry - 1)] == hash { return entry - 1 }
            slot = (slot + 1) & mask
        }
    }

    private func probabilities(
        padded buffer: UnsafePointer<UInt8>, count: Int, into output: UnsafeMutableBufferPointer<Double>
    ) -> Int {
        let wordMax = header.wordNgramMaxLength
        let bound = CharNgrams.upperBound(count: count, maxLength: header.ngramMaxLength)
            + WordNgrams.upperBound(count: count, maxLength: wordMax)
        return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: max(bound, 1)) { features in
            var found = 0
            WordNgrams.forEach(in: buffer, count: count, maxLength: wordMax) { hash, _ in
                if let index = feature(of: hash) {
                    features[found] = index
                    found += 1
                }
            }
            CharNgrams.forEachHash(in: buffer, count: count, maxLength: header.ngramMaxLength) { hash in
                if let index = feature(of: hash) {
                    features[found] = index
                    found += 1
                }
            }
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: max(found, 1)) { scratch in
                score(UnsafeMutableBufferPointer(rebasing: features[0..<found]), scratch: scratch, into: output)
            }
            return found
        }
    }

    /// Writes the softmax of the linear scores of the feature indices `features` (each repeated once
    /// per occurrence, in any order; `scratch` as many) into `output`; the word block and the char
    /// block are each L2-normalised on their own. The features are summed in ascending order
    /// (`FeatureSort`).
    ///
    /// The classes' sums run four at a time in `SIMD4<Double>` lanes: each lane adds the same products
    /// in the same order as one scalar sum per class would, so the scores are the same to the bit. The
    /// first four classes' sums stay in registers; a model with more classes keeps the others in memory.
    private func score(
        _ features: UnsafeMutableBufferPointer<UInt32>, scratch: UnsafeMutableBufferPointer<UInt32>,
        into output: UnsafeMutableBufferPointer<Double>
    ) {
        let records = (bytes.base + header.recordsOffset).assumingMemoryBound(to: Float.self)
        let bias = (bytes.base + header.biasOffset).assumingMemoryBound(to: Float.self)
        let stride = header.recordStride, wordCount = UInt32(header.wordFeatureCount), sublinear = header.sublinearTF
        let classes = classCount, groups = (classes + 3) / 4
        withUnsafeTemporaryAllocation(of: SIMD4<Double>.self, capacity: 2 * groups) { sums in
            sums.initialize(repeating: .zero)
            var firstSums = (word: SIMD4<Double>.zero, char: SIMD4<Double>.zero)
            var squaredNorms = (word: 0.0, char: 0.0)
            FeatureSort.forEachDistinct(features, scratch: scratch) { index, termCount in
                let record = records + Int(index) * stride
                let value = TfidfVocabulary.termWeight(termCount, sublinear: sublinear) * Double(record[0])
                let first = value * Self.weights(record + 1, group: 0, classes: classes)
                // The word block's sums of groups past the first come first in `sums`, the char block's after them.
                let block: Int
                if index < wordCount {
                    squaredNorms.word += value * value
                    firstSums.word += first
                    block = 0
                } else {
                    squaredNorms.char += value * value
                    firstSums.char += first
                    block = groups
                }
                for group in 1..<groups {
                    sums[block + group] += value * Self.weights(record + 1, group: group, classes: classes)
                }
            }
            sums[0] = firstSums.word
            sums[groups] = firstSums.char
            let charScale = squaredNorms.char > 0 ? 1 / squaredNorms.char.squareRoot() : 0
            let wordScale = squaredNorms.word > 0 ? 1 / squaredNorms.word.squareRoot() : 0
            for index in 0..<classes {
                let (group, lane) = index.quotientAndRemainder(dividingBy: 4)
                output[index] = sums[groups + group][lane] * charScale + sums[group][lane] * wordScale + Double(bias[index])
            }
        }
        Softmax.normalize(output)
    }

    /// A record's weights for classes `4 * group` to `4 * group + 3` as doubles, zero past the last
    /// class (a record holds no padding, so a short last group is read weight by weight).
    @inline(__always)
    private static func weights(_ weights: UnsafePointer<Float>, group: Int, classes: Int) -> SIMD4<Double> {
        let first = 4 * group
        if first + 4 <= classes {
            let raw = UnsafeRawPointer(weights + first).loadUnaligned(as: SIMD4<Float>.self)
            return SIMD4<Double>(raw)
        }
        var lanes = SIMD4<Double>.zero
        for lane in 0..<(classes - first) { lanes[lane] = Double(weights[first + lane]) }
        return lanes
    }
}
