extension BindAddress {
    /// Why a `bind` string is not a valid address.
    enum ParseProblem: Error, Equatable {
        case malformed(String)
        case portOutOfRange(String)
    }

    /// Parses `HOST:PORT`, `[V6]:PORT` or `unix:PATH`, the syntax gunicorn's `bind` uses.
    static func parse(_ text: String) throws(ParseProblem) -> BindAddress {
        if text.hasPrefix("unix:") {
            let path = String(text.dropFirst("unix:".count))
            guard !path.isEmpty else { throw .malformed("unix: needs a socket path, e.g. unix:/run/tagifai.sock") }
            return .unix(path: path)
        }
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw .malformed("IPv6 address without a closing ], e.g. [::1]:8000")
            }
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw .malformed("missing :PORT after the IPv6 address, e.g. [::1]:8000") }
            portText = rest.dropFirst()
            guard host.contains(":"), host.allSatisfy(\.isIPv6Character) else {
                throw .malformed("\"\(host)\" is not an IPv6 address")
            }
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw .malformed("missing :PORT, e.g. 127.0.0.1:8000") }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            if host.contains(":") { throw .malformed("put an IPv6 address in brackets, e.g. [::1]:8000") }
            guard !host.isEmpty else { throw .malformed("missing host before :PORT, e.g. 0.0.0.0:8000") }
            guard host.allSatisfy(\.isHostNameCharacter) else { throw .malformed("\"\(host)\" is not a host name or address") }
        }
        guard !portText.isEmpty else { throw .malformed("missing port after the colon") }
        guard portText.allSatisfy(\.isASCIIDigit) else { throw .malformed("port \"\(portText)\" is not a number") }
        guard let port = Int(portText), (0...65535).contains(port) else {
            throw .portOutOfRange("port \(portText) is not in 0...65535")
        }
        return .tcp(host: String(host), port: port)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
    fileprivate var isHostNameCharacter: Bool { isASCII && (isLetter || isNumber || self == "." || self == "-" || self == "_") }
    fileprivate var isIPv6Character: Bool { isASCII && (isHexDigit || self == ":" || self == "." || self == "%" || isLetter || isNumber) }
}
