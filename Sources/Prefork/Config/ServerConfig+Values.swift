extension ServerConfig {
    /// Builds the typed server config from validated values keyed by setting key.
    ///
    /// Keys not in `values` keep their defaults; a value of the wrong shape is reported, not trapped,
    /// so a corrupt hand-over from the supervisor fails cleanly in the worker.
    init(values: [String: ConfigEntry]) throws(ConfigError) {
        self.init()
        let reader = ValueReader(entries: values)
        try reader.read("bind", into: &bind) { if case .addresses(let list) = $0, !list.isEmpty { list } else { nil } }
        try reader.read("backlog", into: &backlog, as: \.integer)
        try reader.read("workers", into: &workers) {
            switch $0 {
            case .auto: .auto
            case .integer(let count): .fixed(count)
            default: nil
            }
        }
        try reader.read("threads", into: &threads, as: \.integer)
        try reader.read("worker_connections", into: &workerConnections, as: \.integer)
        try reader.read("reuse_port", into: &reusePort, as: \.boolean)
        try reader.read("timeout", into: &timeout, as: \.integer)
        try reader.read("graceful_timeout", into: &gracefulTimeout, as: \.integer)
        try reader.read("keepalive", into: &keepalive, as: \.integer)
        try reader.read("header_timeout", into: &headerTimeout, as: \.integer)
        try reader.read("body_timeout", into: &bodyTimeout, as: \.integer)
        try reader.read("max_requests", into: &maxRequests, as: \.integer)
        try reader.read("max_requests_jitter", into: &maxRequestsJitter, as: \.integer)
        try reader.read("limit_request_line", into: &limitRequestLine, as: \.integer)
        try reader.read("limit_request_fields", into: &limitRequestFields, as: \.integer)
        try reader.read("limit_request_field_size", into: &limitRequestFieldSize, as: \.integer)
        try reader.read("max_body_size", into: &maxBodySize, as: \.integer)
        try reader.read("pidfile", into: &pidfile, as: \.optionalText)
        try reader.read("user", into: &user, as: \.optionalText)
        try reader.read("group", into: &group, as: \.optionalText)
        try reader.read("umask", into: &umask) { if case .octal(let mode) = $0 { mode } else { nil } }
        try reader.read("accesslog", into: &accesslog, as: \.optionalText)
        try reader.read("access_log_format", into: &accessLogFormat, as: \.text)
        try reader.read("errorlog", into: &errorlog, as: \.text)
        try reader.read("loglevel", into: &loglevel) { $0.text.flatMap(LogLevel.init(rawValue:)) }
        try reader.read("proc_name", into: &procName, as: \.text)
        try reader.read("metrics", into: &metrics, as: \.boolean)
        try reader.read("metrics_bind", into: &metricsBind) {
            switch $0 {
            case .unset: .some(nil)
            case .addresses(let list) where list.count == 1: list[0]
            default: nil
            }
        }
        try reader.read("forwarded_allow_ips", into: &forwardedAllowIPs) { $0.text.flatMap(ForwardedAllowList.init(parsing:)) }
        try readTLS(reader)
    }
}
