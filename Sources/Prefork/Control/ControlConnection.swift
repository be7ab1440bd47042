import FoundationEssentials
import Glibc
import Logging

/// One accepted control connection: a bounded request line in, the peer checked, one answer out.
///
/// The request line has `ControlServer.timeoutSeconds` in all, however the client spreads its bytes;
/// so has the answer's write, and the discard after it.
struct ControlConnection {
    let fileDescriptor: CInt
    let socketPath: String

    func serve(allowedUID: uid_t, inbox: ControlInbox, logger: Logger) {
        var timeout = timeval(tv_sec: ControlServer.timeoutSeconds, tv_usec: 0)
        setsockopt(fileDescriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let line: Data
        do {
            line = try readLine(until: ContinuousClock.now + .seconds(ControlServer.timeoutSeconds))
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

    /// Bytes up to the first newline (or the end of the stream), at most `ControlCommand.maximumRequestBytes`,
    /// all of them by `deadline`.
    private func readLine(until deadline: ContinuousClock.Instant) throws(ControlRequestError) -> Data {
        var line = Data()
        var buffer = [UInt8](repeating: 0, count: 1024)
        while true {
            guard waitReadable(until: deadline) else { throw .timedOut(seconds: ControlServer.timeoutSeconds) }
            let count = recv(fileDescriptor, &buffer, buffer.count, CInt(MSG_DONTWAIT))
            if count < 0, errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK { continue }
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

    /// Ends the answer and discards what the client still sends (bounded by bytes and by one
    /// timeout in all), so unread request bytes never turn the close into a reset that loses the answer.
    private func lingerAfterAnswer() {
        shutdown(fileDescriptor, CInt(SHUT_WR))
        let deadline = ContinuousClock.now + .seconds(ControlServer.timeoutSeconds)
        var buffer = [UInt8](repeating: 0, count: 4096)
        var discarded = 0
        while discarded < 16 * ControlCommand.maximumRequestBytes, waitReadable(until: deadline) {
            let count = recv(fileDescriptor, &buffer, buffer.count, CInt(MSG_DONTWAIT))
            if count < 0, errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK { continue }
            guard count > 0 else { return }
            discarded += count
        }
    }

    /// Whether the connection has bytes (or its end) to read before `deadline`.
    private func waitReadable(until deadline: ContinuousClock.Instant) -> Bool {
        while true {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { return false }
            let milliseconds = left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1
            var descriptor = pollfd(fd: fileDescriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, CInt(milliseconds))
            if ready < 0, errno == EINTR { continue }
            return ready > 0
        }
    }
}
