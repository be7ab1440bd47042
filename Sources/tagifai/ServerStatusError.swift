import FoundationEssentials
import Prefork

/// Why `tagifai status` could not read a running server.
enum ServerStatusError: Error, CustomStringConvertible {
    /// Neither `--pidfile` nor the config names a pidfile.
    case noPidfile(config: String?)
    /// The pidfile is missing or holds no pid.
    case unreadablePidfile(String)
    /// The pidfile names a process that is not running.
    case supervisorGone(pid: Int32, pidfile: String)
    /// The process has no scoreboard or it cannot be mapped.
    case scoreboard(ScoreboardError)

    var description: String {
        switch self {
        case .noPidfile(let config):
            "no pidfile to find the server by: \(config.map { "config \($0)" } ?? "the configuration") sets no pidfile; "
                + "pass --pidfile FILE, or set pidfile in the config the server runs with"
        case .unreadablePidfile(let path):
            "pidfile \(path) does not exist or holds no pid: is the server running with this pidfile?"
        case .supervisorGone(let pid, let path):
            "pidfile \(path) names pid \(pid), which is not running: the server has stopped (remove the stale pidfile)"
        case .scoreboard(let error):
            "\(error)"
        }
    }
}
