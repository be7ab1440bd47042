import Settings

extension ServerConfig: TypedSettings {
    /// The server keys, with gunicorn's names and ranges: one row each, naming the property it sets
    /// (whose declaration holds the default), how its value converts, and its summary line.
    public static let table: [SettingRow<ServerConfig>] = [
        SettingRow("bind", .addresses, \.bind, .addresses,
                   "Addresses to listen on: HOST:PORT, [V6]:PORT or unix:PATH; port 0 picks a free port."),
        SettingRow("backlog", .integer(1...65535), \.backlog, .integer,
                   "Length of the kernel's queue of connections waiting to be accepted, per socket."),
        SettingRow("workers", .integerOrAuto(1...1024), \.workers, .workerCount,
                   "Number of worker processes; auto starts one per CPU of the affinity mask and cgroup quota."),
        SettingRow("reuse_port", .boolean, \.reusePort, .boolean,
                   "One SO_REUSEPORT socket per worker instead of one shared socket."),
        SettingRow("timeout", .duration(1...86400), \.timeout, .integer,
                   "Seconds of heartbeat silence after which a worker is killed and replaced."),
        SettingRow("graceful_timeout", .duration(1...86400), \.gracefulTimeout, .integer,
                   "Seconds a stopping worker may take to finish its in-flight requests."),
        SettingRow("max_requests", .integer(0...1_000_000_000), \.maxRequests, .integer,
                   "Requests after which a worker is replaced gracefully; 0 never replaces."),
        SettingRow("max_requests_jitter", .integer(0...1_000_000_000), \.maxRequestsJitter, .integer,
                   "Up to this many extra requests added at random to max_requests per worker."),
        SettingRow("max_worker_rss", .integer(0...1_048_576), \.maxWorkerRSS, .integer,
                   "Resident memory in MiB past which a worker is replaced gracefully; 0 never replaces."),
        SettingRow("max_worker_lifetime", .duration(0...31_536_000), \.maxWorkerLifetime, .integer,
                   "Seconds a worker serves before it is replaced gracefully; 0 never replaces."),
        SettingRow("max_worker_lifetime_jitter", .duration(0...31_536_000), \.maxWorkerLifetimeJitter, .integer,
                   "Up to this many extra seconds added at random to max_worker_lifetime per worker."),
        SettingRow("workers_max", .integer(0...1024), \.workersMax, .integer,
                   "Most workers when the supervisor sizes itself to the load, from workers up; 0 keeps workers fixed."),
        SettingRow("scale_up_seconds", .duration(1...3600), \.scaleUpSeconds, .integer,
                   "With workers_max: seconds of waiting connections or busy workers before one worker is added."),
        SettingRow("scale_down_seconds", .duration(1...86400), \.scaleDownSeconds, .integer,
                   "With workers_max: seconds of idle workers before one is retired."),
        SettingRow("pidfile", .pathOrAuto, \.pidfile, .optionalText, optional: true,
                   "File the supervisor writes its pid to; auto for one in the user's runtime folder named after the config file; null for none."),
        SettingRow("control_socket", .path, \.controlSocket, .optionalText, optional: true,
                   "Unix socket (mode 0600) where the supervisor answers control commands; null puts it at <pidfile>.ctl."),
        SettingRow("control_socket_disable", .boolean, \.controlSocketDisable, .boolean,
                   "Whether the supervisor serves no control socket at all."),
        SettingRow("user", .text, \.user, .optionalText, optional: true,
                   "User (name or uid) to run as when started as root; null keeps the current one."),
        SettingRow("group", .text, \.group, .optionalText, optional: true,
                   "Group (name or gid) to run as when started as root; null keeps the current one."),
        SettingRow("umask", .octal(0...0o777), \.umask, .octal,
                   "File mode creation mask for files the server creates, in octal."),
        SettingRow("errorlog", .path, \.errorlog, .text,
                   "Error log file; - for standard error."),
        SettingRow("loglevel", .choice(LogLevel.allCases.map(\.rawValue)), \.loglevel, .level,
                   "Least severe error log messages written."),
        SettingRow("proc_name", .text, \.procName, .text,
                   "Name shown in process titles (ps, top)."),
    ]
}

extension ServerConfig {
    /// Builds the typed server config from validated values keyed by setting key.
    init(values: [String: ConfigEntry]) throws(ConfigError) {
        try self.init(assigning: values)
        try checkWorkersMax(values, cpus: CPUBudget.current.cpus)
    }

    /// `workers_max`, when set, must leave room above `workers` (resolved on `cpus` for `auto`),
    /// which is the floor the autoscaler never goes under.
    func checkWorkersMax(_ entries: [String: ConfigEntry], cpus: Int) throws(ConfigError) {
        let floor = workers.resolved(cpus: cpus)
        guard workersMax > 0, workersMax < floor else { return }
        let workersText = workers == .auto ? "workers (auto: \(floor) here)" : "workers (\(floor))"
        throw .conflict(
            source: entries["workers_max"]?.source ?? .builtIn, key: "workers_max",
            problem: "\(workersMax) is below \(workersText), the fewest workers autoscaling runs; "
                + "set workers_max to \(floor) or more, or to 0 to keep the worker count fixed")
    }
}
