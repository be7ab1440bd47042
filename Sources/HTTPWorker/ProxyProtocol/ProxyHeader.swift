import NIOCore

/// What a PROXY protocol header says about the connection it starts.
///
/// A proxy that relays TCP connections (HAProxy's `send-proxy`, nginx's `proxy_protocol on`, a cloud
/// load balancer) writes one before the client's bytes, so the server learns the client's address,
/// which the socket's peer (the proxy) hides. Version 1 is a text line, version 2 a binary block; both
/// are described at https://www.haproxy.org/download/2.9/doc/proxy-protocol.txt.
enum ProxyHeader: Equatable, Sendable {
    /// The proxy relayed a TCP connection from `source` (the client) to `destination`.
    case proxied(source: SocketAddress, destination: SocketAddress)
    /// The header names no client (v1 `UNKNOWN`, v2 `LOCAL`, or v2 with an address family or transport
    /// other than TCP over IPv4 or IPv6): the socket's peer stays the connection's address.
    case unknown

    /// The longest version 1 header, its `\r\n` included, as the specification bounds it.
    static let version1MaxLength = 107
    /// The longest version 2 header accepted, its 16 fixed bytes included.
    ///
    /// The format allows 65,551 bytes; the addresses take at most 232 and the TLVs proxies add (an
    /// ALPN, an authority, a unique id, the TLS facts) a few hundred more, so a longer header is
    /// refused rather than buffered.
    static let version2MaxLength = 4096

    /// The 12 bytes a version 2 header begins with.
    static let version2Signature: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A]
    /// The 6 bytes a version 1 header begins with.
    static let version1Prefix: [UInt8] = Array("PROXY ".utf8)

    /// Reads a header from the front of `buffer`, moving its reader index past it.
    ///
    /// Returns nil, leaving `buffer` as it was, when the bytes so far begin a header that is not
    /// complete yet; throws as soon as they cannot begin one, or outgrow the longest header allowed,
    /// so a caller that buffers until this returns buffers a bounded amount.
    static func read(from buffer: inout ByteBuffer) throws(ProxyHeaderError) -> ProxyHeader? {
        let bytes = buffer.readableBytesView
        let parsed: (header: ProxyHeader, length: Int)?
        if bytes.isPrefix(of: version2Signature) || bytes.starts(with: version2Signature) {
            parsed = try readVersion2(bytes)
        } else if bytes.isPrefix(of: version1Prefix) || bytes.starts(with: version1Prefix) {
            parsed = try readVersion1(bytes)
        } else {
            throw .missing
        }
        guard let parsed else { return nil }
        buffer.moveReaderIndex(forwardBy: parsed.length)
        return parsed.header
    }
}

extension ByteBufferView {
    /// Whether these bytes are the first `count` bytes of `whole` (so more may complete it).
    fileprivate func isPrefix(of whole: [UInt8]) -> Bool {
        count < whole.count && whole.starts(with: self)
    }
}
