/// Why a scoreboard could not be created, mapped or found.
public enum ScoreboardError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A system call failed.
    case systemCall(String, errno: Int32)
    /// The region does not start with the scoreboard magic or has another layout version.
    case notAScoreboard(String)
    /// No scoreboard among a process's open files.
    case notFound(pid: Int32)

    public var description: String {
        switch self {
        case .systemCall(let call, let code):
            "scoreboard: \(call) failed: \(String(cString: strerror(code)))"
        case .notAScoreboard(let reason):
            "scoreboard: \(reason) (is the server running the same version?)"
        case .notFound(let pid):
            "scoreboard: process \(pid) has no scoreboard open (is it a running supervisor? check the pidfile)"
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
