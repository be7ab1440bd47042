import Foundation
import Glibc
import Logging

/// One accepted control connection: a bounded request line in, the peer checked, one answer out.
struct ControlConnection {
    let fileDescriptor: CInt
    let socketPath: String

    func serve(allowedUID: uid_t, inbox: ControlInbox, logger: Logger) {
        var timeout = timeval(tv_sec: ControlServer.timeoutSeconds, tv_usec: 0)
        for option in [SO_RCVTIMEO, SO_SNDTIMEO] {
            setsockopt(fileDescriptor, SOL_SOCKET, option, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }
        let line: Data
        do {
            line = try readLine()
        } catch {
            answer(ControlAnswer.failure("\(error)"))
            return
        }
        let peer = peerCredentials()
        guard let peer, peer.uid == allowedUID || peer.uid == 0 else {
            let refusal = ControlRequestError.forbidden(peerUID: peer?.uid ?? UInt32.max, serverUID: allowedUID)
            logger.warning("""
                control socket \(socketPath): refused pid \(peer?.pid ?? 0) uid \(peer?.uid ?? UInt32.max): \
                only uid \(allowedUID) and root may use it
                """)
            answer(ControlAnswer.failure("\(refusal)", permissionDenied: true))
            return
        }
        let command: ControlCommand
        do {
            command = try ControlCommand(requestLine: line)
        } catch {
            answer(ControlAnswer.failure("\(error)"))
            return
        }
        logger.debug("control socket: \(command.name) from pid \(peer.pid) uid \(peer.uid)")
        guard let reply = inbox.submit(command, seconds: 2 * ControlServer.timeoutSeconds) else {
            answer(ControlAnswer.failure("the supervisor did not answer within \(2 * ControlServer.timeoutSeconds) s; see its error log"))
            return
        }
        answer(reply)
    }

    /// Bytes up to the first newline (or the end of the stream), at most `ControlCommand.maximumRequestBytes`.
    private func readLine() throws(ControlRequestError) -> Data {
        var line = Data()
        var buffer = [UInt8](repeating: 0, count: 1024)
        while true {
            let count = recv(fileDescriptor, &buffer, buffer.count, 0)
            if count < 0, errno == EINTR { continue }
            if count < 0, errno == EAGAIN || errno == EWOULDBLOCK { throw .timedOut(seconds: ControlServer.timeoutSeconds) }
            guard count > 0 else { break }
            line.append(contentsOf: buffer.prefix(count))
            if let newline = line.firstIndex(of: UInt8(ascii: "\n")) {
                line = line.prefix(upTo: newline)
                break
            }
            guard line.count < ControlCommand.maximumRequestBytes else { throw .tooLarge }
        }
        guard line.count < ControlCommand.maximumRequestBytes else { throw .tooLarge }
        return line
    }

    /// `struct ucred`, which Glibc's Swift module leaves out (it needs `_GNU_SOURCE`).
    private struct PeerCredentials {
        var pid: pid_t = 0
        var uid: uid_t = 0
        var gid: gid_t = 0
    }

    /// Who connected, as the kernel recorded it at `connect` (`SO_PEERCRED`).
    private func peerCredentials() -> PeerCredentials? {
        var credentials = PeerCredentials()
        var length = socklen_t(MemoryLayout<PeerCredentials>.size)
        guard getsockopt(fileDescriptor, SOL_SOCKET, SO_PEERCRED, &credentials, &length) == 0,
              length == MemoryLayout<PeerCredentials>.size else { return nil }
        return credentials
    }

    private func answer(_ data: Data) {
        let bytes = [UInt8](data) + [UInt8(ascii: "\n")]
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { send(fileDescriptor, $0.baseAddress! + written, $0.count - written, CInt(MSG_NOSIGNAL)) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return }
            written += count
        }
        lingerAfterAnswer()
    }

    /// Ends the answer and discards what the client still sends (bounded by bytes and the read
    /// timeout), so unread request bytes never turn the close into a reset that loses the answer.
    private func lingerAfterAnswer() {
        shutdown(fileDescriptor, CInt(SHUT_WR))
        var buffer = [UInt8](repeating: 0, count: 4096)
        var discarded = 0
        while discarded < 16 * ControlCommand.maximumRequestBytes {
            let count = recv(fileDescriptor, &buffer, buffer.count, 0)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return }
            discarded += count
        }
    }
}
