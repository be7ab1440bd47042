/// The environment variables that carry a worker's identity and inherited descriptors.
public enum WorkerEnvironment {
    /// Scoreboard slot index.
    public static let slot = "PREFORK_SLOT"
    /// Generation number (0 at start, +1 per reload).
    public static let generation = "PREFORK_GENERATION"
    /// Place among the configured workers; selects the socket with `reuse_port`.
    public static let position = "PREFORK_POSITION"
    /// Comma-separated listening descriptors, in `bind` order.
    public static let listenFDs = "PREFORK_LISTEN_FDS"
    /// Listening descriptors for a purpose of the application's own, `name=fd` pairs separated by
    /// commas (`metrics=7`); not among `listenFDs`.
    public static let namedListenFDs = "PREFORK_NAMED_LISTEN_FDS"
    /// `1` when each worker has its own SO_REUSEPORT sockets.
    public static let reusePort = "PREFORK_REUSE_PORT"
    /// The scoreboard memfd.
    public static let scoreboardFD = "PREFORK_SCOREBOARD_FD"
    /// The write end of the status pipe.
    public static let statusFD = "PREFORK_STATUS_FD"
    /// The memfd holding the generation's config payload.
    public static let payloadFD = "PREFORK_PAYLOAD_FD"
    /// The sealed memfds of the files the application shares with the generation's workers,
    /// `fd=path` pairs separated by commas (`SharedFileList`).
    public static let sharedFiles = "PREFORK_SHARED_FILES"
    /// The supervisor's pid, so a worker notices when it is orphaned.
    public static let supervisorPID = "PREFORK_SUPERVISOR_PID"
    /// Listening descriptors a new supervisor inherits from the old one after USR2.
    public static let inheritedFDs = "PREFORK_INHERITED_FDS"
}
