import Glibc

/// CLOCK_MONOTONIC readings, the time base of heartbeats and arbiter deadlines.
public enum MonotonicClock {
    /// Nanoseconds since an arbitrary point, never going back.
    public static func nanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }

    /// The same reading in seconds.
    public static func seconds() -> Double { Double(nanoseconds()) / 1e9 }
}
