import Glibc
import SystemPackage

/// Why the pidfile could not be written, moved or trusted.
public enum PidfileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A live process holds the pidfile: the server is already running.
    case heldByLiveProcess(path: String, pid: pid_t)
    /// A file operation on the pidfile failed.
    case fileOperation(String, path: String, errno: Errno)

    public var description: String {
        switch self {
        case .heldByLiveProcess(let path, let pid):
            "pidfile \(path): held by running process \(pid) (stop that server first, "
                + "or set another pidfile if it is a different instance)"
        case .fileOperation(let operation, let path, let errno):
            "pidfile \(path): cannot \(operation): \(errno)" + (Self.hint(errno).map { " (\($0))" } ?? "")
        }
    }

    private static func hint(_ errno: Errno) -> String? {
        switch errno {
        case .noSuchFileOrDirectory: "create its directory, or change pidfile"
        case .permissionDenied, .notPermitted, .readOnlyFileSystem:
            "make its directory writable by the server's user (RuntimeDirectory= under systemd), or change pidfile"
        default: nil
        }
    }
}
