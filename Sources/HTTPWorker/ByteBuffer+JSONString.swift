import NIOCore

extension ByteBuffer {
    /// Writes `text` as a JSON string, escaped as Starlette's `JSONResponse` escapes it.
    ///
    /// Non-ASCII text is written as UTF-8, not `\u` escapes (`ensure_ascii=False`); only the
    /// quote, the backslash and control characters are escaped.
    public mutating func writeJSONString(_ text: String) {
        writeInteger(UInt8(ascii: "\""))
        writeJSONEscaped(text)
        writeInteger(UInt8(ascii: "\""))
    }

    /// Writes the escaped characters of `text` with no quotes, for a string written in parts.
    public mutating func writeJSONEscaped(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                writeBytes(UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                writeJSONEscape(byte)
                runStart = index + 1
            }
            writeBytes(UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
    }

    private mutating func writeJSONEscape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): writeLiteral("\\\"")
        case UInt8(ascii: "\\"): writeLiteral("\\\\")
        case 0x08: writeLiteral("\\b")
        case 0x0C: writeLiteral("\\f")
        case 0x0A: writeLiteral("\\n")
        case 0x0D: writeLiteral("\\r")
        case 0x09: writeLiteral("\\t")
        default:
            let hexDigits: StaticString = "0123456789abcdef"
            writeLiteral("\\u00")
            writeInteger(hexDigits.utf8Start[Int(byte >> 4)])
            writeInteger(hexDigits.utf8Start[Int(byte & 0x0F)])
        }
    }
}
