/// Why a worker could not take over what the supervisor passed it.
public enum WorkerContextError: Error, Sendable, CustomStringConvertible {
    case missingVariable(String)
    case invalidVariable(String, String)
    case unusableSocket(SocketError)
    case unusableScoreboard(ScoreboardError)
    case unreadablePayload(fd: CInt)
    case supervisorGone(Int32)
    case unusableSharedFile(path: String, reason: String)

    public var description: String {
        switch self {
        case .missingVariable(let name):
            "worker: \(name) is not set (the worker role is started by the supervisor, not by hand)"
        case .invalidVariable(let name, let value):
            "worker: \(name)=\"\(value)\" is not valid (the worker role is started by the supervisor, not by hand)"
        case .unusableSocket(let error):
            "worker: \(error)"
        case .unusableScoreboard(let error):
            "worker: \(error)"
        case .unreadablePayload(let fd):
            "worker: cannot read the config payload from fd \(fd)"
        case .supervisorGone(let pid):
            "worker: supervisor pid \(pid) is gone; exiting"
        case .unusableSharedFile(let path, let reason):
            "worker: cannot map the shared copy of \(path): \(reason)"
        }
    }
}
