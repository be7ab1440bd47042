#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Settings

/// Wall-clock timestamps in the two text forms the server writes once a second (`EventLoopClock`).
enum HTTPDate {
    /// The current second since the epoch.
    static func now() -> time_t {
        time(nil)
    }

    /// `Wed, 25 Nov 2026 20:52:11 GMT`: the RFC 9110 `Date` header form.
    static func rfc1123(_ seconds: time_t) -> String {
        TimestampFormat.text(seconds, "%a, %d %b %Y %H:%M:%S GMT", utc: true)
    }

    /// `[25/Nov/2026:20:52:11 +0000]`: the local-time form of gunicorn's `%(t)s` access log atom.
    static func commonLog(_ seconds: time_t) -> String {
        TimestampFormat.text(seconds, "[%d/%b/%Y:%H:%M:%S %z]", utc: false)
    }
}
