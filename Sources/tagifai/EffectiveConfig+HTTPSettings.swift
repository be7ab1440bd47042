import HTTPWorker
import Prefork
import Settings

extension EffectiveConfig {
    /// The HTTP server's settings: its own keys, checked against each other, and the supervisor's
    /// `backlog` and `graceful_timeout`, which the server follows too.
    func httpSettings() throws(ConfigError) -> HTTPSettings {
        var settings = try HTTPSettings(values: Dictionary(serverEntries.map { ($0.key, $0) }) { _, last in last })
        settings.backlog = server.backlog
        settings.gracefulTimeout = server.gracefulTimeout
        return settings
    }
}
