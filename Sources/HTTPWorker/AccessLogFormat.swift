import NIOCore
import NIOHTTP1

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A gunicorn `access_log_format` compiled once into literal text and atoms.
///
/// Atoms: `h` remote address, `l` `-`, `u` user (`-`), `t` time, `r` request line, `m` method,
/// `U` path, `q` query, `H` protocol, `s` status, `b` response length, `f` referer, `a` user agent,
/// `T` seconds, `D` microseconds, `M` milliseconds, `L` decimal seconds, `p` process id,
/// `{name}i` a request header, `{name}o` a response header.
///
/// What the client sent is written escaped as nginx and gunicorn do, so no request can forge a field
/// or a line of the log: `"`, `\`, control bytes and bytes from 0x7F up become `\xNN` (`\x22`).
/// Header bytes that are not UTF-8 reach it as U+FFFD, since the request parser decodes header values
/// as UTF-8.
public struct AccessLogFormat: Sendable {
    enum Part: Sendable, Equatable {
        case literal(String)
        case remoteAddress, dash, time, requestLine, method, path, query, proto, status, length
        case seconds, microseconds, milliseconds, decimalSeconds, pid
        case requestHeader(String), responseHeader(String)
    }

    let parts: [Part]

    /// Compiles `format`; an unknown atom is an error naming it.
    public init(_ format: String) throws(AccessLogError) {
        var parts: [Part] = []
        var literal = ""
        var rest = Substring(format)
        while let start = rest.firstRange(of: "%(") {
            literal += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstRange(of: ")s") else {
                throw .unterminatedAtom(format: format)
            }
            if !literal.isEmpty { parts.append(.literal(literal)) }
            literal = ""
            parts.append(try Self.part(for: String(rest[start.upperBound..<end.lowerBound]), format: format))
            rest = rest[end.upperBound...]
        }
        literal += rest
        if !literal.isEmpty { parts.append(.literal(literal)) }
        self.parts = parts
    }

    private static func part(for atom: String, format: String) throws(AccessLogError) -> Part {
        switch atom {
        case "h": return .remoteAddress
        case "l", "u": return .dash
        case "t": return .time
        case "r": return .requestLine
        case "m": return .method
        case "U": return .path
        case "q": return .query
        case "H": return .proto
        case "s": return .status
        case "b", "B": return .length
        case "f": return .requestHeader("referer")
        case "a": return .requestHeader("user-agent")
        case "T": return .seconds
        case "D": return .microseconds
        case "M": return .milliseconds
        case "L": return .decimalSeconds
        case "p": return .pid
        default:
            if atom.hasPrefix("{") && atom.count > 3 {
                let name = String(atom.dropFirst().dropLast(2)).lowercased()
                if atom.hasSuffix("}i") { return .requestHeader(name) }
                if atom.hasSuffix("}o") { return .responseHeader(name) }
            }
            throw .unknownAtom(atom, format: format)
        }
    }

    /// The log line for `entry`, without the trailing newline.
    func render(_ entry: AccessLogEntry, into line: inout String) {
        for part in parts {
            switch part {
            case .literal(let text): line += text
            case .remoteAddress: line += entry.forwardedClient ?? entry.remoteAddress?.ipAddress ?? "-"
            case .dash: line += "-"
            case .time: line += entry.time
            case .requestLine:
                guard let request = entry.request else { line += "-"; break }
                Self.append(escaping: request.method.rawValue, to: &line)
                line += " "
                Self.append(escaping: request.uri, to: &line)
                line += " " + Self.protocolName(request)
            case .method: Self.append(escaping: entry.request?.method.rawValue ?? "-", to: &line)
            case .path:
                Self.append(escaping: entry.request.map { $0.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? "" } ?? "-", to: &line)
            case .query:
                Self.append(escaping: entry.request?.uri.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init) ?? "", to: &line)
            case .proto: line += entry.request.map(Self.protocolName) ?? "-"
            case .status: line += String(entry.response.status.code)
            case .length: line += String(entry.request?.method == .HEAD ? 0 : entry.response.body.readableBytes)
            case .seconds: line += String(entry.duration.nanoseconds / 1_000_000_000)
            case .microseconds: line += String(entry.duration.nanoseconds / 1_000)
            case .milliseconds: line += String(entry.duration.nanoseconds / 1_000_000)
            case .decimalSeconds: line += Self.decimalSeconds(entry.duration.nanoseconds)
            case .pid: line += "<\(getpid())>"
            case .requestHeader(let name): Self.append(escaping: entry.request?.headers.first(name: name) ?? "-", to: &line)
            case .responseHeader(let name): Self.append(escaping: entry.response.headers.first(name: name) ?? "-", to: &line)
            }
        }
    }

    /// Appends `text` with `"`, `\`, control bytes and bytes from 0x7F up written `\xNN`, as nginx's
    /// `escape=default` does; text with none of them is appended as it is.
    static func append(escaping text: String, to line: inout String) {
        guard text.utf8.contains(where: needsEscape) else {
            line += text
            return
        }
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count * 2)
        for byte in text.utf8 {
            if needsEscape(byte) {
                bytes += [UInt8(ascii: "\\"), UInt8(ascii: "x"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            } else {
                bytes.append(byte)
            }
        }
        line += String(decoding: bytes, as: UTF8.self)
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte >= 0x7F || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    /// `HTTP/1.1`, as the request line names the protocol.
    private static func protocolName(_ request: HTTPRequestHead) -> String {
        "HTTP/\(request.version.major).\(request.version.minor)"
    }

    /// Seconds with six decimals, as gunicorn's `%(L)s` prints them.
    private static func decimalSeconds(_ nanoseconds: Int64) -> String {
        let micros = nanoseconds / 1_000
        let fraction = String(micros % 1_000_000)
        return "\(micros / 1_000_000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }
}
