import Glibc
import Settings
import SystemPackage

extension ListeningSocket {
    /// Removes a Unix socket file left behind by a server that is gone.
    ///
    /// A path where a connection is accepted belongs to a live server and is refused, as is
    /// a path that names something other than a socket.
    static func removeStaleSocketFile(at path: String) throws(SocketError) {
        guard let existing = FileIdentity(path: path) else { return }
        guard existing.isSocket else { throw .unixPathNotASocket(path: path) }
        let probe = socket(AF_UNIX, CInt(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard probe >= 0 else { throw .systemCall("socket", address: "unix:\(path)", errno: .current) }
        defer { Glibc.close(probe) }
        let target = try SocketAddress(unixPath: path)
        if target.withSockaddr({ connect(probe, $0, $1) }) == 0 { throw .unixPathInUse(path: path) }
        let reason = Errno.current
        // EAGAIN: a live listener whose accept queue is full.
        guard reason == .connectionRefused else {
            if reason == .resourceTemporarilyUnavailable { throw .unixPathInUse(path: path) }
            throw .systemCall("connect", address: "unix:\(path)", errno: reason)
        }
        guard unlink(path) == 0 || errno == ENOENT else {
            throw .systemCall("unlink", address: "unix:\(path)", errno: .current)
        }
    }
}

extension BindAddress {
    /// The file a Unix socket lives at; nil for TCP and for abstract (`@name`) sockets.
    var socketFilePath: String? {
        guard case .unix(let path) = self, !path.hasPrefix("@") else { return nil }
        return path
    }
}
