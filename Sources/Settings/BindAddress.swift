/// One address to listen on.
public enum BindAddress: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// `HOST:PORT` or `[V6]:PORT`; port 0 asks the kernel for a free one.
    case tcp(host: String, port: Int)
    /// `unix:PATH`.
    case unix(path: String)

    /// The TCP port, or nil for a unix socket.
    public var port: Int? {
        if case .tcp(_, let port) = self { port } else { nil }
    }

    public var description: String {
        switch self {
        case .tcp(let host, let port):
            host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case .unix(let path):
            "unix:\(path)"
        }
    }
}
