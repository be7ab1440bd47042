/// Percent-decoding of a URL's path segments and query, as the FastAPI stack decodes them.
///
/// uvicorn decodes a request's path with Python's `urllib.parse.unquote`, so a FastAPI path
/// parameter holds its segment decoded that way, and Starlette reads a query with `parse_qsl`,
/// which is `unquote` with `+` as a space (the form encoding; RFC 3986 gives `+` no meaning in a
/// path, where it stays a `+`). `unquote` keeps a `%` not followed by two hex digits as it is and
/// turns bytes that are not UTF-8 into U+FFFD, and so does this: a malformed escape never makes a
/// whole segment stay encoded.
public enum PercentDecoding {
    /// `text` with every `%XX` decoded and the bytes read as UTF-8; `+` becomes a space when
    /// `plusIsSpace` (a form-encoded query).
    public static func decode(_ text: Substring, plusIsSpace: Bool = false) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == UInt8(ascii: "%") || (plusIsSpace && $0 == UInt8(ascii: "+")) }) else {
            return String(text)
        }
        let encoded = Array(utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(encoded.count)
        var index = 0
        while index < encoded.count {
            let byte = encoded[index]
            if plusIsSpace, byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), index + 2 < encoded.count, let high = hexValue(encoded[index + 1]),
                let low = hexValue(encoded[index + 2])
            {
                bytes.append(high << 4 | low)
                index += 2
            } else {
                bytes.append(byte)
            }
            index += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
