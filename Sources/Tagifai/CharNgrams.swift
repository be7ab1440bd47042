/// The character n-grams of scikit-learn's `char_wb` analyser, read from padded cleaned words.
enum CharNgrams {
    /// The shortest n-gram the recipe uses.
    static let minLength = 2

    /// Calls `body(start, length)` for every n-gram of every word in `buffer` (`" w1 w2 "`).
    ///
    /// Each word with its surrounding spaces gives its windows of lengths 2 through `maxLength`;
    /// once a length reaches the padded word's own length, the whole padded word is counted once
    /// and longer lengths add nothing, exactly as `_char_wb_ngrams` does.
    @inline(__always)
    static func forEach(
        in buffer: UnsafePointer<UInt8>, count: Int, maxLength: Int, _ body: (Int, Int) -> Void
    ) {
        var wordStart = 1
        while wordStart < count {
            var wordEnd = wordStart
            while buffer[wordEnd] != 0x20 { wordEnd += 1 }
            let paddedStart = wordStart - 1
            let paddedLength = wordEnd - wordStart + 2
            var length = minLength
            while length <= maxLength {
                if length >= paddedLength {
                    body(paddedStart, paddedLength)
                    break
                }
                for offset in 0...(paddedLength - length) { body(paddedStart + offset, length) }
                length += 1
            }
            wordStart = wordEnd + 1
        }
    }

    /// Calls `body` with the hash of every n-gram `forEach` gives, in another order: the windows of
    /// lengths 2 through `maxLength` of each padded word, the whole padded word once when it is no
    /// longer than `maxLength`. FNV-1a hashes a window by extending its shorter prefix by one byte, so
    /// all the windows starting at one offset cost one pass over the longest, not one pass each.
    @inline(__always)
    static func forEachHash(in buffer: UnsafePointer<UInt8>, count: Int, maxLength: Int, _ body: (UInt64) -> Void) {
        var wordStart = 1
        while wordStart < count {
            var wordEnd = wordStart
            while buffer[wordEnd] != 0x20 { wordEnd += 1 }
            let paddedEnd = wordEnd + 1
            for start in (wordStart - 1)..<(paddedEnd - 1) {
                var hash = step(offsetBasis, buffer[start])
                for index in (start + 1)..<min(start + maxLength, paddedEnd) {
                    hash = step(hash, buffer[index])
                    body(hash)
                }
            }
            wordStart = wordEnd + 1
        }
    }

    /// The most n-grams `forEach` can produce for a buffer of `count` bytes.
    static func upperBound(count: Int, maxLength: Int) -> Int {
        2 * count * max(maxLength - minLength + 1, 1)
    }

    /// The 64-bit FNV-1a hash of an n-gram, the key of the feature table.
    @inline(__always)
    static func hash(_ buffer: UnsafePointer<UInt8>, start: Int, length: Int) -> UInt64 {
        var hash = offsetBasis
        for index in start..<(start + length) { hash = step(hash, buffer[index]) }
        return hash
    }

    /// FNV-1a's starting value.
    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325

    /// One byte of FNV-1a.
    @inline(__always)
    static func step(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
        (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }
}
