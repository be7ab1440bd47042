import Glibc
import Settings
import SystemPackage

/// A socket address in the kernel's `sockaddr` form, converted from and to `BindAddress`.
struct SocketAddress {
    private(set) var storage = sockaddr_storage()
    private(set) var length: socklen_t = 0

    var family: CInt { CInt(storage.ss_family) }

    /// The largest Unix socket path `sockaddr_un` holds, without its terminating zero.
    static let unixPathLimit = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1

    /// Resolves a configured address; host names go through `getaddrinfo` and the first
    /// result is used.
    init(resolving address: BindAddress) throws(SocketError) {
        switch address {
        case .unix(let path):
            try self.init(unixPath: path)
        case .tcp(let host, let port):
            self.init()
            guard (0...65535).contains(port) else { throw .invalidPort(address) }
            var hints = addrinfo()
            hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
            hints.ai_family = AF_UNSPEC
            hints.ai_socktype = CInt(SOCK_STREAM.rawValue)
            var results: UnsafeMutablePointer<addrinfo>? = nil
            let status = getaddrinfo(host.isEmpty ? nil : host, String(port), &hints, &results)
            defer { if let results { freeaddrinfo(results) } }
            guard status == 0, let first = results, let resolved = first.pointee.ai_addr else {
                throw .unresolvableHost(address, reason: String(cString: gai_strerror(status)))
            }
            withUnsafeMutableBytes(of: &storage) { buffer in
                buffer.copyMemory(from: UnsafeRawBufferPointer(start: resolved, count: Int(first.pointee.ai_addrlen)))
            }
            length = first.pointee.ai_addrlen
        }
    }

    /// A Unix-domain address for `path`; a leading `@` names Linux's abstract namespace.
    init(unixPath path: String) throws(SocketError) {
        let isAbstract = path.hasPrefix("@")
        var bytes = Array(path.utf8)
        if isAbstract { bytes[0] = 0 }
        guard bytes.count <= Self.unixPathLimit else {
            throw .unixPathTooLong(path: path, limit: Self.unixPathLimit)
        }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        withUnsafeMutableBytes(of: &storage) { buffer in
            withUnsafeBytes(of: address) { buffer.copyMemory(from: $0) }
        }
        // A path name ends with its zero byte; an abstract name is exactly its bytes.
        length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + (isAbstract ? 0 : 1))
    }

    private init() {}

    /// The address `fd` is bound to (`getsockname`).
    static func local(of fd: CInt) throws(SocketError) -> SocketAddress {
        var address = SocketAddress()
        address.length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &address.storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &address.length) }
        }
        guard status == 0 else { throw .notAListeningSocket(fd: fd, reason: "getsockname: \(Errno.current)") }
        return address
    }

    /// Calls `body` with the address as a `sockaddr` pointer and its length.
    func withSockaddr<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        withUnsafeBytes(of: storage) { buffer in
            body(buffer.baseAddress!.assumingMemoryBound(to: sockaddr.self), length)
        }
    }

    /// The address in config syntax, with the numeric host and actual port.
    var bindAddress: BindAddress {
        withUnsafeBytes(of: storage) { buffer in
            switch family {
            case AF_INET:
                let address = buffer.load(as: sockaddr_in.self)
                return .tcp(host: Self.numericHost(AF_INET, address.sin_addr), port: Int(UInt16(bigEndian: address.sin_port)))
            case AF_INET6:
                let address = buffer.load(as: sockaddr_in6.self)
                return .tcp(host: Self.numericHost(AF_INET6, address.sin6_addr), port: Int(UInt16(bigEndian: address.sin6_port)))
            default:
                let name = buffer.dropFirst(MemoryLayout<sa_family_t>.size)
                    .prefix(max(0, Int(length) - MemoryLayout<sa_family_t>.size))
                if name.first == 0 { return .unix(path: "@" + String(decoding: name.dropFirst(), as: UTF8.self)) }
                return .unix(path: String(decoding: name.prefix { $0 != 0 }, as: UTF8.self))
            }
        }
    }

    private static func numericHost<Address>(_ family: CInt, _ address: Address) -> String {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        withUnsafeBytes(of: address) { _ = inet_ntop(family, $0.baseAddress, &text, socklen_t(text.count)) }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
