import NIOCore
import Prefork

import Glibc

/// Calls on a listening socket's raw descriptor that the NIO bootstrap does not offer.
enum ListenerDescriptor {
    /// Creates a stream socket bound to `address`, not yet listening; the caller owns the descriptor.
    static func bind(_ address: BindAddress) throws(HTTPServerError) -> CInt {
        let socketAddress: SocketAddress
        do {
            switch address {
            case .tcp(let host, let port):
                socketAddress = try SocketAddress.makeAddressResolvingHost(host, port: port)
            case .unix(let path):
                socketAddress = try SocketAddress(unixDomainSocketPath: path)
                removeSocketFile(at: path)
            }
        } catch {
            throw .cannotResolve(address, underlying: error)
        }
        let fd = socket(Int32(socketAddress.protocol.rawValue), Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .cannotBind(address, errno: errno) }
        var one: CInt = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<CInt>.size))
        let result = socketAddress.withSockAddr { pointer, size in Glibc.bind(fd, pointer, socklen_t(size)) }
        guard result == 0 else {
            let error = errno
            close(fd)
            throw .cannotBind(address, errno: error)
        }
        return fd
    }

    /// Removes a socket file left at `path` by an earlier run; any other kind of file stays, so bind fails.
    private static func removeSocketFile(at path: String) {
        var status = stat()
        if lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFSOCK {
            unlink(path)
        }
    }

    /// Sets the accept queue length of a listening socket (NIO's adoption path listens with 128).
    static func listen(_ fd: CInt, backlog: Int) throws(HTTPServerError) {
        guard Glibc.listen(fd, CInt(clamping: backlog)) == 0 else {
            throw .cannotListen(fd: fd, errno: errno)
        }
    }

    /// Whether connections are waiting in the socket's accept queue.
    static func hasQueuedConnections(_ fd: CInt) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, 0) > 0 && entry.revents & Int16(POLLIN) != 0
    }
}
