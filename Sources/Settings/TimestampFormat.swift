#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall-clock times as text through the C library's `strftime`, in the C locale whatever the
/// environment says, so month and day names are always English (`Date` headers and logs need that).
///
/// The server's one timestamp formatter: Prefork's error log lines and HTTPWorker's `Date` header
/// and access log time, which are formatted once a second. It lives in `Settings` because that is
/// the one module both import. The envelope's timestamp,
/// written on every response, is put together by hand instead (`LocalTimestamp`, which says why).
public enum TimestampFormat {
    /// `seconds` since the epoch as `format` gives it, in UTC or in local time.
    public static func text(_ seconds: time_t, _ format: String, utc: Bool) -> String {
        var clock = seconds
        var parts = tm()
        if utc { gmtime_r(&clock, &parts) } else { localtime_r(&clock, &parts) }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 128) { buffer in
            let count = strftime_l(buffer.baseAddress!, buffer.count, format, &parts, cLocale)
            return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress, count: count), as: UTF8.self)
        }
    }

    /// The C locale's time names, made once: `strftime` alone follows `LC_TIME` when a process sets
    /// its locale. `1 << LC_TIME` is glibc's `LC_TIME_MASK`, a macro Swift does not import.
    nonisolated(unsafe) private static let cLocale = newlocale(1 << LC_TIME, "C", nil)
}
