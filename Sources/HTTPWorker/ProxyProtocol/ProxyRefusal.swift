/// Why a connection was closed before its PROXY protocol header was read.
public enum ProxyRefusal: String, Sendable, CaseIterable {
    /// The socket's peer is not in `forwarded_allow_ips`.
    case untrustedPeer = "untrusted_peer"
    /// The first bytes were not a valid PROXY protocol header, or outgrew the longest allowed.
    case invalidHeader = "invalid_header"
    /// No complete header arrived within `header_timeout`.
    case timeout
}
