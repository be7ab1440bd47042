import NIOCore
import Settings

extension SocketAddress {
    /// The IP address of an IPv4 or IPv6 address as a number, nil for a Unix socket.
    var ipAddressValue: IPAddressValue? {
        switch self {
        case .v4(let address):
            IPAddressValue(v4: UInt32(bigEndian: address.address.sin_addr.s_addr))
        case .v6(let address):
            withUnsafeBytes(of: address.address.sin6_addr) { IPAddressValue(v6: $0) }
        case .unixDomainSocket:
            nil
        }
    }
}
