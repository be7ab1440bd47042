import Glibc
import NIOCore

extension SocketAddress {
    /// The address the socket `fd` is bound to, or nil when the system cannot say.
    init?(boundTo fd: CInt) {
        var storage = sockaddr_storage()
        var size = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let named = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &size) }
        }
        guard named == 0 else { return nil }
        let address = withUnsafeBytes(of: storage) { bytes -> SocketAddress? in
            switch CInt(storage.ss_family) {
            case AF_INET:
                let address = bytes.load(as: sockaddr_in.self)
                return try? SocketAddress(
                    ipAddress: Self.text(address.sin_addr, family: AF_INET), port: Int(UInt16(bigEndian: address.sin_port)))
            case AF_INET6:
                let address = bytes.load(as: sockaddr_in6.self)
                return try? SocketAddress(
                    ipAddress: Self.text(address.sin6_addr, family: AF_INET6), port: Int(UInt16(bigEndian: address.sin6_port)))
            case AF_UNIX:
                return SocketAddress(bytes.load(as: sockaddr_un.self))
            default:
                return nil
            }
        }
        guard let address else { return nil }
        self = address
    }

    private static func text<Address>(_ address: Address, family: CInt) -> String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        _ = withUnsafeBytes(of: address) { inet_ntop(family, $0.baseAddress, &buffer, socklen_t(buffer.count)) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
