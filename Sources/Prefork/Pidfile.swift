import Glibc
import Logging
import SystemPackage

/// The file that holds the supervisor's pid, so scripts and operators can signal it.
///
/// The file is written whole under a temporary name and linked into place, so a reader
/// never sees it half-written and two servers cannot both create it, nor both take over a
/// stale one.
public struct Pidfile: Sendable, Equatable {
    /// Where the file is now (it moves during a binary upgrade).
    public private(set) var path: String
    /// The pid the file holds.
    public let pid: pid_t

    /// The name the old supervisor's pidfile moves to while a new binary takes over after
    /// USR2, as gunicorn and nginx do (`PATH.oldbin`).
    public static func upgradePath(for path: String) -> String { path + ".oldbin" }

    /// Writes `pid` to a new pidfile at `path`.
    ///
    /// Refuses when the file names a live process other than `pid`; a file naming a dead
    /// process (or holding no pid) is stale and taken over, with a warning on `logger`. The
    /// takeover holds an exclusive `flock` on the stale file from the check to the rename, and
    /// a taker that waited for it looks again, so of two servers starting at once one wins and
    /// the other sees it alive.
    public static func create(at path: String, pid: pid_t = getpid(), logger: Logger? = nil) throws(PidfileError) -> Pidfile {
        let temporary = try writeTemporary(pid, besides: path)
        defer { unlink(temporary) }
        for _ in 0..<takeoverAttempts {
            if link(temporary, path) == 0 { return Pidfile(path: path, pid: pid) }
            guard errno == EEXIST else { throw .fileOperation("create", path: path, errno: .current) }
            guard let lock = try lockCurrentFile(at: path) else { continue }
            defer { close(lock) }
            let holder = readPID(at: path)
            if let holder, holder != pid, isAlive(holder) { throw .heldByLiveProcess(path: path, pid: holder) }
            logger?.warning("pidfile \(path): taking over from \(holder.map { "process \($0), which is gone" } ?? "a file without a pid")")
            guard rename(temporary, path) == 0 else { throw .fileOperation("replace", path: path, errno: .current) }
            return Pidfile(path: path, pid: pid)
        }
        throw .fileOperation("take over", path: path, errno: .resourceTemporarilyUnavailable)
    }

    /// How often `create` looks again when the file is removed or replaced under it.
    private static let takeoverAttempts = 100

    /// Opens the file at `path` and locks it exclusively; nil when it was removed or replaced
    /// before the lock was had (the caller looks again).
    private static func lockCurrentFile(at path: String) throws(PidfileError) -> CInt? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw .fileOperation("open", path: path, errno: .current)
        }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let reason = Errno.current
                close(fd)
                throw .fileOperation("lock", path: path, errno: reason)
            }
        }
        var locked = stat(), current = stat()
        guard fstat(fd, &locked) == 0, stat(path, &current) == 0,
            locked.st_dev == current.st_dev, locked.st_ino == current.st_ino
        else {
            close(fd)
            return nil
        }
        return fd
    }

    /// Moves the pidfile to `newPath`, for a binary upgrade (to `upgradePath(for:)`) or back
    /// when the new binary failed.
    public mutating func move(to newPath: String) throws(PidfileError) {
        let temporary = try Self.writeTemporary(pid, besides: newPath)
        guard rename(temporary, newPath) == 0 else {
            let reason = Errno.current
            unlink(temporary)
            throw .fileOperation("move to \(newPath)", path: path, errno: reason)
        }
        remove()
        path = newPath
    }

    /// Removes the file if it still holds this pid; a file another server has written since
    /// is left alone.
    public func remove() {
        if Self.readPID(at: path) == pid { unlink(path) }
    }

    /// The pid in the file at `path`, or nil when there is no file or no pid in it.
    public static func readPID(at path: String) -> pid_t? {
        guard let text = try? readTextFile(atPath: path), let pid = pid_t(text.trimmingWhitespace), pid > 0 else { return nil }
        return pid
    }

    /// Whether a process with `pid` exists (owned by any user).
    public static func isAlive(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }

    private static func writeTemporary(_ pid: pid_t, besides path: String) throws(PidfileError) -> String {
        let temporary = "\(path).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .fileOperation("create", path: path, errno: .current) }
        defer { close(fd) }
        let text = Array("\(pid)\n".utf8)
        guard write(fd, text, text.count) == text.count else {
            let reason = Errno.current
            unlink(temporary)
            throw .fileOperation("write", path: path, errno: reason)
        }
        return temporary
    }
}
