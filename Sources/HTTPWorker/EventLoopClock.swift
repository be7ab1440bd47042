#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Per-event-loop state read on every request: the cached date strings.
///
/// Each instance belongs to one event loop and is only touched on that loop, so it needs no lock;
/// the date strings are formatted at most once per second per loop instead of once per request.
final class EventLoopClock: @unchecked Sendable {
    private var second: time_t = 0
    private var cachedDateHeader = ""
    private var cachedLogTime = ""

    /// The `Date` header value for the current second.
    var dateHeader: String {
        refresh()
        return cachedDateHeader
    }

    /// The access log's `%(t)s` value for the current second.
    var logTime: String {
        refresh()
        return cachedLogTime
    }

    private func refresh() {
        let now = HTTPDate.now()
        guard now != second else { return }
        second = now
        cachedDateHeader = HTTPDate.rfc1123(now)
        cachedLogTime = HTTPDate.commonLog(now)
    }
}
