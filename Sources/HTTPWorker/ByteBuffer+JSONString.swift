import NIOCore

extension ByteBuffer {
    /// Writes `text` as a JSON string, escaped as Starlette's `JSONResponse` escapes it.
    ///
    /// Non-ASCII text is written as UTF-8, not `\u` escapes (`ensure_ascii=False`); only the
    /// quote, the backslash and control characters are escaped.
    ///
    /// A text with nothing to escape, most of them, goes in with its quotes in one copy.
    public mutating func writeJSONString(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            guard JSONStringScan.firstSpecial(in: UnsafeRawBufferPointer(utf8), from: 0, printableASCIIOnly: false) == utf8.count else {
                writeLiteral("\"")
                writeJSONEscaped(utf8)
                writeLiteral("\"")
                return
            }
            let count = utf8.count + 2
            writeWithUnsafeMutableBytes(minimumWritableBytes: count) { target in
                target[0] = UInt8(ascii: "\"")
                if let source = utf8.baseAddress { (target.baseAddress! + 1).copyMemory(from: source, byteCount: utf8.count) }
                target[count - 1] = UInt8(ascii: "\"")
                return count
            }
        }
    }

    /// Writes the escaped characters of `text` with no quotes, for a string written in parts.
    public mutating func writeJSONEscaped(_ text: String) {
        var text = text
        text.withUTF8 { writeJSONEscaped($0) }
    }

    @inline(__always)
    private mutating func writeJSONEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        while true {
            let index = JSONStringScan.firstSpecial(in: UnsafeRawBufferPointer(utf8), from: runStart, printableASCIIOnly: false)
            writeBytes(UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
            if index == utf8.count { return }
            writeJSONEscape(utf8[index])
            runStart = index + 1
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
