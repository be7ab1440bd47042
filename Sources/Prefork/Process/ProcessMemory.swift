import Glibc

/// Memory use of a process, read from `/proc`, for `tagifai status` and `/metrics`.
public enum ProcessMemory {
    /// Resident set size of `pid` in bytes, or nil when the process is gone or unreadable.
    public static func residentBytes(of pid: Int32) -> UInt64? {
        guard let statm = try? readTextFile(atPath: "/proc/\(pid)/statm") else { return nil }
        let fields = statm.split(separator: " ")
        guard fields.count > 1, let pages = UInt64(fields[1]) else { return nil }
        return pages * UInt64(sysconf(Int32(_SC_PAGESIZE)))
    }
}
