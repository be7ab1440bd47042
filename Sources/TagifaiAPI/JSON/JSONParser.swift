/// The recursive-descent parser behind `JSONReader`; recursion is bounded by `maxDepth`.
struct JSONParser {
    let bytes: UnsafeRawBufferPointer
    private let maxDepth: Int
    var index = 0
    private var depth = 0
    /// Where the text starts: after a UTF-8 byte order mark, which Python's `json.loads` skips.
    private var origin = 0
    /// The first `\u` escape of a surrogate with no partner. Python's `json` accepts one; this
    /// reader refuses it, but only once the rest parses, so that a document with another error
    /// is refused for that error, where Python refuses it.
    var loneSurrogate: Int?

    init(bytes: UnsafeRawBufferPointer, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    mutating func document() throws(JSONReadError) -> JSONValue {
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            index = 3
            origin = 3
        }
        do throws(JSONReadError) {
            skipWhitespace()
            let value = try value()
            skipWhitespace()
            guard index == bytes.count else { throw failure("Extra data") }
            if let loneSurrogate { throw failure(at: loneSurrogate, "Invalid \\uXXXX escape (unpaired surrogate)") }
            return value
        } catch where error.kind != .invalidUTF8 {
            // Python decodes the whole body before it parses: bytes that are not UTF-8 anywhere in
            // it are the reason, wherever the syntax went wrong first.
            if let bad = UTF8Validation.firstInvalidOffset(bytes, from: 0, to: bytes.count) { throw failure(at: bad, nil) }
            throw error
        }
    }

    mutating func value() throws(JSONReadError) -> JSONValue {
        guard index < bytes.count else { throw failure("Expecting value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw failure("Expecting value")
        }
    }

    private mutating func object() throws(JSONReadError) -> JSONValue {
        try enterContainer()
        index += 1
        var members: [JSONValue.Member] = []
        skipWhitespace()
        if closes(UInt8(ascii: "}")) { return .object(members) }
        while true {
            guard peek(UInt8(ascii: "\"")) else {
                throw failure("Expecting property name enclosed in double quotes")
            }
            let key = try string()
            skipWhitespace()
            guard peek(UInt8(ascii: ":")) else { throw failure("Expecting ':' delimiter") }
            index += 1
            skipWhitespace()
            members.append(JSONValue.Member(key, try value()))
            skipWhitespace()
            if closes(UInt8(ascii: "}")) { return .object(members) }
            guard peek(UInt8(ascii: ",")) else { throw failure("Expecting ',' delimiter") }
            index += 1
            skipWhitespace()
        }
    }

    private mutating func array() throws(JSONReadError) -> JSONValue {
        try enterContainer()
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if closes(UInt8(ascii: "]")) { return .array(elements) }
        while true {
            elements.append(try value())
            skipWhitespace()
            if closes(UInt8(ascii: "]")) { return .array(elements) }
            guard peek(UInt8(ascii: ",")) else { throw failure("Expecting ',' delimiter") }
            index += 1
            skipWhitespace()
        }
    }

    private mutating func enterContainer() throws(JSONReadError) {
        depth += 1
        guard depth <= maxDepth else {
            throw JSONReadError(kind: .tooDeep(limit: maxDepth), byteOffset: index, characterOffset: characterOffset(of: index))
        }
    }

    /// Leaves the current array or object when `bracket` is next.
    private mutating func closes(_ bracket: UInt8) -> Bool {
        guard peek(bracket) else { return false }
        index += 1
        depth -= 1
        return true
    }

    private mutating func literal(_ word: StaticString, _ value: JSONValue) throws(JSONReadError) -> JSONValue {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw failure("Expecting value") }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw failure("Expecting value")
        }
        index += count
        return value
    }

    private mutating func number() throws(JSONReadError) -> JSONValue {
        let start = index
        if peek(UInt8(ascii: "-")) { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw failure(at: start, "Expecting value") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            skipDigits()
        }
        if peek(UInt8(ascii: ".")), index + 1 < bytes.count, isDigit(bytes[index + 1]) {
            index += 1
            skipDigits()
        }
        if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
            var exponent = index + 1
            if exponent < bytes.count, bytes[exponent] == UInt8(ascii: "+") || bytes[exponent] == UInt8(ascii: "-") {
                exponent += 1
            }
            if exponent < bytes.count, isDigit(bytes[exponent]) {
                index = exponent
                skipDigits()
            }
        }
        return .number(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
    }

    func peek(_ byte: UInt8) -> Bool {
        index < bytes.count && bytes[index] == byte
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private mutating func skipDigits() {
        while index < bytes.count && isDigit(bytes[index]) { index += 1 }
    }

    private mutating func skipWhitespace() {
        index = Self.end(ofWhitespaceIn: bytes, from: index)
    }

    /// The index of the first byte at or after `index` in `bytes` that is not JSON whitespace.
    @inline(__always)
    static func end(ofWhitespaceIn bytes: UnsafeRawBufferPointer, from index: Int) -> Int {
        var index = index
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): index += 1
            default: return index
            }
        }
        return index
    }

    func failure(_ reason: String) -> JSONReadError {
        failure(at: index, reason)
    }

    /// A syntax error at `offset`, or an invalid-UTF-8 error when `reason` is nil.
    func failure(at offset: Int, _ reason: String?) -> JSONReadError {
        let kind: JSONReadError.Kind = reason.map { .syntax($0) } ?? .invalidUTF8
        return JSONReadError(kind: kind, byteOffset: offset, characterOffset: characterOffset(of: offset))
    }

    /// Counts the Unicode scalars before `offset`: every byte that is not a UTF-8 continuation byte.
    private func characterOffset(of offset: Int) -> Int {
        var count = 0
        for position in origin..<min(offset, bytes.count) where bytes[position] & 0xC0 != 0x80 {
            count += 1
        }
        return count
    }
}
