import Prefork

/// Why the server could not start listening.
public enum HTTPServerError: Error, CustomStringConvertible {
    case cannotResolve(BindAddress, underlying: Error)
    case cannotBind(BindAddress, errno: Int32)
    case cannotListen(fd: CInt, errno: Int32)
    /// An adopted socket could not be made non-blocking, or its accept thread given a wake-up pipe.
    case cannotWatch(fd: CInt, errno: Int32)
    case drained

    public var description: String {
        switch self {
        case .cannotResolve(let address, let underlying):
            "bind \(address): cannot resolve the host (\(underlying)); use an IP address or a resolvable name"
        case .cannotBind(let address, let errno):
            "bind \(address): cannot bind (errno \(errno)); check that no other process uses the address and the port is allowed"
        case .cannotListen(let fd, let errno):
            "listening socket fd \(fd): listen() failed (errno \(errno)); pass a bound stream socket"
        case .cannotWatch(let fd, let errno):
            "listening socket fd \(fd): cannot prepare its accept thread (errno \(errno)); pass a listening socket and check the open file limit"
        case .drained:
            "the HTTP server has been drained; create a new HTTPServer to listen again"
        }
    }
}
