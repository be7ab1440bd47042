/// Why the supervisor replaced a worker, as counted in the scoreboard for `/metrics`.
public enum WorkerRestartReason: Int, Sendable, CaseIterable, CustomStringConvertible {
    /// The worker exited or died without being asked to.
    case crash = 0
    /// The worker's heartbeat stopped for longer than `timeout`.
    case timeout
    /// The worker served `max_requests` requests.
    case maxRequests
    /// A reload (HUP) replaced the worker's generation.
    case reload
    /// The worker's resident memory grew past `max_worker_rss`.
    case maxWorkerRSS
    /// The worker served for `max_worker_lifetime` seconds.
    case maxWorkerLifetime

    /// The label value in metrics: `crash`, `timeout`, `max_requests`, `reload`, `max_worker_rss`,
    /// `max_worker_lifetime`.
    public var description: String {
        switch self {
        case .crash: "crash"
        case .timeout: "timeout"
        case .maxRequests: "max_requests"
        case .maxWorkerRSS: "max_worker_rss"
        case .maxWorkerLifetime: "max_worker_lifetime"
        case .reload: "reload"
        }
    }
}
