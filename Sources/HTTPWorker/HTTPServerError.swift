/// Why the server could not start listening.
public enum HTTPServerError: Error, CustomStringConvertible {
    /// A listening socket could not be bound, adopted or given its backlog.
    case socket(any Error)
    /// An accepted socket could not be made non-blocking, or its accept thread given a wake-up pipe.
    case cannotWatch(fd: CInt, errno: Int32)
    /// `start` was called after `drain()`.
    case drained

    public var description: String {
        switch self {
        case .socket(let error):
            "\(error)"
        case .cannotWatch(let fd, let errno):
            "listening socket fd \(fd): cannot prepare its accept thread (errno \(errno)); pass a listening socket and check the open file limit"
        case .drained:
            "the HTTP server has been drained; create a new HTTPServer to listen again"
        }
    }
}
