import Glibc

/// Why the supervisor could not open its control socket; it refuses to start rather than run without it.
public enum ControlSocketError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Another server answers at the path.
    case inUse(path: String)
    /// The path names something other than a socket.
    case notASocket(path: String)
    /// Binding or preparing the socket failed.
    case systemCall(String, path: String, errno: Int32)

    public var description: String {
        let fix = "set control_socket to another path, or control_socket_disable: true"
        switch self {
        case .inUse(let path):
            return "control socket \(path): another server answers there; stop that server (send it the stop command on this socket) or \(fix)"
        case .notASocket(let path):
            return "control socket \(path): the path exists and is not a socket; remove the file or \(fix)"
        case .systemCall(let call, let path, let code):
            return "control socket \(path): \(call) failed: \(String(cString: strerror(code))); "
                + "check the folder exists and the server may write there, or \(fix)"
        }
    }
}
