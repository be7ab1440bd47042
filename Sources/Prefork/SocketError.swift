import Glibc
import Settings
import SystemPackage

/// Why a listening socket could not be bound, adopted or used.
public enum SocketError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The port of a TCP address is outside 0...65535.
    case invalidPort(BindAddress)
    /// The host part of a TCP address did not resolve.
    case unresolvableHost(BindAddress, reason: String)
    /// A Unix socket path longer than `sockaddr_un` can hold.
    case unixPathTooLong(path: String, limit: Int)
    /// Something is already accepting connections on a Unix socket path.
    case unixPathInUse(path: String)
    /// A Unix socket path names a file that is not a socket.
    case unixPathNotASocket(path: String)
    /// A system call on a socket for `address` failed.
    case systemCall(String, address: String, errno: Errno)
    /// An inherited descriptor is not a listening stream socket.
    case notAListeningSocket(fd: CInt, reason: String)

    public var description: String {
        switch self {
        case .invalidPort(let address):
            "bind \(address): the port is outside 0...65535 (use 0 for a free port; change bind)"
        case .unresolvableHost(let address, let reason):
            "bind \(address): cannot resolve host: \(reason) (use an IP address or a name in /etc/hosts; change bind)"
        case .unixPathTooLong(let path, let limit):
            "bind unix:\(path): path is longer than \(limit) bytes (use a shorter path, such as one under /run)"
        case .unixPathInUse(let path):
            "bind unix:\(path): another server is listening on this socket (stop it or change bind)"
        case .unixPathNotASocket(let path):
            "bind unix:\(path): the path exists and is not a socket (remove the file or change bind)"
        case .systemCall(let call, let address, let errno):
            "\(call) \(address): \(errno)" + (Self.hint(call: call, address: address, errno: errno).map { " (\($0))" } ?? "")
        case .notAListeningSocket(let fd, let reason):
            "inherited fd \(fd): \(reason) (pass only listening stream sockets, e.g. ListenStream= in the .socket unit)"
        }
    }

    private static func hint(call: String, address: String, errno: Errno) -> String? {
        let unix = address.hasPrefix("unix:")
        switch errno {
        case .addressInUse:
            return "another server is listening there; change bind"
        case .permissionDenied where unix:
            return "no permission to create the socket file; fix the directory's permissions or change bind"
        case .permissionDenied:
            return "ports below 1024 need root or CAP_NET_BIND_SERVICE; start as root or use a higher port"
        case .addressNotAvailable:
            return "the address is not on any interface of this machine; change bind"
        case .noSuchFileOrDirectory where unix:
            return "the socket's directory does not exist; create it or change bind"
        case .addressFamilyNotSupported:
            return "this machine has no support for that address family; change bind"
        case .tooManyOpenFiles, .tooManyOpenFilesInSystem:
            return "raise the open-file limit (ulimit -n, LimitNOFILE=)"
        default:
            return nil
        }
    }
}
