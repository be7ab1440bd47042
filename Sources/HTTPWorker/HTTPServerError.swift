import Prefork

/// Why the server could not start listening.
public enum HTTPServerError: Error, CustomStringConvertible {
    /// A listening socket could not be bound, adopted or given its backlog.
    case socket(SocketError)
    /// `start` was called after `drain()`.
    case drained

    public var description: String {
        switch self {
        case .socket(let error):
            "\(error)"
        case .drained:
            "the HTTP server has been drained; create a new HTTPServer to listen again"
        }
    }
}
