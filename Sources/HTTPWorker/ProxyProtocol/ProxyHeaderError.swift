/// Why the first bytes of a connection are not an acceptable PROXY protocol header.
enum ProxyHeaderError: Error, Equatable, CustomStringConvertible {
    /// The bytes begin neither a version 1 line (`PROXY `) nor the version 2 signature.
    case missing
    /// No complete header within the longest allowed, in bytes, of version `version`.
    case tooLong(version: Int, limit: Int)
    /// A header of version `version` whose `field` is not what the specification allows.
    case malformed(version: Int, field: String)

    var description: String {
        switch self {
        case .missing:
            "the connection did not start with a PROXY protocol header; send one from the proxy "
                + "(nginx: proxy_protocol on; HAProxy: send-proxy) or turn proxy_protocol off"
        case .tooLong(let version, let limit):
            "PROXY protocol v\(version) header longer than \(limit) bytes"
        case .malformed(let version, let field):
            "PROXY protocol v\(version) header with an invalid \(field)"
        }
    }
}
