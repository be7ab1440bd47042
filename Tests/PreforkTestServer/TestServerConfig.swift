import Foundation
import Prefork

/// The test server's config file: `key=value` lines, server keys in gunicorn's names plus
/// worker hooks (`fail_boot`, `crash_after`, `hang_after` (busy loop), `boot_delay_ms`, `drain_delay_ms`), and
/// `shared_file`, a path the supervisor shares with the workers (each answer then ends with its bytes' digest).
struct TestServerConfig {
    var values: [String: String]

    init(path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        values = [:]
        for line in text.split(separator: "\n") where line.contains("=") {
            let parts = line.split(separator: "=", maxSplits: 1)
            values[String(parts[0]).trimmingCharacters(in: .whitespaces)] = parts.count > 1 ? String(parts[1]) : ""
        }
    }

    init(payload: Data) {
        values = (try? JSONDecoder().decode([String: String].self, from: payload)) ?? [:]
    }

    var payload: Data { (try? JSONEncoder().encode(values)) ?? Data() }

    func int(_ key: String) -> Int? { values[key].flatMap { Int($0) } }

    var serverConfig: ServerConfig {
        var config = ServerConfig()
        if let bind = values["bind"] {
            if bind.hasPrefix("unix:") {
                config.bind = [.unix(path: String(bind.dropFirst(5)))]
            } else if let colon = bind.lastIndex(of: ":"), let port = Int(bind[bind.index(after: colon)...]) {
                config.bind = [.tcp(host: String(bind[..<colon]), port: port)]
            }
        }
        if let workers = int("workers") { config.workers = .fixed(workers) }
        if let timeout = int("timeout") { config.timeout = timeout }
        if let graceful = int("graceful_timeout") { config.gracefulTimeout = graceful }
        if let maxRequests = int("max_requests") { config.maxRequests = maxRequests }
        if let jitter = int("max_requests_jitter") { config.maxRequestsJitter = jitter }
        if let backlog = int("backlog") { config.backlog = backlog }
        config.reusePort = values["reuse_port"] == "true"
        config.pidfile = values["pidfile"]
        config.procName = "prefork-test"
        return config
    }
}
