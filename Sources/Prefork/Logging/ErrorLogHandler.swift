import Glibc
import Logging
import Settings

/// A swift-log handler that formats lines as gunicorn does, `[time] [pid] [LEVEL] message`,
/// and hands them to an `ErrorLog`.
struct ErrorLogHandler: LogHandler {
    let log: ErrorLog
    let label: String
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level

    init(log: ErrorLog, label: String) {
        self.log = log
        self.label = label
        self.logLevel = log.level
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = event.metadata.map { metadata.merging($0) { $1 } } ?? metadata
        let details = merged.isEmpty ? "" : " " + merged.sorted { $0.key < $1.key }.map { "\($0)=\($1)" }.joined(separator: " ")
        log.write("[\(Self.timestamp())] [\(getpid())] [\(event.level.rawValue.uppercased())] \(event.message)\(details)\n")
    }

    /// Local time as gunicorn writes it: `2026-11-25 20:50:01 +0000`.
    static func timestamp() -> String {
        TimestampFormat.text(time(nil), "%Y-%m-%d %H:%M:%S %z", utc: false)
    }
}
