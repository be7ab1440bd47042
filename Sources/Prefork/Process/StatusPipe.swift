import Glibc

/// A message a worker sends the supervisor on the status pipe.
public enum WorkerStatusMessage: Sendable, Equatable {
    /// The worker is accepting connections.
    case ready(pid: Int32)
    /// The worker cannot boot, with the reason; it exits next.
    case bootFailed(pid: Int32, message: String)

    /// The most bytes of a boot failure's message a line carries.
    static let messageBytes = 3000

    /// One line, short enough (under PIPE_BUF) that concurrent writers never interleave; a long
    /// message is cut at the last whole character within `messageBytes`.
    var line: String {
        switch self {
        case .ready(let pid):
            "ready \(pid)\n"
        case .bootFailed(let pid, let message):
            "bootfailed \(pid) " + message.replacingNewlines.prefix(utf8Bytes: Self.messageBytes) + "\n"
        }
    }

    init?(line: Substring) {
        let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, let pid = Int32(parts[1]) else { return nil }
        switch parts[0] {
        case "ready": self = .ready(pid: pid)
        case "bootfailed": self = .bootFailed(pid: pid, message: parts.count > 2 ? String(parts[2]) : "")
        default: return nil
        }
    }
}

extension String {
    fileprivate var replacingNewlines: String {
        String(map { $0.isNewline ? " " : $0 })
    }

    /// The longest prefix of whole characters that takes at most `limit` bytes in UTF-8.
    fileprivate func prefix(utf8Bytes limit: Int) -> Substring {
        var used = 0
        let end = firstIndex { character in
            used += character.utf8.count
            return used > limit
        }
        return self[..<(end ?? endIndex)]
    }
}

/// The pipe workers report readiness and boot failures on, so the supervisor wakes at once.
final class StatusPipe {
    let readEnd: CInt
    /// Inherited by every worker.
    let writeEnd: CInt
    private var pending: [UInt8] = []

    init() throws(SupervisorError) {
        (readEnd, writeEnd) = try openPipe(nonBlockingRead: true, nonBlockingWrite: false)
    }

    /// Complete messages received since the last call.
    func drain() -> [WorkerStatusMessage] {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(readEnd, &buffer, buffer.count)
            guard count > 0 else { break }
            pending += buffer.prefix(count)
        }
        guard let lastNewline = pending.lastIndex(of: UInt8(ascii: "\n")) else { return [] }
        let text = String(decoding: pending[...lastNewline], as: UTF8.self)
        pending.removeSubrange(...lastNewline)
        return text.split(separator: "\n").compactMap(WorkerStatusMessage.init(line:))
    }

    func close() {
        Glibc.close(readEnd)
        Glibc.close(writeEnd)
    }

    /// Writes one message from a worker.
    static func send(_ message: WorkerStatusMessage, to fd: CInt) {
        let bytes = Array(message.line.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }
}
