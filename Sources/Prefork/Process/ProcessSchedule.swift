import Glibc

/// What the scheduler says of a process's threads, read from `/proc`.
public enum ProcessSchedule {
    /// Nanoseconds `pid`'s threads have spent running or ready to run (waiting in a run queue),
    /// summed from each thread's `schedstat`; nil when the process is gone or unreadable.
    ///
    /// A worker's event loops are busy exactly when they run or wait for a CPU; the rest of the
    /// time they wait for work in `epoll_wait`. Counting the run-queue wait too keeps a worker
    /// starved of CPU (by other processes, or by more workers than CPUs) from looking idle.
    public static func wantedNanoseconds(of pid: Int32) -> UInt64? {
        guard let tasks = opendir("/proc/\(pid)/task") else { return nil }
        defer { closedir(tasks) }
        var total: UInt64 = 0
        var found = false
        while let entry = readdir(tasks) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name.first?.isNumber == true,
                  let text = try? readTextFile(atPath: "/proc/\(pid)/task/\(name)/schedstat") else { continue }
            let fields = text.split(separator: " ")
            guard fields.count >= 2, let running = UInt64(fields[0]), let waiting = UInt64(fields[1]) else { continue }
            total &+= running &+ waiting
            found = true
        }
        return found ? total : nil
    }
}
