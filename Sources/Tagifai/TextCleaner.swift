/// Cleans a project's text the way the lesson's recipe does before vectorising it.
///
/// The steps: lowercase; drop English stop words (whole runs of word characters, as the regex
/// `\b(word)\b` would); turn everything outside `[a-z0-9]` into spaces; drop any URL (`http\S+`);
/// collapse spaces. It works on bytes so the serving path allocates no strings.
public struct TextCleaner: Sendable, Equatable {
    /// Whether text is lowercased first (the lesson's `lower` argument).
    public var lower: Bool

    /// A cleaner for the recipe's `lower` setting.
    public init(lower: Bool = true) {
        self.lower = lower
    }

    /// The cleaned text: words of `[a-z0-9]` separated by single spaces.
    public func clean(_ text: String) -> String {
        let padded = paddedWords(text)
        guard padded.count > 2 else { return "" }
        return String(decoding: padded[1..<(padded.count - 1)], as: UTF8.self)
    }

    /// The cleaned words with one space before, between and after them (`" w1 w2 "`, or `" "`).
    ///
    /// Padding every word with a space is what the `char_wb` analyser does, so n-grams can be read
    /// straight out of this buffer.
    func paddedWords(_ text: String) -> [UInt8] {
        let capacity = upperBound(text)
        return [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            count = writePaddedWords(text, into: buffer.baseAddress!)
        }
    }

    /// The most bytes `writePaddedWords` can write for `text`.
    func upperBound(_ text: String) -> Int {
        // Lowercasing can lengthen a non-ASCII text; each scalar writes at most one byte.
        (lower ? text.utf8.count * 3 : text.utf8.count) + 2
    }

    /// Writes the padded cleaned words of `text` into `output` and returns how many bytes it wrote.
    func writePaddedWords(_ text: String, into output: UnsafeMutablePointer<UInt8>) -> Int {
        var writer = CleanedTextWriter(output: output, keepUppercase: !lower)
        // An ASCII text is read byte by byte straight from the string's storage; any other text (or
        // one without contiguous storage) scalar by scalar, which for ASCII writes the same bytes.
        let wroteASCII = text.utf8.withContiguousStorageIfAvailable { bytes in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return false }
            for byte in bytes {
                let lowered = lower && byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                writer.consume(UInt32(lowered), isWord: CleanedTextWriter.isASCIIWord(lowered))
            }
            return true
        } ?? false
        if !wroteASCII {
            for scalar in (lower ? text.lowercased() : text).unicodeScalars {
                writer.consume(scalar.value, isWord: CleanedTextWriter.isWord(scalar))
            }
        }
        let written = writer.finish()
        return URLRemover.removeURLs(in: output, count: written)
    }
}
