import Foundation

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
        let bound = CharNgrams.upperBound(count: count, maxLength: header.ngramMaxLength)
        return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: max(bound, 1)) { features in
            var found = 0
            CharNgrams.forEach(in: buffer, count: count, maxLength: header.ngramMaxLength) { start, length in
                if let index = feature(of: CharNgrams.hash(buffer, start: start, length: length)) {
                    features[found] = index
                    found += 1
                }
            }
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: max(found, 1)) { scratch in
                FeatureSort.sort(UnsafeMutableBufferPointer(rebasing: features[0..<found]), scratch: scratch)
            }
            let records = (bytes.base + header.recordsOffset).assumingMemoryBound(to: Float.self)
            let bias = (bytes.base + header.biasOffset).assumingMemoryBound(to: Float.self)
            let stride = header.recordStride
            for index in 0..<classCount { output[index] = 0 }
            var squaredNorm = 0.0
            var position = 0
            while position < found {
                let index = features[position]
                var termCount = 1
                while position + termCount < found && features[position + termCount] == index { termCount += 1 }
                let record = records + Int(index) * stride
                let value = Double(termCount) * Double(record[0])
                squaredNorm += value * value
                for classIndex in 0..<classCount { output[classIndex] += value * Double(record[1 + classIndex]) }
                position += termCount
            }
            let scale = squaredNorm > 0 ? 1 / squaredNorm.squareRoot() : 0
            for index in 0..<classCount { output[index] = output[index] * scale + Double(bias[index]) }
            Softmax.normalize(output)
            return found
        }
    }
}
