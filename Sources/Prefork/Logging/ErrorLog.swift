import Glibc
import Logging
import Synchronization

/// The error log both the supervisor and the workers write: `errorlog` (a path, or `-` for
/// stderr) at `loglevel`, one line per message in gunicorn's layout, reopenable for logrotate.
///
/// Each line is one `write(2)` on an `O_APPEND` descriptor, so the lines of several processes
/// sharing the file never interleave.
public final class ErrorLog: Sendable {
    /// Where lines go: a path, or `-` for standard error.
    public let destination: String
    let level: Logger.Level
    private let descriptor: Mutex<CInt>

    /// Opens `destination` for appending (creating it), or takes stderr for `-`.
    ///
    /// A process running as root gives the file to `owner` (the `user`/`group` it will drop to),
    /// as gunicorn does, so workers running as that user can open and append to it too.
    public init(destination: String, level: LogLevel, owner: (uid: uid_t?, gid: gid_t?) = (nil, nil)) throws(ErrorLogError) {
        self.destination = destination
        self.level = level.swiftLogLevel
        let fd = try Self.open(destination)
        if fd != STDERR_FILENO, geteuid() == 0, owner.uid != nil || owner.gid != nil,
            fchown(fd, owner.uid ?? uid_t.max, owner.gid ?? gid_t.max) != 0
        {
            let code = errno
            close(fd)
            throw .cannotChangeOwner(destination, errno: code)
        }
        descriptor = Mutex(fd)
    }

    /// Opens the log that `config` names, owned by its `user` and `group` when opened as root.
    ///
    /// An unknown user is left to the supervisor's privilege drop, which reports it.
    public convenience init(config: ServerConfig) throws(ErrorLogError) {
        let target = try? PrivilegeDrop(config: config)
        try self.init(destination: config.errorlog, level: config.loglevel, owner: (target?.uid, target?.gid))
    }

    /// Makes this log the destination of every `Logger` the process creates from now on.
    public func bootstrap() {
        LoggingSystem.bootstrap { [self] label in ErrorLogHandler(log: self, label: label) }
    }

    /// Opens the destination again, after logrotate moved the old file away (USR1).
    public func reopen() throws(ErrorLogError) {
        guard destination != "-" else { return }
        let fresh = try Self.open(destination)
        let old = descriptor.withLock { fd in
            defer { fd = fresh }
            return fd
        }
        close(old)
    }

    func write(_ line: String) {
        var line = line
        descriptor.withLock { fd in
            line.withUTF8 { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                    if written < 0 && errno == EINTR { continue }
                    guard written > 0 else { return }
                    offset += written
                }
            }
        }
    }

    /// Opens `destination` as root may: never through a symbolic link, never blocking (a FIFO with no
    /// reader fails at once instead of holding the start), and only a regular file with no other
    /// name (a hard link planted to another file would be appended to, and given to the server's user).
    private static func open(_ destination: String) throws(ErrorLogError) -> CInt {
        guard destination != "-" else { return STDERR_FILENO }
        let fd = Glibc.open(destination, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0o644)
        guard fd >= 0 else {
            if errno == ELOOP { throw .symbolicLink(destination) }
            if errno == ENXIO { throw .notARegularFile(destination) }
            throw .cannotOpen(destination, errno: errno)
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            close(fd)
            throw .cannotOpen(destination, errno: code)
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw .notARegularFile(destination)
        }
        guard info.st_nlink == 1 else {
            close(fd)
            throw .hardLinked(destination, links: Int(info.st_nlink))
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return fd
    }
}

/// Why the error log could not be opened.
public enum ErrorLogError: Error, CustomStringConvertible {
    case cannotOpen(String, errno: CInt)
    /// The path is a symbolic link, which the server never follows for its log: one planted in a
    /// writable folder would make a server started as root append to any file.
    case symbolicLink(String)
    /// The path is a FIFO, a device or a folder: a FIFO planted there would hang the start.
    case notARegularFile(String)
    /// The file has other names (hard links): one planted to another file would have the server
    /// append to it and give it to the server's user.
    case hardLinked(String, links: Int)
    /// The file could not be given to the server's user.
    case cannotChangeOwner(String, errno: CInt)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let code):
            "errorlog \(path): \(String(cString: strerror(code))) (check the folder exists and is writable, or set errorlog to -)"
        case .symbolicLink(let path):
            "errorlog \(path): is a symbolic link, which the server does not follow (set errorlog to the file itself)"
        case .notARegularFile(let path):
            "errorlog \(path): is not a regular file (a FIFO, a device or a folder); set errorlog to a file or to -"
        case .hardLinked(let path, let links):
            "errorlog \(path): the file has \(links) names (hard links), so it may be another file's; remove it and let the server create it"
        case .cannotChangeOwner(let path, let code):
            "errorlog \(path): cannot give it to the server's user: \(String(cString: strerror(code))) "
                + "(create it owned by that user, or set errorlog to -)"
        }
    }
}

extension LogLevel {
    var swiftLogLevel: Logger.Level {
        switch self {
        case .debug: .debug
        case .info: .info
        case .warning: .warning
        case .error: .error
        case .critical: .critical
        }
    }
}
