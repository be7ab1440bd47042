import Settings

/// The effective settings of the supervisor: sockets, workers and their timeouts, the pidfile,
/// privileges, the control socket and the error log.
///
/// Key names follow gunicorn's so operators already know them; the YAML key of each
/// property is its snake_case name. The settings of the server the workers run (an HTTP server's
/// limits, say) and the application's are not here: the config loader carries them beside this
/// value, opaque to `Prefork`.
public struct ServerConfig: Sendable, Equatable, Codable {
    /// Addresses to listen on (`bind`).
    public var bind: [BindAddress] = [.tcp(host: "127.0.0.1", port: 8000)]
    /// Length of the kernel's accept queue for each listening socket (`backlog`).
    public var backlog: Int = 2048
    /// Number of worker processes (`workers`).
    public var workers: WorkerCount = .fixed(2)
    /// One SO_REUSEPORT socket per worker slot instead of one shared socket (`reuse_port`).
    public var reusePort: Bool = false
    /// Seconds of heartbeat silence after which a worker is killed and replaced (`timeout`).
    public var timeout: Int = 30
    /// Seconds a draining worker may take to finish in-flight requests (`graceful_timeout`).
    public var gracefulTimeout: Int = 30
    /// Requests after which a worker is retired gracefully; 0 disables (`max_requests`).
    public var maxRequests: Int = 0
    /// Random extra requests added to `maxRequests` per worker (`max_requests_jitter`).
    public var maxRequestsJitter: Int = 0
    /// Resident memory in MiB past which a worker is retired gracefully; 0 disables (`max_worker_rss`).
    public var maxWorkerRSS: Int = 0
    /// Seconds a worker serves before it is retired gracefully; 0 disables (`max_worker_lifetime`).
    public var maxWorkerLifetime: Int = 0
    /// Random extra seconds added to `maxWorkerLifetime` per worker (`max_worker_lifetime_jitter`).
    public var maxWorkerLifetimeJitter: Int = 0
    /// Most workers an autoscaling supervisor runs, from `workers` up; 0 turns autoscaling off (`workers_max`).
    public var workersMax: Int = 0
    /// Seconds the load must call for one worker more before an autoscaling supervisor adds it (`scale_up_seconds`).
    public var scaleUpSeconds: Int = 3
    /// Seconds the load must allow one worker fewer before an autoscaling supervisor retires one (`scale_down_seconds`).
    public var scaleDownSeconds: Int = 30
    /// Path of the pidfile, or nil for none (`pidfile`).
    public var pidfile: String? = nil
    /// Path of the control socket a control client speaks to, or nil for `<pidfile>.ctl` (`control_socket`).
    public var controlSocket: String? = nil
    /// Whether the supervisor serves no control socket at all (`control_socket_disable`).
    public var controlSocketDisable: Bool = false
    /// User to run as when started as root (`user`).
    public var user: String? = nil
    /// Group to run as when started as root (`group`).
    public var group: String? = nil
    /// File mode creation mask for files the server writes (`umask`).
    public var umask: Int = 0o022
    /// Error log destination: a path or `-` for stderr (`errorlog`).
    public var errorlog: String = "-"
    /// Minimum level of error log messages (`loglevel`).
    public var loglevel: LogLevel = .info
    /// Name shown in process titles (`proc_name`); a program gives its own name as the default of
    /// its table's row (`Setting.defaulting(to:)`).
    public var procName: String = "prefork"

    public init() {}
}

/// How many workers to run: a fixed number, or one per core.
public enum WorkerCount: Sendable, Equatable, Codable, CustomStringConvertible {
    case fixed(Int)
    case auto

    public var description: String {
        switch self {
        case .fixed(let count): String(count)
        case .auto: "auto"
        }
    }
}

/// Error log levels, in gunicorn's names.
public enum LogLevel: String, Sendable, Equatable, Codable, CaseIterable {
    case debug, info, warning, error, critical
}
