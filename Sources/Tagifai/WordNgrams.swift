/// The word n-grams of scikit-learn's `word` analyser (`token_pattern=r"(?u)\b\w\w+\b"`), read
/// from padded cleaned words: tokens are the words of two or more characters, and an n-gram is
/// `n` consecutive tokens joined by one space.
enum WordNgrams {
    /// The byte a word n-gram's key and hash start with, so no word n-gram shares a key with a
    /// char n-gram (cleaned text holds only `[a-z0-9 ]`).
    static let marker: UInt8 = 0x01

    /// Calls `body(hash, tokens)` for every word n-gram of lengths 1 through `maxLength` of
    /// `buffer` (`" w1 w2 "`), in text order (at each token, the n-grams ending there, shortest
    /// first); `tokens` holds the (start, length) of the n-gram's words.
    @inline(__always)
    static func forEach(
        in buffer: UnsafePointer<UInt8>, count: Int, maxLength: Int,
        _ body: (UInt64, UnsafeBufferPointer<(start: Int, length: Int)>) -> Void
    ) {
        guard maxLength > 0 else { return }
        withUnsafeTemporaryAllocation(of: (start: Int, length: Int).self, capacity: maxLength) { recent in
            var held = 0
            var wordStart = 1
            while wordStart < count {
                var wordEnd = wordStart
                while buffer[wordEnd] != 0x20 { wordEnd += 1 }
                if wordEnd - wordStart >= 2 {
                    if held == maxLength {
                        for index in 1..<maxLength { recent[index - 1] = recent[index] }
                        held -= 1
                    }
                    recent[held] = (wordStart, wordEnd - wordStart)
                    held += 1
                    for length in 1...held {
                        let tokens = UnsafeBufferPointer(rebasing: recent[(held - length)..<held])
                        body(hash(buffer, tokens: tokens), tokens)
                    }
                }
                wordStart = wordEnd + 1
            }
        }
    }

    /// The 64-bit FNV-1a hash of `marker`, then the tokens joined by single spaces.
    @inline(__always)
    static func hash(_ buffer: UnsafePointer<UInt8>, tokens: UnsafeBufferPointer<(start: Int, length: Int)>) -> UInt64 {
        var hash = CharNgrams.step(CharNgrams.offsetBasis, marker)
        for (position, token) in tokens.enumerated() {
            if position > 0 { hash = CharNgrams.step(hash, 0x20) }
            for index in token.start..<(token.start + token.length) { hash = CharNgrams.step(hash, buffer[index]) }
        }
        return hash
    }

    /// The bytes the hash covers, the key training compares to find hash collisions.
    static func key(_ buffer: UnsafePointer<UInt8>, tokens: UnsafeBufferPointer<(start: Int, length: Int)>) -> [UInt8] {
        var key = [marker]
        for (position, token) in tokens.enumerated() {
            if position > 0 { key.append(0x20) }
            key.append(contentsOf: UnsafeBufferPointer(start: buffer + token.start, count: token.length))
        }
        return key
    }

    /// The most n-grams `forEach` can produce for a buffer of `count` bytes.
    static func upperBound(count: Int, maxLength: Int) -> Int {
        count / 3 * maxLength + 1
    }
}
