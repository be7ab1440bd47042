// The canonical decomposition (NFD) comes from the standard library itself, which carries it for
// String comparison: `String._nfd`, behind the `_Unicode` SPI of the pinned toolchain (Swift 6.3).
// Foundation's `decomposedStringWithCanonicalMapping` would bring the full Foundation and ICU's
// data into the served binary; this SPI costs nothing. If a toolchain drops it, the tokenizer tests
// and MiniLMReferenceTests say so.
@_spi(_Unicode) import Swift

/// The text normalisation of BERT's uncased tokenizer, in the order of its fast (Rust) implementation:
/// drop NUL, U+FFFD and control characters and turn every whitespace into a space; put spaces around
/// CJK ideographs; decompose (NFD) and drop nonspacing marks (accents); lower-case.
public struct BertTextNormalizer: Sendable {
    /// Whether accents are stripped and text lower-cased (the uncased models).
    public let lowercase: Bool

    public init(lowercase: Bool) {
        self.lowercase = lowercase
    }

    /// The normalised text as Unicode scalars: the tokenizer works on code points, not graphemes.
    public func normalize(_ text: String) -> [Unicode.Scalar] {
        var cleaned = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.value == 0 || scalar.value == 0xFFFD || Self.isControl(scalar) { continue }
            if Self.isWhitespace(scalar) {
                cleaned.append(" ")
            } else if Self.isCJKIdeograph(scalar) {
                cleaned.append(" ")
                cleaned.append(scalar)
                cleaned.append(" ")
            } else {
                cleaned.append(scalar)
            }
        }
        guard lowercase else { return Array(cleaned) }
        let stripped = String(cleaned)._nfd.filter { $0.properties.generalCategory != .nonspacingMark }
        return Self.lowercased(stripped)
    }

    /// Full Unicode lower-casing of each scalar on its own, as the fast tokenizer does: no
    /// final-sigma rule (Σ always becomes σ), unlike Python's `str.lower`.
    static func lowercased(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(scalars.count)
        for scalar in scalars {
            if scalar.value < 0x80 {
                result.append(scalar.value >= 0x41 && scalar.value <= 0x5A ? Unicode.Scalar(scalar.value + 32)! : scalar)
            } else {
                result.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return result
    }

    /// Controls are removed; tab, newline and carriage return count as whitespace instead.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\t" || scalar == "\n" || scalar == "\r" { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .unassigned, .privateUse, .surrogate: return true
        default: return false
        }
    }

    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar.properties.isWhitespace
    }

    /// The CJK Unified Ideographs blocks BERT splits into single characters (not Hangul, Hiragana or Katakana).
    static func isCJKIdeograph(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
            0x2B740...0x2B81F, 0x2B820...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }
}
