import FoundationEssentials
import Glibc

/// Sends one command to a supervisor's control socket and reads its answer, as `tagifai ctl` does.
public struct ControlClient: Sendable {
    /// The control socket's path.
    public let socketPath: String
    /// Seconds to wait for the answer: longer than the supervisor's own bound on answering.
    public var timeoutSeconds = 3 * ControlServer.timeoutSeconds

    public init(socketPath: String) { self.socketPath = socketPath }

    /// The answer's fields when it says `"ok": true`; throws the refusal otherwise.
    public func send(_ command: ControlCommand) throws(ControlClientError) -> [String: JSONValue] {
        let fd = socket(AF_UNIX, CInt(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .systemCall("socket", path: socketPath, errno: errno) }
        defer { close(fd) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        for option in [SO_RCVTIMEO, SO_SNDTIMEO] {
            setsockopt(fd, SOL_SOCKET, option, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }
        let address: SocketAddress
        do { address = try SocketAddress(unixPath: socketPath) } catch {
            throw .systemCall("address", path: socketPath, errno: ENAMETOOLONG)
        }
        guard address.withSockaddr({ connect(fd, $0, $1) }) == 0 else {
            switch errno {
            case ENOENT, ENOTDIR: throw .noSocket(path: socketPath)
            case ECONNREFUSED: throw .notRunning(path: socketPath)
            case EACCES, EPERM: throw .permissionDenied(path: socketPath, detail: nil)
            case let code: throw .systemCall("connect", path: socketPath, errno: code)
            }
        }
        let request = [UInt8](command.requestLine())
        var written = 0
        while written < request.count {
            let count = request.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + written, $0.count - written, CInt(MSG_NOSIGNAL)) }
            guard count > 0 else { throw .systemCall("send", path: socketPath, errno: errno) }
            written += count
        }
        let answer = try readAnswer(fd)
        guard let fields = JSONValue(parsing: answer)?.object, let ok = fields["ok"]?.bool else {
            throw .badAnswer(path: socketPath)
        }
        guard ok else {
            let message = fields["error"]?.string ?? "the server refused the command"
            if fields["permission_denied"]?.bool == true { throw .permissionDenied(path: socketPath, detail: message) }
            throw .refused(path: socketPath, message: message)
        }
        return fields
    }

    private func readAnswer(_ fd: CInt) throws(ControlClientError) -> Data {
        var answer = Data()
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count < 0, errno == EINTR { continue }
            if count < 0, errno == EAGAIN || errno == EWOULDBLOCK { throw .noAnswer(path: socketPath, seconds: timeoutSeconds) }
            if count < 0 { throw .systemCall("recv", path: socketPath, errno: errno) }
            if count == 0 { break }
            answer.append(contentsOf: buffer.prefix(count))
        }
        guard !answer.isEmpty else { throw .noAnswer(path: socketPath, seconds: timeoutSeconds) }
        return answer
    }
}
