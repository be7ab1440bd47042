import HTTPWorker
import Prefork
import Settings

/// tagifai's server keys as one table: the supervisor's (`ServerConfig`) and the HTTP server's
/// (`HTTPSettings`), listed in the order operators know from `check-config`, `tagifai ctl config`
/// and `etc/tagifai.yaml`, where the two sides' keys are grouped by topic rather than by owner.
enum ServerSettings {
    /// Every key of both tables, in the order they are listed.
    static let order = [
        "bind", "backlog", "workers", "threads", "worker_connections", "reuse_port", "timeout",
        "graceful_timeout", "keepalive", "header_timeout", "body_timeout", "send_timeout", "max_requests",
        "max_requests_jitter", "max_worker_rss", "max_worker_lifetime", "max_worker_lifetime_jitter", "workers_max", "scale_up_seconds", "scale_down_seconds",
        "limit_request_line", "limit_request_fields", "limit_request_field_size",
        "max_body_size", "pidfile", "control_socket", "control_socket_disable", "user", "group", "umask",
        "accesslog", "access_log_format", "errorlog", "loglevel", "proc_name", "forwarded_allow_ips",
        "proxy_protocol", "certfile", "keyfile", "ca_certs", "cert_reqs", "tls_min_version",
        "http_protocols", "http2_max_concurrent_streams", "http2_max_header_list_size", "http2_max_reset_streams",
    ]

    /// The rows of both tables in `order`, `proc_name` defaulting to this program's name; a key one
    /// table adds and `order` does not name stops the program at its first use, before any config is read.
    static let all: [Setting] = {
        let rows = ServerConfig.settings + HTTPSettings.settings
        let byKey = Dictionary(rows.map { ($0.key, $0) }) { first, _ in first }
        precondition(
            byKey.count == rows.count && Set(order) == Set(byKey.keys) && order.count == rows.count,
            "ServerSettings.order must name each key of ServerConfig.table and HTTPSettings.table once")
        return order.compactMap { key in
            key == "proc_name" ? byKey[key]?.defaulting(to: .text("tagifai")) : byKey[key]
        }
    }()
}
