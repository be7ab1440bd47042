import Settings

/// The effective settings of the server side: sockets, workers, timeouts, limits, logging.
///
/// Key names follow gunicorn's so operators already know them; the YAML key of each
/// property is its snake_case name. Application settings (the model path and the like)
/// are not here: the config loader carries them beside this value, opaque to `Prefork`.
public struct ServerConfig: Sendable, Equatable, Codable {
    /// Addresses to listen on (`bind`).
    public var bind: [BindAddress] = [.tcp(host: "127.0.0.1", port: 8000)]
    /// Length of the kernel's accept queue for each listening socket (`backlog`).
    public var backlog: Int = 2048
    /// Number of worker processes (`workers`).
    public var workers: WorkerCount = .fixed(2)
    /// Event loop threads in each worker (`threads`).
    public var threads: Int = 1
    /// Most connections a worker holds open at once; at the cap it stops accepting (`worker_connections`).
    public var workerConnections: Int = 1000
    /// One SO_REUSEPORT socket per worker slot instead of one shared socket (`reuse_port`).
    public var reusePort: Bool = false
    /// Seconds of heartbeat silence after which a worker is killed and replaced (`timeout`).
    public var timeout: Int = 30
    /// Seconds a draining worker may take to finish in-flight requests (`graceful_timeout`).
    public var gracefulTimeout: Int = 30
    /// Seconds an idle keep-alive connection stays open (`keepalive`).
    public var keepalive: Int = 5
    /// Seconds a client may take to send a complete request head (`header_timeout`).
    public var headerTimeout: Int = 10
    /// Seconds a client may take to send a whole request body (`body_timeout`).
    public var bodyTimeout: Int = 60
    /// Seconds a client may accept no byte of a pending response before its connection is closed (`send_timeout`).
    public var sendTimeout: Int = 60
    /// Requests after which a worker is retired gracefully; 0 disables (`max_requests`).
    public var maxRequests: Int = 0
    /// Random extra requests added to `maxRequests` per worker (`max_requests_jitter`).
    public var maxRequestsJitter: Int = 0
    /// Longest request line in bytes (`limit_request_line`).
    public var limitRequestLine: Int = 4094
    /// Most header fields in a request (`limit_request_fields`).
    public var limitRequestFields: Int = 100
    /// Longest header field in bytes (`limit_request_field_size`).
    public var limitRequestFieldSize: Int = 8190
    /// Largest request body in bytes (`max_body_size`).
    public var maxBodySize: Int = 1_048_576
    /// Path of the pidfile, or nil for none (`pidfile`).
    public var pidfile: String? = nil
    /// Path of the control socket `tagifai ctl` speaks to, or nil for `<pidfile>.ctl` (`control_socket`).
    public var controlSocket: String? = nil
    /// Whether the supervisor serves no control socket at all (`control_socket_disable`).
    public var controlSocketDisable: Bool = false
    /// User to run as when started as root (`user`).
    public var user: String? = nil
    /// Group to run as when started as root (`group`).
    public var group: String? = nil
    /// File mode creation mask for files the server writes (`umask`).
    public var umask: Int = 0o022
    /// Access log destination: a path, `-` for stdout, or nil for none (`accesslog`).
    public var accesslog: String? = "-"
    /// Access log line format in gunicorn's `%(x)s` atoms (`access_log_format`).
    public var accessLogFormat: String = #"%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s""#
    /// Error log destination: a path or `-` for stderr (`errorlog`).
    public var errorlog: String = "-"
    /// Minimum level of error log messages (`loglevel`).
    public var loglevel: LogLevel = .info
    /// Name shown in process titles (`proc_name`).
    public var procName: String = "tagifai"
    /// Peers whose `X-Forwarded-*` and `Forwarded` headers set the client address, scheme and host
    /// (`forwarded_allow_ips`).
    public var forwardedAllowIPs: IPAllowList = IPAllowList(parsing: "127.0.0.1")!
    /// Whether every connection starts with a PROXY protocol v1 or v2 header naming the client
    /// (`proxy_protocol`); connections without one are refused.
    public var proxyProtocol: Bool = false
    /// PEM certificate chain that turns on TLS for every listening socket, or nil for plain HTTP (`certfile`).
    public var certfile: String? = nil
    /// PEM private key of `certfile`'s certificate (`keyfile`).
    public var keyfile: String? = nil
    /// PEM certificates of the authorities that client certificates are verified against (`ca_certs`).
    public var caCerts: String? = nil
    /// Whether TLS clients must present a certificate (`cert_reqs`).
    public var certReqs: ClientCertificates = .none
    /// The oldest TLS version accepted (`tls_min_version`).
    public var tlsMinVersion: TLSVersion = .v1_2

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
