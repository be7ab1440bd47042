extension JSONParser {
    /// Reads a string whose opening quote is at `index`, leaving `index` after the closing quote.
    mutating func string() throws(JSONReadError) -> String {
        let opening = index
        index += 1
        let start = index
        var plainASCII = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                if !plainASCII { try validateUTF8(from: start, to: index) }
                let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") {
                return try escapedString(opening: opening, start: start)
            }
            if byte < 0x20 { throw failure("Invalid control character at") }
            if byte >= 0x80 { plainASCII = false }
            index += 1
        }
        throw failure(at: opening, "Unterminated string starting at")
    }

    /// Finishes a string that holds escapes, from its first backslash at `index`.
    private mutating func escapedString(opening: Int, start: Int) throws(JSONReadError) -> String {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(index - start + 16)
        var run = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                try validateUTF8(from: run, to: index)
                decoded.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[run..<index]))
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    return String(decoding: decoded, as: UTF8.self)
                }
                try unescape(into: &decoded, opening: opening)
                run = index
                continue
            }
            if byte < 0x20 { throw failure("Invalid control character at") }
            index += 1
        }
        throw failure(at: opening, "Unterminated string starting at")
    }

    /// Decodes the escape at `index` (a backslash) and moves past it; the string opened at `opening`.
    ///
    /// Errors are placed where Python's `json` places them: a bad `\uXXXX` at its `u`, any other
    /// bad escape at its backslash, a backslash that ends the text at the string's opening quote.
    private mutating func unescape(into decoded: inout [UInt8], opening: Int) throws(JSONReadError) {
        let backslash = index
        guard index + 1 < bytes.count else { throw failure(at: opening, "Unterminated string starting at") }
        let code = bytes[index + 1]
        index += 2
        switch code {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(code)
        case UInt8(ascii: "b"): decoded.append(0x08)
        case UInt8(ascii: "f"): decoded.append(0x0C)
        case UInt8(ascii: "n"): decoded.append(0x0A)
        case UInt8(ascii: "r"): decoded.append(0x0D)
        case UInt8(ascii: "t"): decoded.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hexQuad(escapeAt: backslash)
            if (0xD800...0xDBFF).contains(scalar), let low = try lowSurrogate() {
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xD800...0xDFFF).contains(scalar) {
                loneSurrogate = loneSurrogate ?? backslash
                scalar = 0xFFFD
            }
            decoded.append(contentsOf: Unicode.Scalar(scalar).map { Array(String($0).utf8) } ?? [])
        default:
            throw failure(at: backslash, "Invalid \\escape")
        }
    }

    /// The low surrogate escaped at `index`, read and passed; nil, and nothing read, when the next
    /// escape is not one (Python then reads it as an escape of its own).
    private mutating func lowSurrogate() throws(JSONReadError) -> UInt32? {
        let escape = index
        guard peek(UInt8(ascii: "\\")), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else { return nil }
        index += 2
        let low = try hexQuad(escapeAt: escape)
        guard (0xDC00...0xDFFF).contains(low) else {
            index = escape
            return nil
        }
        return low
    }

    /// Reads the four hex digits after the `\u` whose backslash is at `backslash`.
    private mutating func hexQuad(escapeAt backslash: Int) throws(JSONReadError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure(at: backslash + 1, "Invalid \\uXXXX escape") }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = bytes[index + offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure(at: backslash + 1, "Invalid \\uXXXX escape")
            }
            value = value << 4 | UInt32(digit)
        }
        index += 4
        return value
    }

    private func validateUTF8(from start: Int, to end: Int) throws(JSONReadError) {
        if let bad = UTF8Validation.firstInvalidOffset(bytes, from: start, to: end) {
            throw failure(at: bad, nil)
        }
    }
}
