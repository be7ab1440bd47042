import NIOConcurrencyHelpers

import Glibc

/// The access log: one line per answered request, in a gunicorn `access_log_format`, buffered.
///
/// Lines are kept in memory and written when 32 KiB gather, on every server tick (about once a
/// second), on `flush()` and when the server has drained, so a clean exit loses none.
/// `reopen()` reopens the file after logrotate moved it (the supervisor's USR1).
public final class AccessLog: Sendable {
    /// `-` for standard output, or a file path appended to.
    public let destination: String
    let format: AccessLogFormat
    private let state: NIOLockedValueBox<Sink>
    private static let flushThreshold = 32 * 1024

    private struct Sink {
        var fd: CInt
        var pending: [UInt8] = []
    }

    /// Opens `destination` (`-` or a path) and compiles `format` (gunicorn's atoms).
    public init(destination: String, format: String) throws(AccessLogError) {
        self.destination = destination
        self.format = try AccessLogFormat(format)
        self.state = NIOLockedValueBox(Sink(fd: try Self.open(destination)))
    }

    /// The access log `config` asks for (`accesslog`, `access_log_format`), or nil when it is off.
    public convenience init?(settings config: HTTPSettings) throws(AccessLogError) {
        guard let destination = config.accesslog else { return nil }
        try self.init(destination: destination, format: config.accessLogFormat)
    }

    deinit {
        flush()
        state.withLockedValue { sink in
            if sink.fd != STDOUT_FILENO { close(sink.fd) }
        }
    }

    func write(_ entry: AccessLogEntry) {
        var line = ""
        line.reserveCapacity(160)
        format.render(entry, into: &line)
        line += "\n"
        state.withLockedValue { sink in
            sink.pending.append(contentsOf: line.utf8)
            if sink.pending.count >= Self.flushThreshold {
                Self.writeOut(&sink)
            }
        }
    }

    /// Writes every buffered line out.
    public func flush() {
        state.withLockedValue { Self.writeOut(&$0) }
    }

    /// Flushes, then reopens the file at `destination` so lines go to a new file after rotation.
    public func reopen() throws(AccessLogError) {
        guard destination != "-" else { return flush() }
        let fd = try Self.open(destination)
        state.withLockedValue { sink in
            Self.writeOut(&sink)
            close(sink.fd)
            sink.fd = fd
        }
    }

    private static func open(_ destination: String) throws(AccessLogError) -> CInt {
        if destination == "-" { return STDOUT_FILENO }
        let fd = Glibc.open(destination, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .cannotOpen(path: destination, errno: errno) }
        return fd
    }

    private static func writeOut(_ sink: inout Sink) {
        guard !sink.pending.isEmpty else { return }
        sink.pending.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(sink.fd, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { break }
                offset += written
            }
        }
        sink.pending.removeAll(keepingCapacity: true)
    }
}
