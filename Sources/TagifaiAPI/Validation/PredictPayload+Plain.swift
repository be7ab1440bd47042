import HTTPWorker
import NIOCore

extension PredictPayload {
    /// The nesting of the payload's plainest form: the body, `texts` and each text's object.
    static let plainDepth = 3

    /// The texts of a body in the payload's plainest form, read in one pass without building a JSON
    /// value: `{"texts": [{"text": "..."}, ...]}`, JSON whitespace between the tokens, each string
    /// printable ASCII with no escape, one to `maxBatchSize` texts of one to `maxTextLength`
    /// characters. Any other body, valid or not, gives nil and goes through `JSONReader` and
    /// `validate`, which give the same texts for a body of this form (and the answer for any other).
    ///
    /// About 8,000 of a `POST /predict`'s instructions (callgrind) were the JSON value and its validation.
    static func plainTexts(_ body: ByteBuffer, limits: Limits) -> [String]? {
        body.withUnsafeReadableBytes { bytes in
            var cursor = PlainCursor(bytes: bytes)
            guard cursor.take(UInt8(ascii: "{")), cursor.takeKey("texts"), cursor.take(UInt8(ascii: "[")) else { return nil }
            var texts: [String] = []
            // Room for a usual batch at once: growing from empty reallocated at the second text.
            texts.reserveCapacity(4)
            repeat {
                guard texts.count < limits.maxBatchSize, cursor.take(UInt8(ascii: "{")), cursor.takeKey("text"),
                    let text = cursor.takeString(), !text.isEmpty, text.count <= limits.maxTextLength,
                    cursor.take(UInt8(ascii: "}"))
                else { return nil }
                texts.append(String(decoding: text, as: UTF8.self))
            } while cursor.take(UInt8(ascii: ","))
            guard cursor.take(UInt8(ascii: "]")), cursor.take(UInt8(ascii: "}")), cursor.isAtEnd else { return nil }
            return texts
        }
    }
}

/// Reads the tokens of the plainest payload, each after any JSON whitespace.
private struct PlainCursor {
    let bytes: UnsafeRawBufferPointer
    var index = 0

    /// Whether only JSON whitespace is left.
    var isAtEnd: Bool {
        mutating get {
            skipWhitespace()
            return index == bytes.count
        }
    }

    /// Takes `byte` when it is next.
    mutating func take(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Takes `"key":` when `key` (ASCII) is the next member name.
    mutating func takeKey(_ key: StaticString) -> Bool {
        guard let name = takeString(), name.elementsEqual(UnsafeRawBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        else { return false }
        return take(UInt8(ascii: ":"))
    }

    /// Takes a string of printable ASCII with no escape and returns its bytes between the quotes.
    mutating func takeString() -> UnsafeRawBufferPointer? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = index
        let end = JSONStringScan.firstSpecial(in: bytes, from: start, printableASCIIOnly: true)
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\"") else { return nil }
        index = end + 1
        return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    }

    private mutating func skipWhitespace() {
        index = JSONParser.end(ofWhitespaceIn: bytes, from: index)
    }
}
