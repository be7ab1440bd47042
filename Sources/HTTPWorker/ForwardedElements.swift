/// The parameters of RFC 7239 `Forwarded` header lines that the server uses: every `for=` node in
/// order, and the right-most `proto=` and `host=`.
///
/// Values are tokens or quoted strings (`for="[2001:db8::1]:4711"`); a quoted string with a
/// backslash escape, or a line that breaks the grammar, makes the whole header malformed (nil).
struct ForwardedElements {
    var nodes: [Substring] = []
    var proto: Substring?
    var host: Substring?

    init?(_ lines: [String]) {
        for line in lines {
            guard parse(line[...]) else { return nil }
        }
    }

    /// Reads `name=value` pairs separated by `;` (within an element) and `,` (between elements).
    private mutating func parse(_ line: Substring) -> Bool {
        var rest = line.trimmingSpaces
        while !rest.isEmpty {
            guard let equals = rest.firstIndex(of: "=") else { return false }
            let name = rest[..<equals].trimmingSpaces
            guard !name.isEmpty, name.allSatisfy(Self.isTokenCharacter) else { return false }
            rest = rest[rest.index(after: equals)...]
            let value: Substring
            if rest.first == "\"" {
                let body = rest.dropFirst()
                guard let close = body.firstIndex(of: "\""), !body[..<close].contains("\\") else { return false }
                value = body[..<close]
                rest = body[body.index(after: close)...].trimmingSpaces
            } else {
                let end = rest.firstIndex { $0 == ";" || $0 == "," } ?? rest.endIndex
                value = rest[..<end].trimmingSpaces
                guard !value.isEmpty, value.allSatisfy(Self.isTokenCharacter) else { return false }
                rest = rest[end...]
            }
            record(name, value)
            if let separator = rest.first {
                guard separator == ";" || separator == "," else { return false }
                rest = rest.dropFirst().trimmingSpaces
                if rest.isEmpty { return false }
            }
        }
        return true
    }

    private mutating func record(_ name: Substring, _ value: Substring) {
        switch name.lowercased() {
        case "for": nodes.append(value)
        case "proto": proto = value
        case "host": host = value
        default: break
        }
    }

    /// RFC 7230 `tchar`, plus `:` `[` `]` so unquoted IPv4 `for=192.0.2.1:80` (which proxies send)
    /// reads too.
    private static func isTokenCharacter(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return false }
        return HTTPRequestParser.isTokenByte(ascii) || ascii == UInt8(ascii: ":") || ascii == UInt8(ascii: "[")
            || ascii == UInt8(ascii: "]")
    }
}
