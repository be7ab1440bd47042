import Glibc
import Settings
import SystemPackage

/// A bound, listening, non-blocking stream socket that workers accept connections on.
///
/// The descriptor is close-on-exec, so it reaches a worker only when the spawner hands it
/// over explicitly. Copies share one descriptor: exactly one owner calls `close()`.
public struct ListeningSocket: Sendable, Hashable, CustomStringConvertible {
    /// The listening descriptor.
    public let fileDescriptor: CInt
    /// The address the kernel bound, with the port it picked when port 0 was asked for.
    public let address: BindAddress
    /// Whether `close()` removes the Unix socket file; true for a socket this process bound.
    ///
    /// Set it to false before closing when another process keeps serving the same socket
    /// (a new supervisor binary after USR2), so its socket file stays in place.
    public var ownsSocketFile: Bool
    /// Device and inode of the Unix socket file when bound, so `close()` never removes a
    /// file that another server has put at the same path since.
    let socketFileIdentity: FileIdentity?

    public var description: String { "\(address) (fd \(fileDescriptor))" }

    /// Binds `address`, listens with `backlog`, and returns the socket.
    ///
    /// `SO_REUSEADDR` is always set so a restart does not wait for TIME_WAIT; `reusePort`
    /// adds `SO_REUSEPORT` so several sockets can share the port, one per worker slot.
    /// IPv6 sockets are IPv6-only, so `[::]` and `0.0.0.0` can be bound side by side.
    /// A stale Unix socket file (nobody accepting on it) is replaced; `unix:@name` binds
    /// Linux's abstract namespace, which has no file.
    public static func bind(
        _ address: BindAddress, backlog: Int, reusePort: Bool = false
    ) throws(SocketError) -> ListeningSocket {
        let target = try SocketAddress(resolving: address)
        if let path = address.socketFilePath { try removeStaleSocketFile(at: path) }
        let fd = socket(CInt(target.family), CInt(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .systemCall("socket", address: "\(address)", errno: .current) }
        do throws(SocketError) {
            if target.family != AF_UNIX {
                try setOption(fd, SOL_SOCKET, SO_REUSEADDR, 1, address: address)
                if reusePort { try setOption(fd, SOL_SOCKET, SO_REUSEPORT, 1, address: address) }
                if target.family == AF_INET6 { try setOption(fd, CInt(IPPROTO_IPV6), IPV6_V6ONLY, 1, address: address) }
            }
            let bound = target.withSockaddr { Glibc.bind(fd, $0, $1) }
            guard bound == 0 else { throw .systemCall("bind", address: "\(address)", errno: .current) }
            guard Glibc.listen(fd, CInt(clamping: backlog)) == 0 else {
                throw .systemCall("listen", address: "\(address)", errno: .current)
            }
            let actual = try SocketAddress.local(of: fd).bindAddress
            let identity = address.socketFilePath.flatMap(FileIdentity.init(path:))
            return ListeningSocket(fileDescriptor: fd, address: actual, ownsSocketFile: identity != nil, socketFileIdentity: identity)
        } catch {
            Glibc.close(fd)
            throw error
        }
    }

    /// Takes over an inherited listening descriptor (from the supervisor or from systemd).
    ///
    /// Checks that `fd` is a listening stream socket, and marks it non-blocking and
    /// close-on-exec so it does not leak into processes this one starts. A Unix socket
    /// file is only removed on close when `ownsSocketFile` is true.
    public init(adopting fd: CInt, ownsSocketFile: Bool = false) throws(SocketError) {
        guard socketOption(fd, SOL_SOCKET, SO_TYPE) == CInt(SOCK_STREAM.rawValue) else {
            throw .notAListeningSocket(fd: fd, reason: "not a stream socket (\(Errno.current))")
        }
        guard socketOption(fd, SOL_SOCKET, SO_ACCEPTCONN) == 1 else {
            throw .notAListeningSocket(fd: fd, reason: "socket is not listening")
        }
        let descriptorFlags = fcntl(fd, F_GETFD), statusFlags = fcntl(fd, F_GETFL)
        guard descriptorFlags >= 0, statusFlags >= 0,
              fcntl(fd, F_SETFD, descriptorFlags | FD_CLOEXEC) == 0,
              fcntl(fd, F_SETFL, statusFlags | O_NONBLOCK) == 0 else {
            throw .notAListeningSocket(fd: fd, reason: "cannot set close-on-exec and non-blocking: \(Errno.current)")
        }
        let address = try SocketAddress.local(of: fd).bindAddress
        self.fileDescriptor = fd
        self.address = address
        self.ownsSocketFile = ownsSocketFile
        self.socketFileIdentity = address.socketFilePath.flatMap(FileIdentity.init(path:))
    }

    /// Binds every address in `addresses`; when one fails, those already bound are closed.
    public static func bind(
        _ addresses: [BindAddress], backlog: Int, reusePort: Bool = false
    ) throws(SocketError) -> [ListeningSocket] {
        var sockets: [ListeningSocket] = []
        for address in addresses {
            do throws(SocketError) {
                sockets.append(try bind(address, backlog: backlog, reusePort: reusePort))
            } catch {
                sockets.forEach { $0.close() }
                throw error
            }
        }
        return sockets
    }

    init(fileDescriptor: CInt, address: BindAddress, ownsSocketFile: Bool, socketFileIdentity: FileIdentity?) {
        self.fileDescriptor = fileDescriptor
        self.address = address
        self.ownsSocketFile = ownsSocketFile
        self.socketFileIdentity = socketFileIdentity
    }

    /// Closes the descriptor and, when this process owns it, removes the Unix socket file.
    public func close() {
        if ownsSocketFile, let path = address.socketFilePath, let identity = socketFileIdentity,
           FileIdentity(path: path) == identity {
            unlink(path)
        }
        Glibc.close(fileDescriptor)
    }

    private static func setOption(_ fd: CInt, _ level: CInt, _ name: CInt, _ value: CInt, address: BindAddress) throws(SocketError) {
        var value = value
        guard setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<CInt>.size)) == 0 else {
            throw .systemCall("setsockopt", address: "\(address)", errno: .current)
        }
    }
}

/// Reads an integer socket option, or nil when `getsockopt` fails.
func socketOption(_ fd: CInt, _ level: CInt, _ name: CInt) -> CInt? {
    var value: CInt = 0
    var length = socklen_t(MemoryLayout<CInt>.size)
    return getsockopt(fd, level, name, &value, &length) == 0 ? value : nil
}

extension Errno {
    /// The calling thread's `errno`.
    static var current: Errno { Errno(rawValue: errno) }
}
