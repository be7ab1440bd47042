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
        while let start = rest.range(of: "%(") {
            literal += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].range(of: ")s") else {
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
            case .remoteAddress: line += entry.remoteAddress?.ipAddress ?? "-"
            case .dash: line += "-"
            case .time: line += entry.time
            case .requestLine: line += entry.request.map { "\($0.method.rawValue) \($0.uri) \(Self.protocolName($0))" } ?? "-"
            case .method: line += entry.request?.method.rawValue ?? "-"
            case .path: line += entry.request.map { $0.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? "" } ?? "-"
            case .query: line += entry.request?.uri.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
            case .proto: line += entry.request.map(Self.protocolName) ?? "-"
            case .status: line += String(entry.response.status.code)
            case .length: line += String(entry.request?.method == .HEAD ? 0 : entry.response.body.readableBytes)
            case .seconds: line += String(entry.duration.nanoseconds / 1_000_000_000)
            case .microseconds: line += String(entry.duration.nanoseconds / 1_000)
            case .milliseconds: line += String(entry.duration.nanoseconds / 1_000_000)
            case .decimalSeconds: line += Self.decimalSeconds(entry.duration.nanoseconds)
            case .pid: line += "<\(getpid())>"
            case .requestHeader(let name): line += entry.request?.headers.first(name: name) ?? "-"
            case .responseHeader(let name): line += entry.response.headers.first(name: name) ?? "-"
            }
        }
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
