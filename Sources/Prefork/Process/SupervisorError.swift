import Glibc

/// Why the supervisor could not start or carry out an action.
public enum SupervisorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A system call failed.
    case systemCall(String, errno: Int32)
    /// `posix_spawn` of the worker binary failed.
    case spawnFailed(executable: String, errno: Int32)

    public var description: String {
        switch self {
        case .systemCall(let call, let code):
            "supervisor: \(call) failed: \(String(cString: strerror(code)))"
        case .spawnFailed(let executable, let code):
            "cannot start worker \(executable): \(String(cString: strerror(code))) (check the binary exists and is executable)"
        }
    }
}
