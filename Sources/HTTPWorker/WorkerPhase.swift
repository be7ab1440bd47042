/// Where a worker's HTTP server is in its life; `HTTPServerHooks.phaseChanged` reports each step.
public enum WorkerPhase: Int, Sendable, Comparable {
    /// Event loops up, sockets maybe accepting, not yet declared ready.
    case booting
    /// Declared ready: accepting and serving.
    case serving
    /// Accepting nothing more; open connections finish under the drain rules.
    case draining
    /// Every connection closed; the event loops are idle and may be shut down.
    case stopped

    public static func < (lhs: WorkerPhase, rhs: WorkerPhase) -> Bool { lhs.rawValue < rhs.rawValue }
}
