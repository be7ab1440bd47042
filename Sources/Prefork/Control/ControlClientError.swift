import Glibc

/// Why a control client (`ControlClient`) got no answer, or a refusal; each message names the socket and what to do.
public enum ControlClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No file at the path.
    case noSocket(path: String)
    /// The file is there and nobody accepts on it: a server that crashed left it.
    case notRunning(path: String)
    /// The file mode refused the connection, or the server refused the peer.
    case permissionDenied(path: String, detail: String?)
    /// The server answered `"ok": false`.
    case refused(path: String, message: String)
    /// The server gave no answer (closed, or none within the timeout).
    case noAnswer(path: String, seconds: Int)
    /// The answer was not a JSON object.
    case badAnswer(path: String)
    /// A system call failed otherwise.
    case systemCall(String, path: String, errno: Int32)

    /// The path this error is about.
    public var path: String {
        switch self {
        case .noSocket(let path), .notRunning(let path), .permissionDenied(let path, _), .refused(let path, _),
             .noAnswer(let path, _), .badAnswer(let path), .systemCall(_, let path, _):
            path
        }
    }

    public var description: String {
        let elsewhere = "pass --socket PATH (or --config FILE of the server: its control_socket, else <pidfile>.ctl)"
        switch self {
        case .noSocket(let path):
            return "no control socket at \(path): the server is not running (start it) "
                + "or answers elsewhere; \(elsewhere)"
        case .notRunning(let path):
            return "nothing answers at control socket \(path): the server is not running (the file is left from one that stopped); "
                + "start it, or \(elsewhere)"
        case .permissionDenied(let path, let detail):
            return "permission denied on control socket \(path)\(detail.map { ": \($0)" } ?? ""); "
                + "run the control command as the server's user or root"
        case .refused(let path, let message):
            return "control socket \(path): \(message)"
        case .noAnswer(let path, let seconds):
            return "control socket \(path) gave no answer within \(seconds) s: the supervisor may be stuck; see its error log"
        case .badAnswer(let path):
            return "control socket \(path) answered something that is not a control socket answer: is it another program's socket?"
        case .systemCall(let call, let path, let code):
            return "control socket \(path): \(call) failed: \(String(cString: strerror(code)))"
        }
    }
}
